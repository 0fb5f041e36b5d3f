"""Query and document text for Vietnamese search: folding, tokens, typo tolerance, highlights."""

from __future__ import annotations

import html
import re
import unicodedata

from django.utils.safestring import SafeString, mark_safe

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


# What an engine wraps around a match: private-use characters that text never needs, so the whole
# fragment can be escaped and only these become <mark> (the engine's own escaping, if any, is not
# trusted: noida-db, for one, has no `encoder="html"`).
MARK_START, MARK_END = "\ue000", "\ue001"


def marked_html(fragment: str) -> SafeString:
    """The one way a snippet becomes HTML: everything escaped, then the match markers -> <mark>."""
    text = html.escape(fragment or "")
    return mark_safe(  # noqa: S308 (escaped above; only our own tags are added)
        text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def highlight(text: str, query_tokens: list[str], width: int = 220) -> SafeString:
    """An HTML-escaped snippet of `text` around the first match, matches wrapped in <mark>."""
    if not text:
        return mark_safe("")
    words = list(re.finditer(r"\S+", text))
    folded = [fold_vietnamese(w.group()) for w in words]
    hits = [i for i, f in enumerate(folded) if any(t in f for t in query_tokens)]
    start = max(0, hits[0] - 8) if hits else 0
    out, length = [], 0
    for i in range(start, len(words)):
        word = unmarked(words[i].group())
        out.append(f"{MARK_START}{word}{MARK_END}" if i in hits else word)
        length += len(words[i].group()) + 1
        if length > width:
            out.append("…")
            break
    return marked_html(("… " if start else "") + " ".join(out))


def unmarked(text: str) -> str:
    """Text without the marker characters (a document that contains them cannot forge a tag)."""
    return text.replace(MARK_START, "").replace(MARK_END, "")
