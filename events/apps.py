from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Lịch hoạt động"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import evidence, personal_data, search, signal_handlers, views  # noqa: F401

        search.register_search()

        evidence.register()
        personal_data.connect()
        signal_handlers.connect()
