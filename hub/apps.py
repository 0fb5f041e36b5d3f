from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Liên thông trung tâm"
    default_auto_field = "django.db.models.BigAutoField"
