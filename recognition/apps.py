from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = "Công dân học tập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import evidence

        evidence.register_builtin_providers()
