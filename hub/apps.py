from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Liên thông trung tâm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .admin_labels import label_unlabelled_wagtail_fields
        from .signal_handlers import register_signal_handlers
        from .spreadsheets import neutralise_wagtail_exports

        register_signal_handlers()
        neutralise_wagtail_exports()
        label_unlabelled_wagtail_fields()
