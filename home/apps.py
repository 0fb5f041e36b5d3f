from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Trang chủ và tin tức"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import register_search

        register_search()
