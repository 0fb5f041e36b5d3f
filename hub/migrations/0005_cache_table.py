"""The table of the database cache, production's default cache when no REDIS_URL is set
(hub/settings/production.py): `migrate` makes it, so no deployment step can be forgotten."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", settings.CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("hub", "0004_seed_fields")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
