"""Engagement: on-site counters, the links of each entry on YouTube/Facebook with their sync
status, snapshots of counts over time, and the API quota spent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.counters import CounterQuerySet


class EngagementSnapshot(models.Model):
    """Counts of one entry on one platform at one moment (history is never overwritten)."""

    class Platform(models.TextChoices):
        SITE = "site", _("Trang web")
        YOUTUBE = "youtube", "YouTube"
        FACEBOOK = "facebook", "Facebook"

    entry = models.ForeignKey(
        "contests.EntryPage", on_delete=models.CASCADE, related_name="snapshots"
    )
    link = models.ForeignKey(
        "contests.EntryLink",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    platform = models.CharField(max_length=10, choices=Platform.choices)
    taken_at = models.DateTimeField(db_index=True)
    views = models.PositiveBigIntegerField(default=0)
    likes = models.PositiveBigIntegerField(default=0)
    shares = models.PositiveBigIntegerField(default=0)
    comments = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["entry", "platform", "taken_at"])]

    def __str__(self):
        return f"{self.entry_id} {self.platform} {self.taken_at:%Y-%m-%d %H:%M}"


class EntryLink(models.Model):
    """Where an entry's video is published (this site, YouTube, Facebook) and how syncing it went."""

    class Status(models.TextChoices):
        NEW = "new", _("Chưa đồng bộ")
        OK = "ok", _("Bình thường")
        REMOVED = "removed", _("Video đã bị gỡ / không tìm thấy")
        TIMEOUT = "timeout", _("Hết thời gian chờ")
        SERVER_ERROR = "server_error", _("Máy chủ nền tảng lỗi")
        MALFORMED = "malformed", _("Dữ liệu trả về không đọc được")
        DECREASED = "decreased", _("Số liệu giảm so với lần trước")
        QUOTA = "quota", _("Hết hạn mức gọi API hôm nay")
        THROTTLED = "throttled", _("Nền tảng yêu cầu giảm tần suất")
        UNSUPPORTED = "unsupported", _("Liên kết không nhận dạng được")
        NO_KEY = "no_key", _("Chưa cấu hình khoá API của nền tảng")

    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="links")
    platform = models.CharField(max_length=10, choices=EngagementSnapshot.Platform.choices)
    url = models.URLField(blank=True)
    kind = models.CharField(max_length=10, blank=True)  # facebook: "video" or "post"
    external_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NEW)
    detail = models.CharField(max_length=500, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    excluded = models.BooleanField(_("loại khỏi tính điểm"), default=False)
    excluded_reason = models.CharField(_("lý do loại"), max_length=500, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["entry", "platform"])]

    def __str__(self):
        return f"{self.entry_id} {self.platform} {self.external_id}"


class ApiQuota(models.Model):
    """Units spent on an external API per day (YouTube: 10,000 a day by default)."""

    platform = models.CharField(max_length=10)
    day = models.DateField()
    units = models.PositiveIntegerField(default=0)
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "day"], name="one_quota_row_per_day")
        ]

    def __str__(self):
        return f"{self.platform} {self.day}: {self.units}"


class SiteCounterQuerySet(CounterQuerySet):
    subject = "entry"
    owner_field = "entry_id"


class SiteCounter(models.Model):
    """On-site views, likes and shares of an entry (atomic F() updates)."""

    entry = models.OneToOneField(
        "contests.EntryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="site_counter",
    )
    views = models.PositiveBigIntegerField(default=0)
    likes = models.PositiveBigIntegerField(default=0)
    shares_facebook = models.PositiveBigIntegerField(default=0)
    shares_zalo = models.PositiveBigIntegerField(default=0)
    shares_copy = models.PositiveBigIntegerField(default=0)

    objects = SiteCounterQuerySet.as_manager()

    def __str__(self):
        return f"{self.entry_id}: {self.views}/{self.likes}/{self.shares}"

    @property
    def shares(self) -> int:
        return self.shares_facebook + self.shares_zalo + self.shares_copy


class SiteLike(models.Model):
    """One visitor's like of an entry (a toggle; the visitor key is a one-way hash)."""

    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "visitor"], name="one_like_per_visitor")
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.visitor}"
