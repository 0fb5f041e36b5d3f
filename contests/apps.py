from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = "Hội thi"
    default_auto_field = "django.db.models.BigAutoField"
