from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = "Công dân học tập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import evidence, personal_data

        evidence.register_builtin_providers()
        personal_data.connect()
