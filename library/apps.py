from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Thư viện số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from .search import register_search

        register_search()

        from hub.caching.pagecache import register_counter

        from . import views  # noqa: F401  (registers the items' sub-page views)
        from .models import LibraryItemStats

        register_counter(
            "library-read",
            lambda request, pk: LibraryItemStats.objects.count_once(request, pk, "reads"),
        )
