"""The database fallback's engine-specific parts: PostgreSQL (unaccent + pg_trgm + full text) under
`make test`'s PostgreSQL run, SQLite FTS5 under its SQLite run (scripts/test.sh runs the search
tests on both). Each test belongs to one vendor; the other run skips it by vendor, not for want of
a server."""

import unicodedata

import pytest
from django.db import connection

from search import database, vocabulary
from search.models import SearchEntry
from search.text import tokens

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL run only (make test runs both)"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite run only (make test runs both)"
)


def test_variant_follows_the_database():
    assert (
        database.variant()
        == {"postgresql": "postgresql", "sqlite": "sqlite-fts5"}[connection.vendor]
    )


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the demo is too small to need indexes
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgres
@pytest.mark.parametrize(
    "text",
    [
        "Tủ sách CỘNG ĐỒNG: hướng dẫn",
        unicodedata.normalize("NFD", "Đường làng ngõ xóm"),  # decomposed, as pasted from macOS
        "COVID-19 và e-learning, năm 2024!",
        "Ưu tiên người cao tuổi ở Phủ Lý",
    ],
)
def test_postgres_folding_matches_python(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT hoctap_fold(%s)", [text])
        assert cursor.fetchone()[0] == " ".join(tokens(text))


@on_postgres
def test_postgres_uses_the_vector_and_trigram_indexes():
    plan = explain(
        "SELECT id FROM search_searchentry WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)",
        ["(tu:*) & (sach:*)"],
    )
    assert "search_entry_vector" in plan
    plan = explain("SELECT id FROM search_searchentry WHERE title_folded LIKE %s", ["% tu sa%"])
    assert "search_entry_title_trgm" in plan
    # the vocabulary's trigram index (the planner picks it over a scan on large vocabularies only)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_term_word_trgm'")
        assert "gin (word gin_trgm_ops)" in cursor.fetchone()[0]


@on_postgres
def test_postgres_generated_vector_follows_the_title(hub_home, django_capture_on_commit_callbacks):
    entry = SearchEntry.objects.filter(kind="tin-tuc").first()
    page = entry.page.specific
    page.title = "Hội thi nuôi ong mật giỏi"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [h.entry.pk for h in database.search("nuoi ong mat").hits] == [entry.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM search_searchentry WHERE id = %s", [entry.pk]
        )
        assert "'ong':" in cursor.fetchone()[0]


@on_postgres
def test_postgres_trigram_typos_keep_the_first_letter_like_every_variant():
    # trigrams would reach "truyen" from "ruyen"; every variant keeps the first letter, so the
    # engines answer alike and short words do not flood (issue #19)
    assert "truyen" not in vocabulary.nearest("ruyen")
    assert vocabulary.nearest("truyrn")[0] == "truyen"


@on_sqlite
def test_sqlite_fts_table_follows_the_entries(centre_a, django_capture_on_commit_callbacks):
    from lessons.factories import publish_lesson
    from tests.lessons.conftest import lessons_of

    def fts_count(match):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s",
                [match],
            )
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchentry_fts")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        lesson = publish_lesson(lessons_of(centre_a), title="Bài giảng về ong mật")
    assert fts_count('"ong" AND "mat"') == 1
    assert database.autocomplete("bai giang ve ong m") == ["Bài giảng về ong mật"]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert fts_count('"ong" AND "mat"') == 0


@on_sqlite
def test_sqlite_query_plan_uses_fts5():
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM search_searchentry_fts"
            " WHERE search_searchentry_fts MATCH %s",
            ['"tu"* AND "sach"*'],
        )
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan
