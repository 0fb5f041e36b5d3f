from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Thư viện số"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from .search import register_search

        register_search()

        from types import SimpleNamespace

        from hub.pagecache import register_counter

        from .counters import count_event

        register_counter(
            "library-read",
            lambda request, pk: count_event(request, SimpleNamespace(pk=pk), "reads"),
        )
