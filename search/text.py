"""Query and document text for Vietnamese search: folding, tokens, typo tolerance, highlights."""

from __future__ import annotations

import html
import re
import unicodedata

from hub.text import fold_vietnamese

TOKEN = re.compile(r"[0-9a-z]+")
MAX_QUERY = 200


def tokens(text: str) -> list[str]:
    """Folded word tokens; Lucene/SQL syntax is just punctuation here ("title:(a OR" → title, a, or)."""
    return TOKEN.findall(fold_vietnamese(text or ""))


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched (whitespace folded, at most 200 characters) and whether it was cut."""
    text = " ".join((raw or "").split())
    return text[:MAX_QUERY], len(text) > MAX_QUERY


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_typos(token: str) -> int:
    return 0 if len(token) <= 3 else 1 if len(token) <= 6 else 2


def exact_form(text: str) -> str:
    """Lower case with diacritics kept (NFC), for ranking "đường" above "dương"."""
    return unicodedata.normalize("NFC", (text or "").lower())


def highlight(text: str, query_tokens: list[str], width: int = 220) -> str:
    """An HTML-escaped snippet of `text` around the first match, matches wrapped in <mark>."""
    if not text:
        return ""
    words = list(re.finditer(r"\S+", text))
    folded = [fold_vietnamese(w.group()) for w in words]
    hits = [i for i, f in enumerate(folded) if any(t in f for t in query_tokens)]
    start = max(0, hits[0] - 8) if hits else 0
    out, length = [], 0
    for i in range(start, len(words)):
        word = html.escape(words[i].group())
        out.append(f"<mark>{word}</mark>" if i in hits else word)
        length += len(words[i].group()) + 1
        if length > width:
            out.append("…")
            break
    return ("… " if start else "") + " ".join(out)
