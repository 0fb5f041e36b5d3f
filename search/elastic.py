"""Elasticsearch 8 backend of the federated index (elasticsearch-dsl), used when SEARCH_URL is set.

Analyzer: standard tokenizer + lowercase + asciifolding (folds Vietnamese diacritics, đ → d) on
every text field, with an unfolded `.exact` subfield. Text goes in as NFC. The engine finds
candidates and counts facets for the query plan (search/query.py); search/ranking.py orders them,
as it does for the database index, so both give the same answers.
Indexes are versioned behind an alias; a rebuild fills a new index and swaps the alias atomically.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Completion, Date, Document, Integer, Keyword, Search, Text, analyzer

from hub.federation import home_path_of

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


def rebuild(entries) -> str:
    """Fill a new index and point the alias at it in one atomic step; returns the new index name."""
    es = client()
    name = f"{alias()}-{int(time.time() * 1000)}"
    FederatedDocument.init(index=name, using=es)
    bulk(es, ({"_index": name, **to_source(e)} for e in entries), refresh=True)
    old = (
        list(es.indices.get_alias(name=alias()).keys())
        if es.indices.exists_alias(name=alias())
        else []
    )
    actions = [{"add": {"index": name, "alias": alias()}}] + [
        {"remove": {"index": o, "alias": alias()}} for o in old
    ]
    es.indices.update_aliases(actions=actions)
    for o in old:
        es.indices.delete(index=o)
    return name


def index_entry(entry) -> None:
    es = client()
    source = to_source(entry)
    es.index(index=alias(), id=source.pop("_id"), document=source, refresh=True)


def delete_entry(page_id: int) -> None:
    client().delete(index=alias(), id=page_id, ignore_status=404, refresh=True)


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
    es = client()
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
    s = Search(using=client(), index=alias()).suggest(
        "titles", prefix, completion={"field": "suggest", "size": size}
    )
    response = s.execute()
    return [option.text for option in response.suggest.titles[0].options]
