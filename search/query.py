"""What a learner typed, understood once for every engine (a `Plan`).

- Text is NFC and lower case; each word is folded (no diacritics, đ → d: the form every engine
  matches) and, when typed with diacritics, also kept in an exact form with one tone placement
  ("hoà" = "hòa", "thuỷ" = "thủy", "loè" = "lòe"), which ranks exact matches first.
- Leftovers of Telex and VNI typing on a phone ("hocj", "nguwowif", "vieet", "vie6t") are repaired
  when the repaired word is in the index's vocabulary and the typed one is not (Vietnamese writes
  one syllable per word, and no syllable has f, j, r, s, x or z after its vowel, or a digit).
- A word the vocabulary does not know gets its nearest vocabulary words, the first letter kept:
  one missing letter from 3 letters, one edit from 4, two from 8 (`search.vocabulary`).
- Engines match every word first; when that finds nothing, at least half of the words
  (`Plan.required(relaxed=True)`), ranked by how many matched, and the page says so.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field

from hub.text import fold_vietnamese

from .text import tokens
from .vocabulary import known as words_known
from .vocabulary import nearest as nearest_words

WORD = re.compile(r"\w+")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# an open syllable ending in oa, oe or uy (not "qu" + y): both tone placements are in use
OPEN_PAIR = re.compile(r"(?<!q)(o[ae]|uy)$")
VOWELS = set("aeiouy")
MAX_WORDS = 20


@functools.lru_cache(maxsize=20_000)  # a few thousand syllables make up most text
def canonical_tone(word: str) -> str:
    """The word in NFC, lower case, with the tone of an open oa/oe/uy syllable on its first vowel
    (the placement the product writes: hòa, lòe, thủy), whichever placement was typed."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = next((ch for ch in decomposed if ch in TONE_MARKS), None)
    if tone is None:
        return unicodedata.normalize("NFC", decomposed)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    pair = OPEN_PAIR.search(base)
    if pair is None:
        return unicodedata.normalize("NFC", decomposed)
    at = pair.start() + 1
    return unicodedata.normalize(
        "NFC",
        unicodedata.normalize("NFD", base[:at]) + tone + unicodedata.normalize("NFD", base[at:]),
    )


def exact_words(text: str) -> list[str]:
    """The words of `text` as typed (diacritics kept), in one normal form."""
    return [canonical_tone(w) for w in WORD.findall(unicodedata.normalize("NFC", text or ""))]


def telex_repairs(token: str) -> list[str]:
    """Folded words the token may have been meant as, if typed with Telex/VNI keys left in it."""
    found = []
    letters = token
    if re.search(r"[a-z]", token) and re.search(r"\d", token):  # VNI: digits are marks
        letters = re.sub(r"\d", "", token)
        found.append(letters)
    first_vowel = next((i for i, ch in enumerate(letters) if ch in VOWELS), None)
    if first_vowel is not None:
        head, tail = letters[: first_vowel + 1], letters[first_vowel + 1 :]
        tail = re.sub(r"[fjrsxz]", "", tail)  # tone keys typed after the vowel
        word = re.sub(r"([aeod])\1", r"\1", head + tail)  # aa â, ee ê, oo ô, dd đ
        word = re.sub(r"(?<=[aou])w", "", word).replace("w", "u")  # aw ă, ow ơ, uw ư, w ư
        found.append(word)
    return [w for w in dict.fromkeys(found) if w and w != token]


@dataclass
class Term:
    """One word of the query: its folded form as typed, its exact form ("" when typed without
    diacritics), and the folded forms an engine matches (the first is the best guess)."""

    typed: str
    exact: str = ""
    options: list[str] = field(default_factory=list)
    corrected: str = ""  # the word "did you mean" offers, if the typed one is unknown

    partial: bool = False  # the last word, not a word of the index but the start of some

    def prefix(self, option: str) -> bool:
        """Whether this option may also match longer words: only a last word still being typed
        ("tuyen truy" finds "truyen"); whole words and corrections match whole words only, so
        "lua" finds lúa, lửa and lừa but not luật."""
        return self.partial and option == self.typed


@dataclass
class Plan:
    raw: str
    terms: list[Term] = field(default_factory=list)

    def required(self, relaxed: bool = False) -> int:
        """How many of the words a document must match (all, or when relaxed at least half)."""
        count = len(self.terms)
        return max(1, math.ceil(count / 2)) if relaxed else count

    @property
    def corrected_query(self) -> str:
        """The query with every corrected word replaced ("did you mean"), or "" if none was."""
        if not any(term.corrected for term in self.terms):
            return ""
        return " ".join(term.corrected or term.typed for term in self.terms)

    @property
    def options(self) -> list[str]:
        return [option for term in self.terms for option in term.options]


def plan(raw: str, vocabulary=None) -> Plan:
    """The plan of a query. `vocabulary(words) -> set` says which folded words the index knows
    (one query for every word); `nearest(token) -> list` gives the vocabulary's nearest words."""
    known, nearest = vocabulary or (words_known, nearest_words)
    result = Plan(raw=raw)
    words = []
    for word in WORD.findall(unicodedata.normalize("NFC", raw or "").lower()):
        for token in tokens(word):
            exact = canonical_tone(word) if fold_vietnamese(word) != word else ""
            words.append((token, exact if exact and len(tokens(word)) == 1 else ""))
    first_exact: dict[str, str] = {}
    for token, exact in words:  # each folded word once, with the first exact form typed
        if not first_exact.get(token):
            first_exact[token] = exact
    words = list(first_exact.items())[:MAX_WORDS]
    candidates = {token for token, _exact in words}
    for token, _exact in words:
        candidates.update(telex_repairs(token))
    vocabulary_words = known(candidates)
    for position, (token, exact) in enumerate(words, 1):
        term = Term(typed=token, exact=exact, options=[token])
        if token not in vocabulary_words and not token.isdigit():
            repaired = [w for w in telex_repairs(token) if w in vocabulary_words]
            close = repaired or nearest(token)
            if close:
                term.options = [close[0], *[w for w in close[1:] if w != close[0]], token]
                term.corrected = close[0]
            elif position == len(words) and len(token) >= 2:
                term.partial = True  # nearest() found none because known words begin with it
        result.terms.append(term)
    return result
