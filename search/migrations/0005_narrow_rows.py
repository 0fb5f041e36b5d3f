"""PostgreSQL: keep the index rows narrow. Long values (the folded body, the exact words, the
tsvector) move to TOAST storage above 256 bytes instead of ~2 kB, so counting the filters of a
query that matches a third of 100,000 documents reads a fraction of the pages (issue #19's
benchmark: see docs/BENCHMARKS.md). Rows written before this keep their layout until they are
rewritten (`rebuild_search_index` rewrites them all). Other databases: nothing to do."""

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry SET (toast_tuple_target = 256)")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_miss")]

    operations = [migrations.RunPython(narrow, widen)]
