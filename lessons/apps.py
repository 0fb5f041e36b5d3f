from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Kho bài giảng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import register_search

        register_search()

        from types import SimpleNamespace

        from hub.pagecache import register_counter

        from .counters import count_view

        register_counter(
            "lesson-view", lambda request, pk: count_view(request, SimpleNamespace(pk=pk))
        )
