"""Prizes: the contest's tiers (Giải Nhất, Nhì, Ba, Khuyến khích … with how many of each), and
the awards the organiser confirmed from the final ranking, each with its certificate's serial and
the token of its public check."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class PrizeTier(Orderable):
    contest = ParentalKey(
        "contests.ContestPage", on_delete=models.CASCADE, related_name="prize_tiers"
    )
    name = models.CharField(_("tên giải"), max_length=100, help_text=_("Ví dụ: Giải Nhất"))
    count = models.PositiveSmallIntegerField(_("số giải"), default=1)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")

    def __str__(self):
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Award(models.Model):
    """A confirmed prize (or, with no tier, a participation certificate) of one entry."""

    contest = models.ForeignKey(
        "contests.ContestPage", on_delete=models.CASCADE, related_name="awards"
    )
    entry = models.OneToOneField(
        "contests.EntryPage", on_delete=models.CASCADE, related_name="award"
    )
    tier = models.ForeignKey(
        PrizeTier, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    rank = models.PositiveIntegerField(_("hạng"))
    serial = models.CharField(_("số hiệu"), max_length=20, unique=True)
    token = models.CharField(max_length=24, unique=True, default=new_token)
    recipient = models.CharField(_("người nhận"), max_length=500)
    contest_title = models.CharField(max_length=255)
    centre_name = models.CharField(max_length=255)
    prize_name = models.CharField(max_length=100, blank=True)
    issued_on = models.DateField(_("ngày cấp"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giải đã trao")
        verbose_name_plural = _("giải đã trao")
        ordering = ["rank", "pk"]

    def __str__(self):
        return f"{self.serial} {self.prize_name or 'tham gia'}"
