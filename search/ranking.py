"""One order for every engine: the engines find candidates, this module ranks them, so the
database variants and Elasticsearch give the same answers (they may differ in their own scores).

Most matched words first (it matters when the query was relaxed); then title over summary and
body, whole words over prefixes, the typed word over a guessed correction, the words with the
diacritics as typed over the same letters with other diacritics ("giỏi" before "giới"), the
query as a phrase in the title; the body counts little and only a few times, so a long PDF that
repeats a word cannot push a title match down; on a centre's site its own pages get a small lift
that never buries a better match from elsewhere."""

from __future__ import annotations

from .query import Plan

TITLE_WORD, TITLE_PREFIX = 3.0, 1.5
BODY_EACH, BODY_TIMES = 0.3, 3
EXACT_TITLE, EXACT_ANYWHERE = 3.0, 1.0
GUESSED = 0.7  # a correction of an unknown word counts this much of the word itself
OWN_CENTRE = 1.5


def _term_score(entry, term) -> tuple[bool, float]:
    best, matched = 0.0, False
    for i, option in enumerate(term.options):
        weight = 1.0 if i == 0 else GUESSED
        whole = f" {option} "
        score = 0.0
        if whole in entry.title_folded:
            score += TITLE_WORD
        elif term.prefix(option) and f" {option}" in entry.title_folded:
            score += TITLE_PREFIX
        body = entry.text_folded.count(whole)
        if not body and term.prefix(option) and f" {option}" in entry.text_folded:
            body = 1
        score += min(BODY_TIMES, body) * BODY_EACH
        if score:
            matched = True
            best = max(best, score * weight)
    if matched and term.exact:
        if f" {term.exact} " in entry.title_exact:
            best += EXACT_TITLE
        elif f" {term.exact} " in entry.exact_words:
            best += EXACT_ANYWHERE
    return matched, best


def score(entry, plan: Plan, own_home: str = "") -> tuple[int, float]:
    """(how many query words the entry matches, how well)."""
    matched, total = 0, 0.0
    for term in plan.terms:
        hit, points = _term_score(entry, term)
        matched += hit
        total += points
    exact_phrase = " ".join(term.exact or term.typed for term in plan.terms)
    folded_phrase = " ".join(term.options[0] for term in plan.terms)
    if len(plan.terms) > 1:
        if any(term.exact for term in plan.terms) and f" {exact_phrase} " in entry.title_exact:
            total += 6
        elif f" {folded_phrase} " in entry.title_folded:
            total += 3
    if entry.title_folded.startswith(f" {folded_phrase}"):
        total += 1.5
    if own_home and entry.path.startswith(own_home):
        total += OWN_CENTRE
    return matched, total


def ranked(entries, plan: Plan, own_home: str = "", engine_ranks=None) -> list[tuple]:
    """(entry, matched, score) best first; the engine's own relevance breaks ties a little."""
    engine_ranks = engine_ranks or {}
    top = max(engine_ranks.values(), default=0) or 1
    rows = []
    for entry in entries:
        matched, points = score(entry, plan, own_home)
        rows.append((entry, matched, points + 0.5 * engine_ranks.get(entry.pk, 0) / top))
    rows.sort(
        key=lambda row: (
            -row[1],
            -row[2],
            -(row[0].published_at.timestamp() if row[0].published_at else 0),
        )
    )
    return rows
