"""The index's vocabulary of folded words (`SearchTerm`): which words it knows, and the nearest
known words of one it does not (typo tolerance, the first letter kept)."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from .models import SearchTerm
from .text import edit_distance

MAX_CORRECTIONS = 5


def allowed_typos(token: str) -> int:
    """How far a correction may be: none up to 2 letters, 1 edit up to 7, 2 from 8."""
    if len(token) <= 2 or token.isdigit():
        return 0
    return 1 if len(token) <= 7 else 2


def known(words) -> set[str]:
    return set(SearchTerm.objects.filter(word__in=list(words)).values_list("word", flat=True))


def _missing_one_letter(token: str, word: str) -> bool:
    """`word` is `token` with one letter added (a short syllable typed with a letter missing)."""
    return len(word) == len(token) + 1 and any(
        word[:i] + word[i + 1 :] == token for i in range(len(word))
    )


def nearest(token: str) -> list[str]:
    """Known words close to an unknown `token`, nearest first; none if some known word starts
    with it (it is being typed, and the engines match it as a prefix)."""
    typos = allowed_typos(token)
    if not typos:
        return []
    same_start = SearchTerm.objects.filter(word__startswith=token[0])
    if same_start.filter(word__startswith=token).exists():
        return []
    if len(token) <= 3:  # a short syllable: only a letter missing ("hc" is too short to guess)
        words = same_start.filter(length=len(token) + 1).values_list("word", flat=True)[:5000]
        return sorted(w for w in words if _missing_one_letter(token, w))[:MAX_CORRECTIONS]
    rows = same_start.filter(length__gte=len(token) - typos, length__lte=len(token) + typos)
    if connection.vendor == "postgresql" and len(token) >= 5:  # pg_trgm: the trigram index
        rows = (
            rows.filter(RawSQL("word %% %s", [token], output_field=BooleanField()))  # noqa: S611
            .annotate(
                similarity=RawSQL("similarity(word, %s)", [token], output_field=FloatField())  # noqa: S611
            )
            .order_by("-similarity")
        )
    words = list(rows.values_list("word", flat=True)[:5000])
    # nearest first; at one distance a letter missing (the commonest slip on a phone) before a
    # letter mistyped before a letter too many, then alphabetical (the same on every database)
    close = sorted(
        (edit_distance(token, w, typos), (len(w) <= len(token)) + (len(w) < len(token)), w)
        for w in words
    )
    return [w for distance, _slip, w in close if distance <= typos][:MAX_CORRECTIONS]
