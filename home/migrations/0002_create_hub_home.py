"""Replace Wagtail's welcome page with the hub's home page and make it the default site."""

from django.db import migrations

HUB_TITLE = "Phủ Lý – Thành phố học tập"


def create_hub_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HubHomePage = apps.get_model("home.HubHomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="hubhomepage", app_label="home")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    hub = HubHomePage.objects.create(
        title=HUB_TITLE, draft_title=HUB_TITLE, slug="trang-chu", content_type=content_type,
        path=root.path + "0001", depth=2, numchild=0, url_path="/trang-chu/", locale_id=locale.pk,
        intro="<p>Cổng liên thông của các trung tâm học tập cộng đồng thành phố Phủ Lý.</p>",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=hub.pk, is_default_site=True,
        site_name="Ban Chỉ đạo xây dựng xã hội học tập Phủ Lý",
    )


def remove_hub_home(apps, schema_editor):
    apps.get_model("home.HubHomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_hub_home, remove_hub_home)]
