"""Rounds after the first (e.g. chung khảo after sơ khảo), the entries advanced into each, and
which judge scores which entry.

Round 1 is described by the contest's own judging fields; each ContestRound row is the next round
(2, 3, …) with its own judging window and engagement cut-off. Criteria belong to a round through
their part (ContestPart.round_number) and judges through ContestJudge.round_number (blank: every
round). An entry is in round 1 when it is a live entry of the contest, in a later round when a
RoundEntry row says it advanced. A round with JudgeAssignment rows is judged by assignment: each
judge sees and scores only the entries assigned to them; a round without rows is judged by every
judge of the round (what small contests want)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


@dataclass(frozen=True)
class JudgingRound:
    """One judging round as the code sees it: round 1 from the contest's fields, later rounds
    from ContestRound rows (ContestPage.round_list)."""

    number: int
    name: str
    judging_start: object  # datetime
    judging_end: object
    engagement_cutoff: object
    last: bool

    def judging_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.judging_start <= now < self.judging_end


def rounds_problem(rounds: list[JudgingRound], part_rounds: set[int]) -> str | None:
    """Why rounds do not fit together (a window starting before the previous one ends, a part in
    a round that does not exist, a round without parts to score), or None."""
    for before, after in zip(rounds, rounds[1:], strict=False):
        if after.judging_start < before.judging_end:
            return _("Vòng “%(after)s” phải bắt đầu sau khi vòng “%(before)s” kết thúc.") % {
                "after": after.name,
                "before": before.name,
            }
    if part_rounds and max(part_rounds) > len(rounds):
        return _("Có phần thi ghi vòng %(n)s nhưng hội thi chỉ có %(count)s vòng.") % {
            "n": max(part_rounds),
            "count": len(rounds),
        }
    empty = [r.name for r in rounds if part_rounds and r.number not in part_rounds]
    if empty:
        return _("Vòng “%(name)s” chưa có phần thi nào để chấm.") % {"name": empty[0]}
    return None


class ContestRound(Orderable):
    """A judging round after the first: its name, window and engagement cut-off."""

    contest = ParentalKey("contests.ContestPage", on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("tên vòng"), max_length=100, help_text=_("Ví dụ: Chung khảo"))
    judging_start = models.DateTimeField(_("bắt đầu chấm vòng này"))
    judging_end = models.DateTimeField(_("kết thúc chấm vòng này"))
    engagement_cutoff = models.DateTimeField(
        _("chốt số liệu tương tác của vòng"),
        help_text=_("Lượt xem, thích, chia sẻ tính đến thời điểm này cho điểm của vòng."),
    )
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("judging_start"), FieldPanel("judging_end")]),
        FieldPanel("engagement_cutoff"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("vòng chấm")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.judging_start and self.judging_end and self.judging_end <= self.judging_start:
            raise ValidationError({"judging_end": _("Kết thúc chấm phải sau khi bắt đầu chấm.")})


class RoundEntry(models.Model):
    """An entry advanced into a later round, how and by whom."""

    class How(models.TextChoices):
        RANK = "rank", _("Theo thứ hạng")
        CUT = "cut", _("Theo điểm sàn")
        HAND = "hand", _("Chọn tay")

    contest = models.ForeignKey("contests.ContestPage", on_delete=models.CASCADE, related_name="+")
    round_number = models.PositiveSmallIntegerField()
    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    how = models.CharField(max_length=4, choices=How.choices)
    previous_rank = models.PositiveIntegerField(null=True)
    previous_score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "round_number", "entry"], name="one_row_per_round_entry"
            )
        ]

    def __str__(self):
        return f"{self.contest_id}/{self.round_number}: {self.entry_id}"


class JudgeAssignment(models.Model):
    """A judge assigned to score an entry in a round."""

    contest = models.ForeignKey("contests.ContestPage", on_delete=models.CASCADE, related_name="+")
    round_number = models.PositiveSmallIntegerField()
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "round_number", "judge", "entry"], name="one_assignment"
            )
        ]
        indexes = [models.Index(fields=["contest", "round_number", "judge"])]

    def __str__(self):
        return f"{self.contest_id}/{self.round_number}: {self.judge_id} → {self.entry_id}"
