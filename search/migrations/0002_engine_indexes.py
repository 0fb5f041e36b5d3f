"""Vendor-specific full-text indexes for the database search index.

PostgreSQL: unaccent + pg_trgm extensions, an IMMUTABLE folding function (`hoctap_fold`: NFC,
unaccent, lower case, the same word split as search.text.tokens), a stored generated tsvector
column with title/summary/body weights under a GIN index, and trigram GIN indexes on the folded
title (autocomplete) and on the vocabulary (typo tolerance).

SQLite: an FTS5 table over the folded title and text columns (external content, kept in step by
triggers). Builds without FTS5 keep the portable LIKE search. Other databases: nothing to do.

The model does not declare these columns: Django never writes them, the database maintains them.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only STABLE (its dictionary can change); naming the dictionary makes the
    # wrapper safe to declare IMMUTABLE, which generated columns and indexes require.
    """
    CREATE OR REPLACE FUNCTION hoctap_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT btrim(regexp_replace(
            lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))),
            '[^0-9a-z]+', ' ', 'g'))
    $$
    """,
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, hoctap_fold(title)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, hoctap_fold(summary)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, left(text_folded, 1000000)), 'C')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title_folded gin_trgm_ops)",
    "CREATE INDEX search_term_word_trgm ON search_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS hoctap_fold(text)",
]

FTS = "search_searchentry_fts"
COLUMNS = "rowid, title_folded, text_folded"
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        title_folded, text_folded, content='search_searchentry', content_rowid='id',
        tokenize='unicode61', prefix='2 3 4')""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO {FTS}({COLUMNS}) VALUES (new.id, new.title_folded, new.text_folded);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO {FTS}({FTS}, {COLUMNS}) VALUES ('delete', old.id, old.title_folded, old.text_folded);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO {FTS}({FTS}, {COLUMNS}) VALUES ('delete', old.id, old.title_folded, old.text_folded);
        INSERT INTO {FTS}({COLUMNS}) VALUES (new.id, new.title_folded, new.text_folded);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]


def sqlite_has_fts5(cursor) -> bool:
    cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
    if cursor.fetchone()[0]:
        return True
    try:  # some builds load FTS5 without the compile option being listed
        cursor.execute("CREATE VIRTUAL TABLE temp.hoctap_fts5_probe USING fts5(x)")
        cursor.execute("DROP TABLE temp.hoctap_fts5_probe")
        return True
    except Exception:  # noqa: BLE001 (no FTS5: the portable search is used)
        return False


def statements(connection, forward: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return POSTGRES_FORWARD if forward else POSTGRES_BACKWARD
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if forward and not sqlite_has_fts5(cursor):
                return []
        return SQLITE_FORWARD if forward else SQLITE_BACKWARD
    return []


def run(forward: bool):
    def apply(apps, schema_editor):
        for sql in statements(schema_editor.connection, forward):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(True), run(False), elidable=False)]
