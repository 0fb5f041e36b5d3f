"""The query plan (search/query.py) without a database: tone placement, Telex/VNI repair against
a vocabulary, corrections, relaxed matching."""

import unicodedata

import pytest

from search.query import canonical_tone, exact_words, plan, telex_repairs

VOCABULARY = {"hoc", "tieng", "anh", "nguoi", "cao", "tuoi", "viet", "nam", "huyet", "ap", "can"}
VOCABULARY |= {"cuoc", "truyen", "tuyen", "duong", "lang", "sach", "tu"}


def _known(words):
    return {w for w in words if w in VOCABULARY}


def _nearest(token):
    return {"truyn": ["truyen"], "cuc": ["cuoc"]}.get(token, [])


def _plan(query):
    return plan(query, vocabulary=(_known, _nearest))


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("hoà", "hòa"),
        ("hòa", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("loè", "lòe"),
        ("Hoàng", "hoàng"),  # a closed syllable: the tone stays on the second vowel
        ("quý", "quý"),  # qu + y: the u belongs to the consonant
        ("toán", "toán"),
        ("giỏi", "giỏi"),
        (unicodedata.normalize("NFD", "thuỷ"), "thủy"),
    ],
)
def test_one_tone_placement(typed, canonical):
    assert canonical_tone(typed) == canonical


def test_exact_words_are_nfc_and_lower_case():
    assert exact_words("Văn hoá ĐỌC, thuỷ-lợi") == ["văn", "hóa", "đọc", "thủy", "lợi"]


@pytest.mark.parametrize(
    ("typed", "repairs"),
    [
        ("hocj", ["hoc"]),
        ("nguwowif", ["nguoi"]),
        ("vieet", ["viet"]),
        ("vie6t", ["viet"]),
        ("dduwowngf", ["duong"]),
        ("laangf", ["lang"]),
        ("tu3", ["tu"]),
        ("huyeets", ["huyet"]),
        ("aps", ["ap"]),
        ("hoc", []),
    ],
)
def test_telex_and_vni_leftovers(typed, repairs):
    assert telex_repairs(typed) == repairs


def test_a_plan_repairs_only_unknown_words_and_offers_the_corrected_query():
    p = _plan("hocj tieengs anh")
    assert [t.options[0] for t in p.terms] == ["hoc", "tieng", "anh"]
    assert p.corrected_query == "hoc tieng anh"
    clean = _plan("học tiếng anh")
    assert clean.corrected_query == ""
    assert [t.exact for t in clean.terms] == ["học", "tiếng", ""]


def test_typos_and_exact_forms():
    p = _plan("tuyên truyn")
    assert [(t.typed, t.exact, t.options) for t in p.terms] == [
        ("tuyen", "tuyên", ["tuyen"]),
        ("truyn", "", ["truyen", "truyn"]),
    ]
    assert not p.terms[1].prefix("truyn") and not p.terms[0].prefix("tuyen")  # whole words
    typing = _plan("tuyen tr")  # the last word is still being typed: it may begin a word
    assert typing.terms[1].partial and typing.terms[1].prefix("tr")
    assert not _plan("tr tuyen").terms[0].partial


def test_how_many_words_must_match():
    assert [_plan(q).required() for q in ("a", "tu sach", "lam sao de do huyet ap")] == [1, 2, 6]
    assert [_plan(q).required(relaxed=True) for q in ("tu", "tu sach", "a b c", "a b c d e f")] == [
        1,
        1,
        2,
        3,
    ]


def test_symbols_and_repeats():
    assert _plan("!!! ??").terms == []
    assert [(t.typed, t.exact) for t in _plan("sach sách SACH").terms] == [("sach", "sách")]
