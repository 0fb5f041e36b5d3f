"""Search over the database index: accent-free matching, typo tolerance, ranking that prefers
exact diacritics and title hits, facets, highlights, autocomplete.

Candidates come from the database's own full-text machinery: PostgreSQL (unaccent-folded weighted
tsvector with a GIN index, pg_trgm for typos and autocomplete), SQLite (FTS5 over the folded
columns), or a portable LIKE search elsewhere. One scoring step orders them, so every variant
behaves the same (the contract suite in tests/search runs against each)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, Count, FloatField, Q
from django.db.models.expressions import RawSQL

from .models import SearchEntry, SearchTerm
from .text import allowed_typos, edit_distance, exact_form, highlight, tokens

MAX_CANDIDATES = 2000


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    terms: list[str] = field(default_factory=list, repr=False)

    @cached_property
    def snippet(self) -> str:
        """Highlighted on demand: a page shows 10 of up to 300 hits (all 300 took 18 ms)."""
        return highlight(self.entry.summary or self.entry.title, self.terms)


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter] = field(default_factory=dict)
    corrected: dict[str, str] = field(default_factory=dict)


FTS = "search_searchentry_fts"  # SQLite FTS5 table (search/migrations/0002_engine_indexes.py)


_variants: dict[str, str] = {}


def variant() -> str:
    """Which implementation answers: PostgreSQL full text, SQLite FTS5, or the portable LIKE search."""
    name = str(connection.settings_dict["NAME"])
    if name not in _variants:
        if connection.vendor == "postgresql":
            _variants[name] = "postgresql"
        elif connection.vendor == "sqlite" and FTS in connection.introspection.table_names():
            _variants[name] = "sqlite-fts5"
        else:
            _variants[name] = "portable"
    return _variants[name]


def expand(token: str, known: set[str] | None = None) -> list[str]:
    """The token and vocabulary words within its allowed typos (`known`: vocabulary words among
    the query's tokens, looked up in one query by the caller)."""
    typos = allowed_typos(token)
    if known is None:
        known = set(SearchTerm.objects.filter(word=token).values_list("word", flat=True))
    if not typos or token in known:
        return [token]
    if connection.vendor == "postgresql":  # pg_trgm: similar words through the trigram index
        candidates = SearchTerm.objects.filter(
            length__gte=len(token) - typos, length__lte=len(token) + typos
        ).filter(RawSQL("word %% %s", [token], output_field=BooleanField()))  # noqa: S611 (params)
        candidates = candidates.annotate(
            similarity=RawSQL("similarity(word, %s)", [token], output_field=FloatField())  # noqa: S611
        ).order_by("-similarity")
        words = candidates.values_list("word", flat=True)[:200]
    else:  # same first letter, bounded length
        words = SearchTerm.objects.filter(
            word__startswith=token[0],
            length__gte=len(token) - typos,
            length__lte=len(token) + typos,
        ).values_list("word", flat=True)[:5000]
    # nearest first; among equals, the order above (most similar trigrams on PostgreSQL)
    close = sorted(((edit_distance(token, w, typos), w) for w in words), key=lambda dw: dw[0])
    return [token] + [w for d, w in close if d <= typos][:5]


ENGINE_CANDIDATES = 300  # engine-ranked variants: only the best few hundred are re-scored


def _matching(expanded: list[list[str]]) -> tuple[object, object]:
    """(every matching entry as a queryset, a function giving the best `limit` of a filtered
    queryset as (entries, engine relevance by pk))."""
    kind = variant()
    if kind == "postgresql":
        # prefix terms over the weighted tsvector (title A, summary B, body and PDF text C)
        query = " & ".join(
            "(" + " | ".join(f"{o}:*" for o in options) + ")" for options in expanded
        )
        tsquery = "to_tsquery('simple'::regconfig, %s)"
        matched = SearchEntry.objects.filter(
            RawSQL(f"search_vector @@ {tsquery}", [query], output_field=BooleanField())  # noqa: S611
        )

        def best(rows, limit, _filters):
            rows = rows.annotate(
                engine_rank=RawSQL(  # noqa: S611 (the query travels as a parameter)
                    f"ts_rank_cd(search_vector, {tsquery})", [query], output_field=FloatField()
                )
            ).order_by("-engine_rank", "-published_at")[: min(limit, ENGINE_CANDIDATES)]
            entries = list(rows)
            return entries, {e.pk: e.engine_rank for e in entries}

        return matched, best
    if kind == "sqlite-fts5":
        # prefix queries over the folded columns, BM25 with title hits weighing 10 times the body
        match = " AND ".join(
            "(" + " OR ".join(f'"{o}"*' for o in options) + ")" for options in expanded
        )
        fts = "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s"
        matched = SearchEntry.objects.filter(pk__in=RawSQL(fts, [match]))  # noqa: S611

        def best(rows, limit, filters):
            # FTS5 drives: the match, joined to the entries only for the kind/field filters
            where = "".join(f" AND e.{column} = %s" for column in filters)  # fixed column names
            sql = (
                "SELECT e.id, bm25(search_searchentry_fts, 10.0, 1.0) FROM search_searchentry_fts"  # noqa: S608
                " JOIN search_searchentry e ON e.id = search_searchentry_fts.rowid"
                " WHERE search_searchentry_fts MATCH %s" + where + " ORDER BY 2 LIMIT %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [match, *filters.values(), min(limit, ENGINE_CANDIDATES)])
                ranks = {pk: -bm25 for pk, bm25 in cursor.fetchall()}  # bm25: lower is better
            found = SearchEntry.objects.in_bulk(list(ranks))
            return [found[pk] for pk in ranks if pk in found], ranks

        return matched, best
    matched = SearchEntry.objects.all()
    for options in expanded:
        condition = Q(pk__in=[])
        for option in options:  # words starting with the token (typing "sac" finds "sach")
            condition |= Q(text_folded__contains=f" {option}")
        matched = matched.filter(condition)
    return matched, lambda rows, limit, _filters: (
        list(rows.order_by("-published_at")[:limit]),
        {},
    )


def search(
    raw_query: str,
    *,
    kind: str | None = None,
    field_id: int | None = None,
    limit: int = MAX_CANDIDATES,
) -> Results:
    query_tokens = tokens(raw_query)
    results = Results(query=raw_query)
    if not query_tokens:
        return results
    expanded = []
    known = set(SearchTerm.objects.filter(word__in=query_tokens).values_list("word", flat=True))
    for token in query_tokens:
        options = expand(token, known)
        if options[1:] and options[0] not in options[1:]:
            results.corrected[token] = options[1]
        expanded.append(options)
    matched, best = _matching(expanded)
    # facets over every match, in one GROUP BY (the listing below may be cut to the best few)
    groups = list(matched.values_list("kind", "field_id", "year").annotate(n=Count("id")))
    results.facets = {"kind": Counter(), "field": Counter(), "year": Counter()}
    for entry_kind, entry_field, year, n in groups:
        results.facets["kind"][entry_kind] += n
        if entry_field:
            results.facets["field"][entry_field] += n
        if year:
            results.facets["year"][year] += n
    filters = {name: value for name, value in (("kind", kind), ("field_id", field_id)) if value}
    candidates, engine_ranks = best(matched.filter(**filters), limit, filters)
    top_rank = max(engine_ranks.values(), default=0) or 1
    results.total = sum(
        n
        for entry_kind, entry_field, _year, n in groups
        if (not kind or entry_kind == kind) and (not field_id or entry_field == field_id)
    )
    exact_query = exact_form(raw_query)
    flat = [option for options in expanded for option in options]
    scored = []
    for entry in candidates:
        title_exact = exact_form(entry.title)
        score = 0.0
        for options in expanded:
            if any(f" {o} " in entry.title_folded for o in options):
                score += 3
            elif any(f" {o}" in entry.title_folded for o in options):
                score += 1.5
            score += min(3, sum(entry.text_folded.count(f" {o} ") for o in options)) * 0.5
        if exact_query and exact_query in title_exact:
            score += 6  # the words as typed, diacritics included, in the title
        elif any(word in title_exact.split() for word in exact_query.split()):
            score += 2
        if f" {' '.join(query_tokens)} " in entry.title_folded:
            score += 3
        if title_exact.startswith(exact_query):
            score += 2
        elif entry.title_folded.startswith(f" {' '.join(query_tokens)}"):
            score += 1.5  # the title begins with the words typed without diacritics
        score += engine_ranks.get(entry.pk, 0) / top_rank  # the engine's relevance breaks ties
        scored.append(Hit(entry, score, flat))
    scored.sort(
        key=lambda h: (-h.score, -(h.entry.published_at.timestamp() if h.entry.published_at else 0))
    )
    results.hits = scored
    return results


def autocomplete(prefix: str, limit: int = 8) -> list[str]:
    words = tokens(prefix)
    if not words:
        return []
    folded = " ".join(words)
    rows = SearchEntry.objects.all()
    if variant() == "sqlite-fts5":  # the words as a phrase in the title, the last one a prefix
        phrase = f'title_folded : "{folded}"*'
        fts = "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s"
        rows = rows.filter(pk__in=RawSQL(fts, [phrase]))  # noqa: S611 (the phrase is a parameter)
    else:  # PostgreSQL answers this LIKE from the title's trigram index
        rows = rows.filter(title_folded__contains=f" {folded}")
    rows = rows.order_by("-published_at")
    return list(dict.fromkeys(rows.values_list("title", flat=True)[: limit * 2]))[:limit]
