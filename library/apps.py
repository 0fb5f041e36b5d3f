from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Thư viện số"
    default_auto_field = "django.db.models.BigAutoField"
