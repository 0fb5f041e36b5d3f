"""Search over the database index: accent-free matching, typo tolerance, ranking that prefers
exact diacritics and title hits, facets, highlights, autocomplete. Portable (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from .models import SearchEntry, SearchTerm
from .text import allowed_typos, edit_distance, exact_form, highlight, tokens

MAX_CANDIDATES = 2000


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    snippet: str


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter] = field(default_factory=dict)
    corrected: dict[str, str] = field(default_factory=dict)


def expand(token: str) -> list[str]:
    """The token and vocabulary words within its allowed typos (same first letter)."""
    typos = allowed_typos(token)
    if not typos or SearchTerm.objects.filter(word=token).exists():
        return [token]
    candidates = SearchTerm.objects.filter(
        word__startswith=token[0], length__gte=len(token) - typos, length__lte=len(token) + typos
    ).values_list("word", flat=True)[:5000]
    close = sorted((edit_distance(token, w, typos), w) for w in candidates)
    return [token] + [w for d, w in close if d <= typos][:5]


def search(
    raw_query: str,
    *,
    paths: list[str] | None = None,
    kind: str | None = None,
    field_id: int | None = None,
    limit: int = MAX_CANDIDATES,
) -> Results:
    query_tokens = tokens(raw_query)
    results = Results(query=raw_query)
    if not query_tokens:
        return results
    entries = SearchEntry.objects.all()
    if paths:
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(path__startswith=path)
        entries = entries.filter(scope)
    expanded = []
    for token in query_tokens:
        options = expand(token)
        if options[1:] and options[0] not in options[1:]:
            results.corrected[token] = options[1]
        expanded.append(options)
        condition = Q(pk__in=[])
        for option in options:  # words starting with the token (typing "sac" finds "sach")
            condition |= Q(text_folded__contains=f" {option}")
        entries = entries.filter(condition)
    candidates = list(entries.order_by("-published_at")[:limit])
    results.facets = {
        "kind": Counter(e.kind for e in candidates),
        "field": Counter(e.field_id for e in candidates if e.field_id),
        "year": Counter(e.year for e in candidates if e.year),
        "path": Counter(e.path[:8] for e in candidates),
    }
    if kind:
        candidates = [e for e in candidates if e.kind == kind]
    if field_id:
        candidates = [e for e in candidates if e.field_id == field_id]
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
        scored.append(Hit(entry, score, highlight(entry.summary or entry.title, flat)))
    scored.sort(
        key=lambda h: (-h.score, -(h.entry.published_at.timestamp() if h.entry.published_at else 0))
    )
    results.hits = scored
    results.total = len(scored)
    return results


def autocomplete(prefix: str, limit: int = 8) -> list[str]:
    words = tokens(prefix)
    if not words:
        return []
    folded = " ".join(words)
    rows = SearchEntry.objects.filter(title_folded__contains=f" {folded}").order_by("-published_at")
    return list(dict.fromkeys(rows.values_list("title", flat=True)[: limit * 2]))[:limit]
