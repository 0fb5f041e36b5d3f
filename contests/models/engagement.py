"""Engagement: on-site counters, the links of each entry on YouTube/Facebook with their sync
status, snapshots of counts over time, and the API quota spent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    # on the site's frozen snapshot at a cut-off: events flagged, and events excluded, until then
    flagged = models.PositiveIntegerField(default=0)
    excluded = models.PositiveIntegerField(default=0)
    frozen = models.BooleanField(default=False)

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
    per_ip_setting = "CONTEST_EVENTS_PER_IP_PER_HOUR"  # a hall behind one router: generous


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


class EngagementEvent(models.Model):
    """One counted public event on an entry (a view, a like or its withdrawal, a share), as the
    organisers' log shows it: when, a one-way key of who (browser or learner), the address's
    network prefix (/24 or /48, never the full address), the browser family, and the anomaly
    flags raised when it was counted. Every event counts; organisers review the flagged ones and
    may exclude events (with a reason, logged in EventExclusion)."""

    class Kind(models.TextChoices):
        VIEW = "view", pgettext_lazy("event kind", "Xem")
        LIKE = "like", _("Thích")
        UNLIKE = "unlike", _("Bỏ thích")
        SHARE_FACEBOOK = "share_facebook", _("Chia sẻ Facebook")
        SHARE_ZALO = "share_zalo", _("Chia sẻ Zalo")
        SHARE_COPY = "share_copy", _("Sao chép liên kết")

    class Flag(models.TextChoices):
        BURST = "burst", _("Dồn dập từ một mạng")
        NEW_IDS = "new_ids", _("Nhiều trình duyệt mới từ một mạng")
        NO_VIEW = "no_view", _("Thích mà chưa xem")
        ONE_ENTRY = "one_entry", _("Mạng chỉ thích một bài")

    contest = models.ForeignKey("contests.ContestPage", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("contests.EntryPage", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    visitor = models.CharField(max_length=32)
    address = models.CharField(max_length=48)
    agent = models.CharField(max_length=40)
    flags = models.CharField(max_length=100, blank=True)  # comma-separated Flag values
    flagged = models.BooleanField(default=False)
    exclusion = models.ForeignKey(
        "contests.EventExclusion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    class Meta:
        indexes = [
            models.Index(fields=["contest", "at"]),
            models.Index(fields=["entry", "visitor", "kind"]),
            models.Index(fields=["contest", "address"]),
        ]

    def __str__(self):
        return f"{self.entry_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def flag_labels(self) -> list[str]:
        names = dict(self.Flag.choices)
        return [str(names.get(f, f)) for f in self.flags.split(",") if f]


class EventExclusion(models.Model):
    """An organiser excluded a set of events from the counts: who, when, why, which filter, how
    many; undone (re-included) keeps the row with when and by whom."""

    contest = models.ForeignKey("contests.ContestPage", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("lý do"), max_length=500)
    description = models.CharField(max_length=500)  # the filter, as the organiser read it
    count = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.contest_id}: {self.count} ({self.reason})"
