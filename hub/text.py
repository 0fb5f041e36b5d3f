"""Vietnamese text helpers shared by slugs, search and imports."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold_vietnamese(text: str) -> str:
    """Lower-case and strip diacritics, mapping đ/Đ to d ("Đường Lam Hạ" -> "duong lam ha")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def vietnamese_slug(text: str) -> str:
    """An ASCII slug that keeps Vietnamese words readable: "Phường Lam Hạ" -> "phuong-lam-ha"."""
    return _NON_SLUG.sub("-", fold_vietnamese(text)).strip("-")


def visible_text(text: str) -> str:
    """Text as people see it: NFC (one form for "ộ" whatever the keyboard sent) and without
    invisible format characters (right-to-left overrides and isolates, zero-width spaces and
    joiners, soft hyphens, byte-order marks), which can disguise a name or a link."""
    composed = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in composed if unicodedata.category(ch) != "Cf")


def _vietnamese_letters() -> dict[str, str]:
    """Every accented Vietnamese letter (both cases, NFC) and the letter `vietnamese_slug` gives it."""
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {}
    for vowel in "aăâeêioôơuưy":
        for tone in tones:
            for case in (vowel, vowel.upper()):
                letter = unicodedata.normalize("NFC", case + tone)
                if len(letter) == 1 and not letter.isascii():
                    letters[letter] = fold_vietnamese(letter)
    letters.update({"đ": "d", "Đ": "d"})
    return letters


def slug_formatters() -> list[tuple[str, str]]:
    """(pattern, replacement) pairs for Wagtail's SlugInput(formatters=…): the admin's slug field,
    filled from the title or typed, folds Vietnamese the way `vietnamese_slug` does ("Khai giảng
    lớp" -> "khai-giang-lop") instead of dropping the accented letters ("khai-ging-lp"). The
    combining marks of decomposed (NFD) text go too. tests/hub/test_page_slugs.py checks both
    rules agree."""
    by_base: dict[str, list[str]] = {}
    for letter, base in _vietnamese_letters().items():
        by_base.setdefault(base, []).append(letter)
    pairs = [(f"[{''.join(sorted(letters))}]", base) for base, letters in sorted(by_base.items())]
    # then, as vietnamese_slug: one "-" between words whatever stood there ("áp – bài" gave
    # "ap--bai"), none at the ends
    return [*pairs, ("[\u0300-\u036f]", ""), ("[^A-Za-z0-9]+", "-"), ("^-+|-+$", "")]
