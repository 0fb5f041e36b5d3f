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
