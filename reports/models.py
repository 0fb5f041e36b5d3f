"""One table: `DailyStat`, a figure per day, centre and metric, written only by
`reports.collect` (a task, hourly, and the `collect_statistics` command). The reports read it, so
a report over a year and 3,300 centres is one grouped query, never a scan of the raw events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyStat(models.Model):
    day = models.DateField(_("ngày"))
    # None: the hub itself (network-wide news, events on the hub); a merged or deleted centre's
    # figures are moved to the centre that takes over (issue #24) or kept under the hub
    centre = models.ForeignKey(
        "hub.Centre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metric = models.CharField(_("chỉ số"), max_length=32)
    value = models.PositiveIntegerField(_("giá trị"), default=0)

    class Meta:
        verbose_name = _("số liệu trong ngày")
        verbose_name_plural = _("số liệu trong ngày")
        indexes = [
            models.Index(fields=["day", "metric"], name="dailystat_day_metric"),
            models.Index(fields=["centre", "day"], name="dailystat_centre_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.centre_id or 'hub'} {self.metric}: {self.value}"
