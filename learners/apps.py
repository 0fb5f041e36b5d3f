from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnersConfig(AppConfig):
    """Learners behind the phone (issue #20): so far their mobile numbers and the text messages
    that carry verification codes; accounts and the learning record come next (docs/LEARNERS.md)."""

    name = "learners"
    verbose_name = _("Người học")
