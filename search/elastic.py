"""Elasticsearch 8 backend of the federated index (elasticsearch-dsl), used when SEARCH_URL is set.

Analyzer: standard tokenizer + lowercase + asciifolding (folds Vietnamese diacritics, đ → d) on
every text field, with an unfolded `.exact` subfield. Text goes in as NFC. The engine finds
candidates and counts facets for the query plan (search/query.py); search/ranking.py orders them,
as it does for the database index, so both give the same answers.
Indexes are versioned behind an alias (`<SEARCH_INDEX>-<number>`): the first write or read of a
process makes sure the alias exists (on a fresh engine it creates `<SEARCH_INDEX>-0` with the
mapping and the alias in one request), then remembers it; a rebuild fills a new index and swaps the
alias atomically, deleting in the same step a concrete index that an older version left at the
alias name (docs/SEARCH.md, "A fresh install").
"""

from __future__ import annotations

import logging
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Completion, Date, Document, Integer, Keyword, Search, Text, analyzer

from hub.federation import home_path_of

logger = logging.getLogger(__name__)

folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])


class FederatedDocument(Document):
    kind = Keyword()
    title = Text(analyzer=folded, fields={"exact": Text(analyzer=exact)})
    summary = Text(analyzer=folded, fields={"exact": Text(analyzer=exact)})
    body = Text(analyzer=folded)
    path = Keyword()
    centre = Keyword()
    field_id = Integer()
    year = Integer()
    published_at = Date()
    suggest = Completion(analyzer=folded)


def client() -> Elasticsearch:
    return Elasticsearch(
        settings.SEARCH_URL, request_timeout=settings.SEARCH_TIMEOUT, max_retries=1
    )


def alias() -> str:
    return settings.SEARCH_INDEX


def to_source(entry) -> dict:
    """An index document from a database SearchEntry (the one place that knows both shapes)."""
    return {
        "_id": entry.page_id,
        "kind": entry.kind,
        # NFC: text some keyboards send decomposed matches like any other
        "title": unicodedata.normalize("NFC", entry.title),
        "summary": unicodedata.normalize("NFC", entry.summary),
        "body": entry.text_folded.strip(),
        "path": entry.path,
        "centre": home_path_of(entry.path),
        "field_id": entry.field_id,
        "year": entry.year,
        "published_at": entry.published_at,
        "suggest": {"input": [unicodedata.normalize("NFC", entry.title)]},
    }


# What this process knows about the alias, per (SEARCH_URL, SEARCH_INDEX): ALIAS once it exists
# (then nothing is checked again: writes carry require_alias, so if it disappears they fail instead
# of auto-creating a plain index, and the check runs again), STRAY when a concrete index holds the
# name (an install older than issue #24, until rebuild_search_index replaces it).
ALIAS, STRAY = "alias", "stray"
_known: dict[tuple[str, str], str] = {}


def _key() -> tuple[str, str]:
    return (settings.SEARCH_URL, alias())


def first_index() -> str:
    """The index made on first use: one fixed name, so processes that race to make it (the web
    server and the worker on a fresh install) end with one index, not one each."""
    return f"{alias()}-0"


def create_index(es: Elasticsearch, name: str, *, with_alias: bool = False) -> None:
    """An index with the project's analyzers and mapping; `with_alias`: the alias too, in the
    same request."""
    body = FederatedDocument._index.clone(name=name).to_dict()
    if with_alias:
        body["aliases"] = {alias(): {}}
    es.indices.create(index=name, **body)


def ensure_index(es: Elasticsearch | None = None) -> str:
    """Make sure the alias exists (the first write or read of the process; later ones cost
    nothing): ALIAS, or STRAY if a concrete index sits at its name (left as it is, so searches go
    on working, until a rebuild replaces it)."""
    key = _key()
    if key in _known:
        return _known[key]
    es = es or client()
    if es.indices.exists_alias(name=alias()):
        state = ALIAS
    elif es.indices.exists(index=alias()):
        logger.warning(
            "search index %s is a plain index, not an alias (written before the first rebuild): "
            "run `manage.py rebuild_search_index` to replace it",
            alias(),
        )
        state = STRAY
    else:
        try:
            create_index(es, first_index(), with_alias=True)
        except BadRequestError as error:
            if error.error != "resource_already_exists_exception":
                raise
            es.indices.put_alias(index=first_index(), name=alias())  # another process made it
        state = ALIAS
    _known[key] = state
    return state


def _forget() -> None:
    _known.pop(_key(), None)


def _with_index(action):
    """action(es, state) once the alias exists; once more after making it again if it went away
    meanwhile (indices deleted by hand while this process remembered it)."""
    es = client()
    try:
        return action(es, ensure_index(es))
    except NotFoundError as error:
        if error.error != "index_not_found_exception":
            raise
        _forget()
        return action(es, ensure_index(es))


