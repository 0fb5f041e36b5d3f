"""OAI-PMH: every verb and error, resumption tokens, and schema-valid responses."""

from pathlib import Path

import pytest
from lxml import etree

from library.factories import publish_item
from library.models import LibraryItemPage
from library.oai import DC_ELEMENTS
from tests.library.conftest import library_of

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "var" / "schemas" / "OAI-PMH.xsd"
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}


@pytest.fixture(scope="module")
def schema():
    assert SCHEMA_PATH.exists(), "make test fetches the schema (scripts/fetch-schemas.sh)"
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def harvest(client, schema, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    doc = etree.fromstring(response.content)
    schema.assertValid(doc)
    for dc in doc.iterfind(".//oai_dc:dc", NS):  # every child is one of the 15 DC elements
        assert dc.getchildren(), "empty oai_dc record"
        for child in dc:
            assert (
                etree.QName(child).namespace == NS["dc"]
                and etree.QName(child).localname in DC_ELEMENTS
            )
    return doc


def error_code(doc):
    error = doc.find("o:error", NS)
    return error.get("code") if error is not None else None


def test_identify(client, schema):
    doc = harvest(client, schema, verb="Identify")
    assert doc.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert doc.findtext("o:Identify/o:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert doc.findtext("o:Identify/o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert doc.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(client, schema):
    doc = harvest(client, schema, verb="ListMetadataFormats")
    assert doc.findtext(".//o:metadataPrefix", namespaces=NS) == "oai_dc"
    sets = [s.text for s in harvest(client, schema, verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert "linh-vuc:phap-luat" in sets and "trung-tam:lam-ha" in sets and len(sets) == 2 + 8 + 8


def test_list_records_covers_every_centre_and_maps_dublin_core(client, schema):
    doc = harvest(client, schema, verb="ListRecords", metadataPrefix="oai_dc")
    records = doc.findall(".//o:record", NS)
    assert len(records) == LibraryItemPage.objects.live().count() == 24
    centres = {
        s.text for s in doc.iterfind(".//o:header/o:setSpec", NS) if s.text.startswith("trung-tam:")
    }
    assert len(centres) == 8
    first = records[0]
    assert first.findtext(".//dc:title", namespaces=NS)
    assert first.findtext(".//dc:type", namespaces=NS) == "Text"
    assert first.findtext(".//dc:identifier", namespaces=NS).startswith("http://")


def test_get_record_and_list_identifiers_agree(client, schema, centre_a):
    ids = [
        i.text
        for i in harvest(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(
            ".//o:header/o:identifier", NS
        )
    ]
    assert ids[0].startswith("oai:localhost:library/")
    doc = harvest(client, schema, verb="GetRecord", identifier=ids[0], metadataPrefix="oai_dc")
    assert doc.findtext(".//o:header/o:identifier", namespaces=NS) == ids[0]
    harvest(client, schema, verb="ListMetadataFormats", identifier=ids[0])


def test_resumption_tokens_page_through_everything_once(client, schema, settings, centre_a):
    settings.OAI_PAGE_SIZE = 5
    for _ in range(3):
        publish_item(library_of(centre_a), collection=centre_a.collection)
    seen, params, pages = [], {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, 0
    while True:
        doc = harvest(client, schema, **params)
        pages += 1
        seen += [i.text for i in doc.iterfind(".//o:header/o:identifier", NS)]
        token = doc.find(".//o:resumptionToken", NS)
        assert token.get("completeListSize") == "27"
        if not token.text:
            assert token.get("cursor") == "25"
            break
        params = {"verb": "ListIdentifiers", "resumptionToken": token.text}
    assert pages == 6 and len(seen) == len(set(seen)) == 27


def test_set_and_date_filters(client, schema, centre_a):
    doc = harvest(
        client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc", set="trung-tam:lam-ha"
    )
    assert len(doc.findall(".//o:header", NS)) == 3
    doc = harvest(
        client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc", set="linh-vuc:phap-luat"
    )
    assert (
        len(doc.findall(".//o:header", NS))
        == LibraryItemPage.objects.filter(field__slug="phap-luat").count()
    )
    assert (
        error_code(
            harvest(
                client,
                schema,
                verb="ListRecords",
                metadataPrefix="oai_dc",
                **{"from": "2099-01-01"},
            )
        )
        == "noRecordsMatch"
    )
    doc = harvest(
        client,
        schema,
        verb="ListRecords",
        metadataPrefix="oai_dc",
        **{"from": "2000-01-01", "until": "2099-12-31"},
    )
    assert len(doc.findall(".//o:record", NS)) == 24


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "hôm qua"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-02",
                "until": "2025-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "abc"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "resumptionToken": "abc", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:localhost:library/999999",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:khac:library/1", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "trung-tam:khong-co"},
            "noRecordsMatch",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "khong-hop-le"}, "idDoesNotExist"),
        # digits Python calls digits but int() or the database would not take (were 500s)
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:localhost:library/²",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:localhost:library/١٢",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:localhost:library/" + "9" * 23,
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        (
            {"verb": "ListMetadataFormats", "identifier": "oai:localhost:library/0"},
            "idDoesNotExist",
        ),
    ],
)
def test_errors(client, schema, params, code):
    doc = harvest(client, schema, **params)
    assert error_code(doc) == code
    if code in ("badVerb", "badArgument"):
        assert dict(doc.find("o:request", NS).attrib) == {}


def test_repeated_arguments_and_post(client, schema):
    response = client.get("/oai/?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badVerb"
    response = client.post("/oai/", {"verb": "Identify"})
    doc = etree.fromstring(response.content)
    schema.assertValid(doc)
    assert doc.find("o:Identify", NS) is not None


def _identifiers(client, schema):
    return [
        i.text
        for i in harvest(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(
            ".//o:header/o:identifier", NS
        )
    ]


def test_private_and_unpublished_items_are_not_harvested(client, schema, centre_a):
    from wagtail.models import PageViewRestriction

    item = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    item.unpublish()
    ids = _identifiers(client, schema)
    assert f"oai:localhost:library/{item.pk}" not in ids and len(ids) == 23
    private = LibraryItemPage.objects.live().descendant_of(centre_a.site.root_page).first()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    ids_now = _identifiers(client, schema)
    assert f"oai:localhost:library/{private.pk}" not in ids_now
    assert sorted(ids_now) == sorted(i for i in ids if i != f"oai:localhost:library/{private.pk}")
    for hidden in (item, private):
        doc = harvest(
            client,
            schema,
            verb="GetRecord",
            identifier=f"oai:localhost:library/{hidden.pk}",
            metadataPrefix="oai_dc",
        )
        assert error_code(doc) == "idDoesNotExist" and doc.find(".//o:record", NS) is None


def test_query_count_is_constant(client, centre_a, django_assert_max_num_queries):
    client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    with django_assert_max_num_queries(8):
        client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    for _ in range(10):
        publish_item(library_of(centre_a), collection=centre_a.collection)
    # publishing renewed the content version: the first request reloads the process's copy of
    # the network (hub.federation.network), once, whatever the number of items
    client.get("/oai/", {"verb": "Identify"})
    with django_assert_max_num_queries(8):
        client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
