from django.db import migrations

FIELDS = [
    ("Pháp luật", "phap-luat"), ("Sức khỏe", "suc-khoe"), ("Nông nghiệp", "nong-nghiep"),
    ("Kỹ năng số", "ky-nang-so"), ("Văn hóa", "van-hoa"), ("Kinh tế hộ gia đình", "kinh-te-ho-gia-dinh"),
    ("Giáo dục – Khuyến học", "giao-duc-khuyen-hoc"), ("Môi trường", "moi-truong"),
]


def seed(apps, schema_editor):
    Field = apps.get_model("hub", "Field")
    for order, (name, slug) in enumerate(FIELDS):
        Field.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_field")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