def rebuild(entries) -> str:
    """Fill a new index and point the alias at it in one atomic step; returns the new index name.
    The indices behind the alias before, or a concrete index at the alias name (an older install),
    are deleted in that same step."""
    es = client()
    name = f"{alias()}-{int(time.time() * 1000)}"
    create_index(es, name)
    bulk(es, ({"_index": name, **to_source(e)} for e in entries), refresh=True)
    if es.indices.exists_alias(name=alias()):
        old = list(es.indices.get_alias(name=alias()).keys())
    elif es.indices.exists(index=alias()):
        old = [alias()]
    else:
        old = []
    # remove_index actions run first, so the alias may take the name of the index it replaces
    actions = [{"add": {"index": name, "alias": alias()}}] + [
        {"remove_index": {"index": o}} for o in old
    ]
    es.indices.update_aliases(actions=actions)
    _known[_key()] = ALIAS
    return name


def index_entry(entry) -> None:
    source = to_source(entry)
    page_id = source.pop("_id")
    _with_index(
        lambda es, state: es.index(
            index=alias(),
            id=page_id,
            document=source,
            refresh=True,
            require_alias=state == ALIAS,  # never auto-create a plain index at the alias name
        )
    )


def delete_entry(page_id: int) -> None:
    _with_index(
        lambda es, state: es.options(ignore_status=404).delete(
            index=alias(), id=page_id, refresh=True
        )
    )


@dataclass
class ElasticResults:
    ids: list[int] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict] = field(default_factory=dict)
    relaxed: bool = False


FACET_FIELDS = {"kind": "kind", "field_id": "field_id", "year": "year", "home": "centre"}


def _word(term) -> dict:
    """One query word: any of its folded forms in the title, summary or body (whole words, or
    the typed word as a prefix). No fuzziness: typos were resolved against the vocabulary, the
    same way for every engine (AUTO fuzziness floods short syllables)."""
    should = []
    for option in term.options:
        should.append({"multi_match": {"query": option, "fields": ["title^3", "summary", "body"]}})
        if term.prefix(option):
            should += [{"prefix": {"title": option}}, {"prefix": {"body": option}}]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _query(plan, required: int) -> dict:
    boosts = [
        {"match": {"title.exact": {"query": term.exact, "boost": 2}}}
        for term in plan.terms
        if term.exact
    ]
    words = {"bool": {"should": [_word(t) for t in plan.terms], "minimum_should_match": required}}
    return {"bool": {"must": [words], "should": boosts}}


def _filter_clauses(filters: dict, leave_out: str = "") -> list[dict]:
    return [
        {"term": {FACET_FIELDS[name]: value}}
        for name, value in filters.items()
        if value and name != leave_out
    ]


def search(plan, *, filters: dict | None = None, size: int = 300) -> ElasticResults:
    """Candidates for search.ranking (every word, or at least half when none matches them all),
    their filtered total, and each facet's counts with the other facets' filters applied."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    return _with_index(lambda es, _state: _search(es, plan, filters, size))


def _search(es: Elasticsearch, plan, filters: dict, size: int) -> ElasticResults:
    out = ElasticResults()
    for relaxed in (False, True):
        if relaxed and len(plan.terms) < 2:
            break
        aggs = {"matches": {"filter": {"match_all": {}}}}
        for name, source in FACET_FIELDS.items():
            aggs[name] = {
                "filter": {"bool": {"filter": _filter_clauses(filters, name)}},
                "aggs": {"values": {"terms": {"field": source, "size": 100}}},
            }
        response = es.search(
            index=alias(),
            query=_query(plan, plan.required(relaxed)),
            post_filter={"bool": {"filter": _filter_clauses(filters)}},
            aggs=aggs,
            size=size,
            source=False,
            track_total_hits=True,
        )
        if response["aggregations"]["matches"]["doc_count"]:
            out.relaxed = relaxed
            break
    else:
        return out
    out.total = response["hits"]["total"]["value"]
    out.ids = [int(hit["_id"]) for hit in response["hits"]["hits"]]
    for name in FACET_FIELDS:
        buckets = response["aggregations"][name]["values"]["buckets"]
        out.facets[name] = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
    return out


def suggest(prefix: str, size: int = 8) -> list[str]:
    prefix = unicodedata.normalize("NFC", prefix)
    response = _with_index(
        lambda es, _state: (
            Search(using=es, index=alias())
            .suggest("titles", prefix, completion={"field": "suggest", "size": size})
            .execute()
        )
    )
    return [option.text for option in response.suggest.titles[0].options]
