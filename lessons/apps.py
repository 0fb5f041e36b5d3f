from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Kho bài giảng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import register_search

        register_search()

        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from hub.caching.pagecache import register_counter

        from . import views  # noqa: F401  (registers the lesson index's sub-page views)
        from .models import LessonStats

        register_counter("lesson-view", LessonStats.objects.count_view)
