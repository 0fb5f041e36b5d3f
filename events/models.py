"""Events and classes of the centres and the network: opening ceremonies (khai giảng), the
Lifelong Learning Week, training days, talks, clubs and classes that meet every week.

- `EventIndexPage` ("Lịch hoạt động"): one under each home page; on a centre its events, on the
  hub every centre's (and the network's own). Its sub-routes (month view, iCalendar feed) are
  views registered by `events/views.py` (models never import views).
- `EventPage`: one event, or a repeating class (weekly on given days until a date, with
  exceptions); occurrences are expanded with python-dateutil's `rrule` (`occurrences()`).
- `Registration`: a place taken by a learner account or by a name and phone number (for those
  without an account), registered or on the waiting list, or cancelled.
- `Attendance`: one check-in per person per occurrence, by QR (the learner's phone) or ticked by
  staff.
"""

from __future__ import annotations

import datetime

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hub.forms import CentrePageForm
from hub.pagekit.mixins import CachedRestrictionsMixin, ChildRouteMixin, OnePerParentMixin
from hub.pagekit.routes import serve_page_view

WEEKDAYS = [
    ("0", _("Thứ Hai")),
    ("1", _("Thứ Ba")),
    ("2", _("Thứ Tư")),
    ("3", _("Thứ Năm")),
    ("4", _("Thứ Sáu")),
    ("5", _("Thứ Bảy")),
    ("6", _("Chủ nhật")),
]
MAX_OCCURRENCES = 400  # a weekly class for about eight years: anything beyond is a typing slip


class EventIndexPage(
    CachedRestrictionsMixin, OnePerParentMixin, RoutablePageMixin, ChildRouteMixin, Page
):
    """The calendar of a centre (its events) or of the hub (every centre's)."""

    base_form_class = CentrePageForm
    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage", "home.CentreHomePage"]
    subpage_types = ["events.EventPage"]
    child_page_model = "events.EventPage"
    child_select_related = ("poster", "field")

    class Meta:
        verbose_name = _("lịch hoạt động")

    @path("")
    def calendar(self, request):
        return serve_page_view("events:calendar", request, self)

    @path("lich-ical/")
    def feed(self, request):
        return serve_page_view("events:feed", request, self)


