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
from django.db.models import BooleanField, Case, Count, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr

from hub.federation import home_path_of

from .models import SearchEntry
from .query import Plan
from .ranking import ranked
from .text import highlight, tokens

MAX_CANDIDATES = 2000


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    plan: Plan | None = field(default=None, repr=False)
    matched: int = 0

    @cached_property
    def snippet(self) -> str:
        """Highlighted on demand: a page shows 10 of up to 300 hits (all 300 took 18 ms)."""
        return highlight(self.entry.summary or self.entry.title, self.plan)


@dataclass
class Results:
    query: str
    plan: Plan | None = None
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter] = field(default_factory=dict)
    relaxed: bool = False


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


ENGINE_CANDIDATES = 300  # the best few hundred by the engine's own relevance are re-ranked


def _pg_group(term) -> str:
    return "(" + " | ".join(f"{o}:*" if term.prefix(o) else o for o in term.options) + ")"


def _fts_group(term) -> str:
    return "(" + " OR ".join(f'"{o}"*' if term.prefix(o) else f'"{o}"' for o in term.options) + ")"


def _like_group(term) -> Q:
    condition = Q(pk__in=[])
    for option in term.options:  # whole words, or words starting with a last word being typed
        condition |= Q(text_folded__contains=f" {option}" if term.prefix(option) else f" {option} ")
    return condition


TSQUERY = "to_tsquery('simple'::regconfig, %s)"
# Above this many matches, ranking every match by ts_rank_cd costs more than the page can wait
# (a two-word query matching a third of 100,000 documents: ~200 ms): the candidates are then the
# newest matches with every word in the title (trigram index on the folded title), topped up
# with the newest others. search.ranking orders them as usual.
LARGE_MATCHES = 2000


def _newest_title_matches(rows, plan, limit: int) -> list:
    in_title = Q()
    for term in plan.terms:
        any_option = Q(pk__in=[])
        for option in term.options:
            any_option |= Q(title_folded__contains=f" {option}")
        in_title &= any_option
    found = list(rows.filter(in_title).order_by("-published_at", "-pk")[:limit])
    if len(found) < limit:
        found += rows.exclude(pk__in=[e.pk for e in found]).order_by("-published_at", "-pk")[
            : limit - len(found)
        ]
    return found


FTS_IDS = "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s"


def _at_least(rows, parts: list[tuple[str, list]], required: int):
    """Rows matching at least `required` of the SQL conditions in `parts` (each (sql, params))."""
    if required >= len(parts):
        for sql, params in parts:
            rows = rows.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
        return rows
    total = " + ".join(f"(CASE WHEN {sql} THEN 1 ELSE 0 END)" for sql, _params in parts)
    params = [p for _sql, ps in parts for p in ps]
    return rows.filter(
        RawSQL(f"({total}) >= %s", [*params, required], output_field=BooleanField())  # noqa: S611
    )


