"""What contests do when staff change things in the admin: a new contest index is set up, a new
judge may sign in. The steps themselves are in contests/provisioning.py."""

from django.db.models.signals import post_save

from hub.models import Centre
from hub.provisioning import ensure_hub_staff_group

from .models import ContestIndexPage, ContestJudge
from .provisioning import ensure_judges_group, set_up_contest_index


def on_contest_index_saved(sender, instance, created, **kwargs) -> None:
    if created:
        set_up_contest_index(instance, Centre.objects.all(), ensure_hub_staff_group())


def on_judge_saved(sender, instance, **kwargs) -> None:
    """Whoever is made a judge can sign in to the admin to score (and sees only judging screens)."""
    instance.user.groups.add(ensure_judges_group())


def register_signal_handlers() -> None:
    post_save.connect(on_judge_saved, sender=ContestJudge, dispatch_uid="contests-judge-saved")
    post_save.connect(
        on_contest_index_saved, sender=ContestIndexPage, dispatch_uid="contests-index-saved"
    )
