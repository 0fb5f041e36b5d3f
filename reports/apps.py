from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The steering committee's reports (issue #23): a daily statistics table filled by a task
    from the counters the other apps keep, the activity report per period, centre and network, the
    centres that need help, and the footer's visitor counter (docs/REPORTS.md)."""

    name = "reports"
    verbose_name = _("Báo cáo")
    default_auto_field = "django.db.models.BigAutoField"
