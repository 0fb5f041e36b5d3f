from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Lịch hoạt động"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import evidence, personal_data, views  # noqa: F401  (views register sub-routes)

        evidence.register()
        personal_data.connect()
