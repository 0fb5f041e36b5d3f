from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Lịch hoạt động"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import evidence, views  # noqa: F401  (views register the pages' sub-routes)

        evidence.register()
