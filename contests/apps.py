from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Hội thi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from .search import register_search

        register_search()

        from hub.caching.pagecache import register_counter

        from .engagement.events import count_view
        from .views import prizes, public  # noqa: F401  (register the pages' sub-page views)

        # an entry page served by the page cache still counts (and logs) its view
        register_counter(public.ENTRY_VIEW_COUNTER, count_view)
