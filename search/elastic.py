"""Elasticsearch 8 backend of the federated index (elasticsearch-dsl), used when SEARCH_URL is set.

Analyzer: standard tokenizer + lowercase + asciifolding (folds Vietnamese diacritics, đ → d) on
every text field, with an unfolded `.exact` subfield so "đường" ranks "Đường…" above "Dương…".
Indexes are versioned behind an alias; a rebuild fills a new index and swaps the alias atomically.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Completion, Date, Document, Integer, Keyword, Search, Text, analyzer

from hub.federation import home_path_of

from .text import MARK_END, MARK_START, marked_html, unmarked

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
        "title": unmarked(entry.title),  # a document cannot forge the engine's match markers
        "summary": unmarked(entry.summary),
        "body": entry.text_folded.strip(),
        "path": entry.path,
        "centre": home_path_of(entry.path),
        "field_id": entry.field_id,
        "year": entry.year,
        "published_at": entry.published_at,
        "suggest": {"input": [entry.title]},
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
    highlights: dict[int, str] = field(default_factory=dict)
    facets: dict[str, dict] = field(default_factory=dict)


def search(query: str, *, kind: str | None = None, size: int = 200) -> ElasticResults:
    s = Search(using=client(), index=alias()).query(
        "bool",
        should=[
            {
                "multi_match": {
                    "query": query,
                    "fields": ["title^3", "summary", "body"],
                    "fuzziness": "AUTO",
                    "operator": "and",
                }
            },
            {
                "multi_match": {
                    "query": query,
                    "fields": ["title.exact^6", "summary.exact^2"],
                    "type": "phrase",
                }
            },
            {"match_phrase": {"title": {"query": query, "boost": 3}}},
        ],
        minimum_should_match=1,
    )
    if kind:
        s = s.filter("term", kind=kind)
    s.aggs.bucket("kind", "terms", field="kind")
    s.aggs.bucket("field", "terms", field="field_id")
    s.aggs.bucket("year", "terms", field="year")
    s.aggs.bucket("centre", "terms", field="centre")
    s = s.highlight(
        "summary", "title", pre_tags=[MARK_START], post_tags=[MARK_END], encoder="default"
    )[:size]
    response = s.execute()
    out = ElasticResults(total=response.hits.total.value)
    for hit in response:
        pk = int(hit.meta.id)
        out.ids.append(pk)
        fragments = getattr(getattr(hit.meta, "highlight", None), "summary", None) or getattr(
            getattr(hit.meta, "highlight", None), "title", None
        )
        if fragments:
            out.highlights[pk] = marked_html(" … ".join(fragments))
    for name in ("kind", "field", "year", "centre"):
        out.facets[name] = {
            b.key: b.doc_count for b in getattr(response.aggregations, name).buckets
        }
    return out


def suggest(prefix: str, size: int = 8) -> list[str]:
    s = Search(using=client(), index=alias()).suggest(
        "titles", prefix, completion={"field": "suggest", "size": size}
    )
    response = s.execute()
    return [option.text for option in response.suggest.titles[0].options]
