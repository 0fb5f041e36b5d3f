"""OAI-PMH 2.0 data provider for the federated library (oai_dc), so aggregators can harvest it.

`respond(params, ...)` is a plain function from request arguments to XML bytes; the view is a shell.
Datestamps are the items' last publication (UTC, seconds granularity). Deleted records are not
tracked (deletedRecord "no"): an unpublished item simply leaves later harvests.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405 (we only build XML, never parse untrusted input)
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import DateTimeField, Q
from django.db.models.functions import Coalesce

from hub.federation import centre_for_path, centres_by_root_path, network
from hub.models import Field
from hub.pagekit import public_only

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
for prefix, uri in (("", OAI_NS), ("oai_dc", OAI_DC_NS), ("dc", DC_NS), ("xsi", XSI_NS)):
    ET.register_namespace(prefix, uri)

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
DC_ELEMENTS = [
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
]
TOKEN_SALT = "oai-resumption"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = 24 * 3600


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message
        super().__init__(message)


@dataclass
class Context:
    base_url: str
    repository_id: str
    request: object = None
    page_size: int = 100


def _q(tag: str, ns: str = OAI_NS) -> str:
    return f"{{{ns}}}{tag}"


def _sub(parent, tag, text=None, ns=OAI_NS, **attrs):
    element = ET.SubElement(parent, _q(tag, ns), attrs)
    if text is not None:
        element.text = str(text)
    return element


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> tuple[datetime.datetime, str]:
    for fmt, granularity in (("%Y-%m-%dT%H:%M:%SZ", "seconds"), ("%Y-%m-%d", "day")):
        try:
            parsed = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        if granularity == "day" and end:
            parsed += datetime.timedelta(days=1) - datetime.timedelta(microseconds=1)
        return parsed, granularity
    raise OAIError(
        "badArgument", f"Invalid date '{value}': use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ."
    )


def _items():
    from .models import LibraryItemPage

    return public_only(
        LibraryItemPage.objects.live().annotate(
            stamp=Coalesce(
                "last_published_at",
                "first_published_at",
                "latest_revision_created_at",
                output_field=DateTimeField(),
            )
        )
    )


def _set_specs(item, centres) -> list[str]:
    specs = ["linh-vuc", f"linh-vuc:{item.field.slug}"]
    centre = centre_for_path(item.path, centres)
    if centre:
        specs += ["trung-tam", f"trung-tam:{centre.site.hostname.split('.')[0]}"]
    return specs


ID_DIGITS = re.compile(r"[1-9][0-9]{0,17}")


def _identifier(ctx: Context, item) -> str:
    return f"oai:{ctx.repository_id}:library/{item.pk}"


def _item_for(ctx: Context, identifier: str):
    prefix = f"oai:{ctx.repository_id}:library/"
    number = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    # ASCII digits only ("²" and "١٢" are str.isdigit()) and within a database integer
    if not ID_DIGITS.fullmatch(number):
        raise OAIError("idDoesNotExist", f"Unknown identifier '{identifier}'.")
    item = _items().filter(pk=int(number)).select_related("field", "document").first()
    if item is None:
        raise OAIError("idDoesNotExist", f"Unknown identifier '{identifier}'.")
    return item


def _check_prefix(prefix: str) -> None:
    if prefix != "oai_dc":
        raise OAIError(
            "cannotDisseminateFormat", f"Metadata format '{prefix}' is not supported; use oai_dc."
        )


def respond(
    params: dict[str, list[str]], ctx: Context, now: datetime.datetime | None = None
) -> bytes:
    now = now or datetime.datetime.now(datetime.UTC)
    root = ET.Element(
        _q("OAI-PMH"),
        {_q("schemaLocation", XSI_NS): f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"},
    )
    _sub(root, "responseDate", _stamp(now))
    request_el = _sub(root, "request", ctx.base_url)
    try:
        verb, args = _validate(params)
        for key, value in ({"verb": verb} | args).items():
            request_el.set(key, value)
        HANDLERS[verb](root, args, ctx)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            request_el.attrib.clear()
        _sub(root, "error", error.message, code=error.code)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _validate(params: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    verbs = params.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "Missing, repeated or unknown verb.")
    verb = verbs[0]
    required, optional = VERBS[verb]
    args = {}
    for key, values in params.items():
        if key == "verb":
            continue
        if key not in required | optional:
            raise OAIError("badArgument", f"Illegal argument '{key}' for {verb}.")
        if len(values) != 1:
            raise OAIError("badArgument", f"Repeated argument '{key}'.")
        args[key] = values[0]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, args
    missing = required - args.keys()
    if missing:
        raise OAIError(
            "badArgument", f"Missing required argument(s): {', '.join(sorted(missing))}."
        )
    return verb, args


def identify(root, args, ctx: Context) -> None:
    node = _sub(root, "Identify")
    _sub(node, "repositoryName", settings.OAI_REPOSITORY_NAME)
    _sub(node, "baseURL", ctx.base_url)
    _sub(node, "protocolVersion", "2.0")
    _sub(node, "adminEmail", settings.OAI_ADMIN_EMAIL)
    earliest = _items().order_by("stamp").values_list("stamp", flat=True).first()
    _sub(node, "earliestDatestamp", _stamp(earliest) if earliest else "2020-01-01T00:00:00Z")
    _sub(node, "deletedRecord", "no")
    _sub(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(root, args, ctx: Context) -> None:
    if "identifier" in args:
        _item_for(ctx, args["identifier"])
    node = _sub(root, "ListMetadataFormats")
    fmt = _sub(node, "metadataFormat")
    _sub(fmt, "metadataPrefix", "oai_dc")
    _sub(fmt, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _sub(fmt, "metadataNamespace", OAI_DC_NS)


def list_sets(root, args, ctx: Context) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "ListSets is never split; this token is not valid.")
    node = _sub(root, "ListSets")
    for spec, name in _all_sets():
        item = _sub(node, "set")
        _sub(item, "setSpec", spec)
        _sub(item, "setName", name)


def _all_sets() -> list[tuple[str, str]]:
    sets = [("linh-vuc", "Lĩnh vực")]
    sets += [(f"linh-vuc:{f.slug}", f.name) for f in Field.objects.cached()]
    sets.append(("trung-tam", "Trung tâm học tập cộng đồng"))
    sets += [
        (f"trung-tam:{c.site.hostname.split('.')[0]}", c.title) for c in network().centres_by_name
    ]
    return sets


def _filtered(args: dict) -> object:
    items = _items()
    granularities = set()
    if "from" in args:
        start, g = _parse_date(args["from"], end=False)
        granularities.add(g)
        items = items.filter(stamp__gte=start)
    if "until" in args:
        end, g = _parse_date(args["until"], end=True)
        granularities.add(g)
        items = items.filter(stamp__lte=end)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if "from" in args and "until" in args and start > end:
        raise OAIError("badArgument", "from is later than until.")
    spec = args.get("set")
    if spec:
        items = _filter_set(items, spec)
    return items


def _filter_set(items, spec: str):
    if spec in ("linh-vuc", "trung-tam"):
        return items
    kind, _sep, value = spec.partition(":")
    if kind == "linh-vuc" and value:
        return items.filter(field__slug=value)
    if kind == "trung-tam" and value:
        for centre in centres_by_root_path().values():
            if centre.site.hostname.split(".")[0] == value:
                return items.filter(path__startswith=centre.root_path)
    raise OAIError("noRecordsMatch", f"No records in set '{spec}'.")


def _list(root, args, ctx: Context, *, records: bool) -> None:
    verb = "ListRecords" if records else "ListIdentifiers"
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
            filters = state["args"]
        except (signing.BadSignature, KeyError, TypeError) as error:
            raise OAIError(
                "badResumptionToken", "The resumptionToken is invalid or has expired."
            ) from error
    else:
        _check_prefix(args["metadataPrefix"])
        filters, state = {k: v for k, v in args.items() if k != "metadataPrefix"}, {"cursor": 0}
    items = _filtered(filters)
    total = items.count()
    page = items
    if state.get("after"):
        stamp = datetime.datetime.fromisoformat(state["after"][0])
        page = page.filter(Q(stamp__gt=stamp) | Q(stamp=stamp, pk__gt=state["after"][1]))
    page = list(
        page.select_related("field", "document")
        .prefetch_related("tagged_items__tag")
        .order_by("stamp", "pk")[: ctx.page_size + 1]
    )
    if not page:
        raise OAIError("noRecordsMatch", "No records match the request.")
    more = len(page) > ctx.page_size
    page = page[: ctx.page_size]
    centres = centres_by_root_path(ctx.request)
    node = _sub(root, verb)
    for item in page:
        item.centre = centre_for_path(item.path, centres)
        parent = _sub(node, "record") if records else node
        _header(parent, item, ctx, centres)
        if records:
            _metadata(_sub(parent, "metadata"), item, ctx)
    cursor = state.get("cursor", 0)
    if more or cursor:
        token_el = _sub(node, "resumptionToken", completeListSize=str(total), cursor=str(cursor))
        if more:
            last = page[-1]
            token_el.text = signing.dumps(
                {
                    "args": filters,
                    "after": [last.stamp.isoformat(), last.pk],
                    "cursor": cursor + len(page),
                },
                salt=TOKEN_SALT,
                compress=True,
            )


def _header(parent, item, ctx: Context, centres) -> None:
    header = _sub(parent, "header")
    _sub(header, "identifier", _identifier(ctx, item))
    _sub(header, "datestamp", _stamp(item.stamp))
    for spec in _set_specs(item, centres):
        _sub(header, "setSpec", spec)


def _metadata(parent, item, ctx: Context) -> None:
    dc = ET.SubElement(
        parent,
        _q("dc", OAI_DC_NS),
        {
            _q(
                "schemaLocation", XSI_NS
            ): f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
        },
    )
    values = item.dublin_core(ctx.request)
    for element in DC_ELEMENTS:
        for value in values.get(element, []):
            if value:
                _sub(dc, element, value, ns=DC_NS)


def get_record(root, args, ctx: Context) -> None:
    _check_prefix(args["metadataPrefix"])
    item = _item_for(ctx, args["identifier"])
    centres = centres_by_root_path(ctx.request)
    item.centre = centre_for_path(item.path, centres)
    record = _sub(_sub(root, "GetRecord"), "record")
    _header(record, item, ctx, centres)
    _metadata(_sub(record, "metadata"), item, ctx)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": lambda root, args, ctx: _list(root, args, ctx, records=False),
    "ListRecords": lambda root, args, ctx: _list(root, args, ctx, records=True),
    "GetRecord": get_record,
}
