"""Query and document text for Vietnamese search: folding, tokens, typo tolerance, highlights."""

from __future__ import annotations

import html
import re

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


def _matches(word: str, plan) -> bool:
    """Whether a word of the text is one the query matched: whole words only, or words that
    begin with a last word still being typed (Term.prefix: "tuyen truy" marks "truyền")."""
    for token in tokens(word):
        for term in plan.terms:
            for option in term.options:
                if token == option or (term.prefix(option) and token.startswith(option)):
                    return True
    return False


def highlight(text: str, plan, width: int = 220) -> SafeString:
    """An HTML-escaped snippet of `text` around the first match, each matched word wrapped
    whole in <mark> (never a fragment of a word)."""
    if not text:
        return mark_safe("")
    words = list(re.finditer(r"\S+", text))
    hits = {i for i, w in enumerate(words) if plan is not None and _matches(w.group(), plan)}
    start = max(0, min(hits) - 8) if hits else 0
    out, length = [], 0
    for i in range(start, len(words)):
        word = unmarked(words[i].group())
        if i in hits:  # punctuation stays outside the mark: "<mark>sách</mark>,"
            core = re.match(r"^(\W*)(.*?)(\W*)$", word)
            word = f"{core.group(1)}{MARK_START}{core.group(2)}{MARK_END}{core.group(3)}"
        out.append(word)
        length += len(words[i].group()) + 1
        if length > width:
            out.append("…")
            break
    return marked_html(("… " if start else "") + " ".join(out))


def unmarked(text: str) -> str:
    """Text without the marker characters (a document that contains them cannot forge a tag)."""
    return text.replace(MARK_START, "").replace(MARK_END, "")