def _matching(plan, relaxed: bool) -> tuple[object, object]:
    """(every matching entry as a queryset, a function giving the best `limit` of a filtered
    queryset as (entries, engine relevance by pk))."""
    kind = variant()
    required = plan.required(relaxed)
    if kind == "postgresql":
        groups = [_pg_group(term) for term in plan.terms]
        any_word = " | ".join(groups)
        # every word (one tsquery through the GIN index), or any word through the index and
        # then at least `required` of them
        matched = SearchEntry.objects.filter(
            RawSQL(  # noqa: S611 (the query travels as a parameter)
                f"search_vector @@ {TSQUERY}",
                [" & ".join(groups) if not relaxed else any_word],
                output_field=BooleanField(),
            )
        )
        if relaxed:
            matched = _at_least(
                matched, [(f"search_vector @@ {TSQUERY}", [g]) for g in groups], required
            )
        rank_query = any_word if relaxed else " & ".join(groups)

        def best(rows, limit, _filters, total=0):
            if total > LARGE_MATCHES and not relaxed:
                return _newest_title_matches(rows, plan, min(limit, ENGINE_CANDIDATES)), {}
            rows = rows.annotate(
                engine_rank=RawSQL(  # noqa: S611
                    f"ts_rank_cd(search_vector, {TSQUERY})", [rank_query], output_field=FloatField()
                )
            ).order_by("-engine_rank", "-published_at")[: min(limit, ENGINE_CANDIDATES)]
            entries = list(rows)
            return entries, {e.pk: e.engine_rank for e in entries}

        return matched, best
    if kind == "sqlite-fts5":
        groups = [_fts_group(term) for term in plan.terms]
        joined = (" OR " if relaxed else " AND ").join(groups)
        matched = SearchEntry.objects.filter(pk__in=RawSQL(FTS_IDS, [joined]))  # noqa: S611
        if relaxed:
            matched = _at_least(
                matched, [(f"search_searchentry.id IN ({FTS_IDS})", [g]) for g in groups], required
            )

        def best(_rows, limit, filters, _total=0):
            # FTS5 drives: BM25 (title hits weigh 10 times the body) over every match, joined to
            # the entries only for the filters (fixed column names; values as parameters)
            where, params = [], []
            for column in ("kind", "field_id", "year"):
                if filters.get(column):
                    where.append(f"e.{column} = %s")
                    params.append(filters[column])
            if filters.get("home"):
                where.append("e.path LIKE %s")
                params.append(f"{filters['home']}%")
            if relaxed:
                total = " + ".join(
                    f"(CASE WHEN e.id IN ({FTS_IDS}) THEN 1 ELSE 0 END)" for _ in groups
                )
                where.append(f"({total}) >= %s")
                params += [*groups, required]
            sql = (
                "SELECT e.id, bm25(search_searchentry_fts, 10.0, 1.0) FROM search_searchentry_fts"  # noqa: S608
                " JOIN search_searchentry e ON e.id = search_searchentry_fts.rowid"
                " WHERE search_searchentry_fts MATCH %s"
                + "".join(f" AND {w}" for w in where)
                + " ORDER BY 2 LIMIT %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [joined, *params, min(limit, ENGINE_CANDIDATES)])
                ranks = {pk: -bm25 for pk, bm25 in cursor.fetchall()}  # bm25: lower is better
            found = SearchEntry.objects.in_bulk(list(ranks))
            return [found[pk] for pk in ranks if pk in found], ranks

        return matched, best
    conditions = [_like_group(term) for term in plan.terms]
    matched = SearchEntry.objects.all()
    if relaxed:
        hits = sum((Case(When(c, then=Value(1)), default=Value(0)) for c in conditions), Value(0))
        matched = matched.annotate(word_hits=hits).filter(word_hits__gte=required)
    else:
        for condition in conditions:
            matched = matched.filter(condition)
    return matched, lambda rows, limit, _filters, _total=0: (
        list(rows.order_by("-published_at")[:limit]),
        {},
    )


FILTERS = ("kind", "field_id", "year", "home")
HOME_PATH_LENGTH = len(home_path_of("0" * 64))  # a site's home is at depth 2


def facet_counts(groups, filters: dict) -> tuple[dict[str, Counter], int]:
    """Counts per facet value over the matches, each facet with the other facets' filters
    applied (so a learner sees how many each choice would give), and the filtered total."""
    facets = {name: Counter() for name in FILTERS}
    total = 0
    for row in groups:
        values = dict(zip(FILTERS, row[:-1], strict=True))
        n = row[-1]
        passes = {name: not filters.get(name) or values[name] == filters[name] for name in FILTERS}
        for name in FILTERS:
            if values[name] and all(passes[other] for other in FILTERS if other != name):
                facets[name][values[name]] += n
        if all(passes.values()):
            total += n
    return facets, total


def _filtered(rows, filters: dict):
    conditions = {k: v for k, v in filters.items() if v and k != "home"}
    rows = rows.filter(**conditions)
    if filters.get("home"):
        rows = rows.filter(path__startswith=filters["home"])
    return rows


def search(
    raw_query: str = "",
    *,
    plan=None,
    filters: dict | None = None,
    own_home: str = "",
    limit: int = MAX_CANDIDATES,
) -> Results:
    """Entries matching every word of the query (or, if none does, at least half of them),
    ranked by search.ranking; `filters`: kind, field_id, year, home (a site's root path)."""
    from .query import plan as make_plan

    plan = plan or make_plan(raw_query)
    filters = {k: v for k, v in (filters or {}).items() if v}
    results = Results(query=plan.raw, plan=plan)
    if not plan.terms:
        return results
    for relaxed in (False, True):
        if relaxed and len(plan.terms) < 2:
            break
        matched, best = _matching(plan, relaxed)
        # facets over every match, in one GROUP BY (the listing below may be cut to the best few)
        groups = list(
            matched.annotate(home=Substr("path", 1, HOME_PATH_LENGTH))
            .values_list("kind", "field_id", "year", "home")
            .annotate(n=Count("id"))
        )
        if groups:
            results.relaxed = relaxed
            break
    if not groups:
        return results
    results.facets, results.total = facet_counts(groups, filters)
    candidates, engine_ranks = best(_filtered(matched, filters), limit, filters, results.total)
    results.hits = [
        Hit(entry, points, plan, matched_words)
        for entry, matched_words, points in ranked(candidates, plan, own_home, engine_ranks)
    ]
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
