from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ và tin tức")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import register_search

        register_search()
