from django.db import migrations, models

ENGLISH = {
    "phap-luat": "Law",
    "suc-khoe": "Health",
    "nong-nghiep": "Farming",
    "ky-nang-so": "Digital skills",
    "van-hoa": "Culture",
    "kinh-te-ho-gia-dinh": "Household economy",
    "giao-duc-khuyen-hoc": "Education and learning promotion",
    "moi-truong": "Environment",
}


def name_in_english(apps, schema_editor):
    Field = apps.get_model("hub", "Field")
    for slug, name in ENGLISH.items():
        Field.objects.filter(slug=slug, name_en="").update(name_en=name)


class Migration(migrations.Migration):
    dependencies = [("hub", "0006_networksettings_hub_name")]
    operations = [
        migrations.AddField(
            model_name="field",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Hiện thay cho tên tiếng Việt khi người xem chọn giao diện tiếng Anh.",
                max_length=80,
                verbose_name="tên tiếng Anh",
            ),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
