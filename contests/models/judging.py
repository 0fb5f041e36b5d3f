"""Judging: each judge's points per criterion and entry, and the log of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JudgeScore(models.Model):
    """One judge's points for one criterion of one entry (editable until judging closes)."""

    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey("contests.Criterion", on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.judge_id}/{self.criterion_id}: {self.points}"


class ScoreChange(models.Model):
    """The log of every score change: who, when, before and after."""

    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey("contests.Criterion", on_delete=models.CASCADE, related_name="+")
    before = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    after = models.DecimalField(max_digits=6, decimal_places=2)
    comment_before = models.TextField(blank=True)
    comment_after = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.entry_id}/{self.criterion_id}: {self.before} → {self.after}"


class JudgeNote(models.Model):
    """A judge's general comment on an entry in a round (criterion comments are on the scores);
    released to the entrant centre with the results when the organiser allows feedback."""

    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round_number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "round_number"], name="one_note_per_judge_round"
            )
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.judge_id}/{self.round_number}"