class EventPage(CachedRestrictionsMixin, RoutablePageMixin, Page):
    base_form_class = CentrePageForm

    class Kind(models.TextChoices):
        OPENING = "khai_giang", _("Khai giảng")
        WEEK = "tuan_le", _("Tuần lễ học tập suốt đời")
        TRAINING = "tap_huan", _("Tập huấn")
        CLASS = "lop_hoc", _("Lớp học")
        CLUB = "cau_lac_bo", _("Câu lạc bộ")
        TALK = "noi_chuyen", _("Nói chuyện chuyên đề")
        OTHER = "khac", _("Khác")

    kind = models.CharField(_("loại hoạt động"), max_length=12, choices=Kind.choices)
    place = models.CharField(_("địa điểm"), max_length=255)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    capacity = models.PositiveIntegerField(
        _("số chỗ"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    audience = models.CharField(_("dành cho"), max_length=255, blank=True)
    field = models.ForeignKey(
        "hub.Field",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("áp phích"),
    )
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=500)
    body = RichTextField(_("nội dung"), blank=True)
    registration_open = models.BooleanField(_("nhận đăng ký"), default=True)
    repeat_days = models.CharField(
        _("lặp lại hằng tuần vào"),
        max_length=20,
        blank=True,
        help_text=_("Lớp học, câu lạc bộ họp hằng tuần: chọn các ngày trong tuần."),
    )
    repeat_until = models.DateField(_("lặp lại đến ngày"), null=True, blank=True)
    exceptions = models.TextField(
        _("ngày nghỉ"),
        blank=True,
        help_text=_("Các buổi không học, mỗi dòng một ngày dạng ngày/tháng/năm, ví dụ 02/09/2026."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
        FieldPanel("audience"),
        FieldPanel("field"),
        FieldPanel("poster"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("repeat_days"), FieldPanel("repeat_until"), FieldPanel("exceptions")],
            heading=_("Lớp học hằng tuần"),
        ),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hoạt động, lớp học")
        verbose_name_plural = _("hoạt động, lớp học")
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["repeat_until"])]

    @path("")
    def detail(self, request):
        return serve_page_view("events:detail", request, self)

    @path("lich-ical/")
    def ics(self, request):
        return serve_page_view("events:event_ics", request, self)

    @path("dang-ky/")
    def register(self, request):
        return serve_page_view("events:register", request, self)

    @path("diem-danh/")
    def check_in(self, request):
        return serve_page_view("events:check_in", request, self)

    # -- dates ----------------------------------------------------------------------------------

    @property
    def weekdays(self) -> list[int]:
        return sorted({int(d) for d in self.repeat_days.split(",") if d.strip().isdigit()})

    @property
    def repeats(self) -> bool:
        return bool(self.weekdays and self.repeat_until)

    @property
    def exception_dates(self) -> set[datetime.date]:
        return parse_exception_dates(self.exceptions)[0]

    def occurrences(self, start: datetime.datetime | None = None, end=None) -> list[tuple]:
        """[(starts, ends)] of each meeting (one for a single event), within [start, end) if
        given; a repeating class meets on its weekdays from its first day to `repeat_until`,
        except the exception dates (dateutil's rruleset)."""
        duration = self.ends_at - self.starts_at
        if not self.repeats:
            found = [(self.starts_at, self.ends_at)]
        else:
            local_start = timezone.localtime(self.starts_at)
            until = datetime.datetime.combine(
                self.repeat_until, local_start.timetz().replace(tzinfo=None)
            ).replace(tzinfo=local_start.tzinfo)
            rules = rrule.rruleset()
            rules.rrule(
                rrule.rrule(
                    rrule.WEEKLY,
                    dtstart=local_start,
                    byweekday=self.weekdays,
                    until=until,
                    count=None,
                )
            )
            for day in self.exception_dates:
                rules.exdate(
                    datetime.datetime.combine(
                        day, local_start.timetz().replace(tzinfo=None)
                    ).replace(tzinfo=local_start.tzinfo)
                )
            found = []
            for moment in rules:
                found.append((moment, moment + duration))
                if len(found) >= MAX_OCCURRENCES:
                    break
        return [
            (s, e) for s, e in found if (start is None or e > start) and (end is None or s < end)
        ]

    def next_occurrence(self, now=None):
        now = now or timezone.now()
        upcoming = self.occurrences(start=now)
        return upcoming[0] if upcoming else None

    @property
    def last_ends_at(self) -> datetime.datetime:
        if not self.repeats:
            return self.ends_at
        meetings = self.occurrences()
        return meetings[-1][1] if meetings else self.ends_at

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        if (
            self.starts_at
            and self.ends_at
            and self.ends_at - self.starts_at > datetime.timedelta(days=31)
        ):
            errors["ends_at"] = _(
                "Một hoạt động dài quá 31 ngày; lớp học nhiều buổi hãy dùng “Lặp lại hằng tuần”."
            )
        days = [d for d in self.repeat_days.split(",") if d.strip()]
        if any(d not in {"0", "1", "2", "3", "4", "5", "6"} for d in days):
            errors["repeat_days"] = _("Hãy chọn các ngày trong tuần từ Thứ Hai đến Chủ nhật.")
        if days and not self.repeat_until:
            errors["repeat_until"] = _("Lớp học lặp lại cần ngày kết thúc.")
        if self.repeat_until and not days:
            errors["repeat_days"] = _("Hãy chọn ngày học trong tuần, hoặc bỏ trống ngày lặp lại.")
        if (
            self.repeat_until
            and self.starts_at
            and self.repeat_until < timezone.localdate(self.starts_at)
        ):
            errors["repeat_until"] = _("Ngày lặp lại đến phải sau buổi đầu tiên.")
        bad = parse_exception_dates(self.exceptions)[1]
        if bad:
            errors["exceptions"] = _(
                "Không đọc được ngày: %(bad)s. Hãy ghi mỗi dòng một ngày dạng ngày/tháng/năm."
            ) % {"bad": ", ".join(bad[:5])}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.repeat_days = ",".join(str(d) for d in self.weekdays)
        super().save(*args, **kwargs)


def parse_exception_dates(text: str) -> tuple[set[datetime.date], list[str]]:
    found, bad = set(), []
    for line in (text or "").replace(",", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"):
            try:
                found.add(datetime.datetime.strptime(line, pattern).date())
                break
            except ValueError:
                continue
        else:
            bad.append(line)
    return found, bad


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "da_dang_ky", _("Đã đăng ký")
        WAITING = "cho", _("Danh sách chờ")
        CANCELLED = "da_huy", _("Đã huỷ")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    learner = models.ForeignKey(
        "learners.Learner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    name = models.CharField(_("họ và tên"), max_length=120)
    phone = models.CharField(_("số điện thoại"), max_length=16)  # E.164
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True)  # the meeting last reminded of

    class Meta:
        verbose_name = _("đăng ký tham gia")
        verbose_name_plural = _("đăng ký tham gia")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "phone"], name="events_one_registration")
        ]

    def __str__(self):
        return f"{self.name} – {self.event_id}"


class Attendance(models.Model):
    class How(models.TextChoices):
        QR = "qr", _("Quét mã QR")
        STAFF = "can_bo", _("Cán bộ điểm danh")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("buổi ngày"))
    learner = models.ForeignKey(
        "learners.Learner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    name = models.CharField(_("họ và tên"), max_length=120)
    phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)
    how = models.CharField(max_length=8, choices=How.choices)
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            # one check-in per person per meeting
            models.UniqueConstraint(
                fields=["event", "day", "phone"],
                condition=~models.Q(phone=""),
                name="events_one_check_in",
            )
        ]
        indexes = [models.Index(fields=["event", "day"])]

    def __str__(self):
        return f"{self.name} {self.day}"
