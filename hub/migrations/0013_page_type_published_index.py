"""An index on Wagtail's page table for the listings (hub.pagekit.catalogue.browse): the newest
pages of one type. Without it the hub's catalogue and lessons walk every page by date (news,
sections, the other type) to find their 12 newest items; in a national network (3,300 centres,
tens of thousands of other pages newer than the items) that walk was most of the page's time."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0012_page_origin"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS hoctap_page_type_published "
            "ON wagtailcore_page (content_type_id, first_published_at DESC, id DESC)",
            "DROP INDEX IF EXISTS hoctap_page_type_published",
        ),
    ]
