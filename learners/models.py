"""A learner behind the phone and their learning record.

One account for the whole network: a `Learner` is a Django user (no staff flag, no group, so the
admin never opens for it) with a Vietnamese mobile number in E.164, a name and a home centre. Its
record (lesson progress, quiz attempts, saved lessons, enrolments and certificates) belongs to it
and goes with it when the learner deletes the account; public counters never pointed at a person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .phones import display, masked


class LearnerQuerySet(models.QuerySet):
    def of(self, user) -> Learner | None:
        """The user's learner account, or None (visitors, staff)."""
        if user is None or not user.is_authenticated:
            return None
        return self.filter(user=user).first()

    def for_staff(self, user):
        """Learners a staff member may see: hub staff every one, centre staff their centre's."""
        from hub.models import Centre

        centres = Centre.objects.confining(user)
        if centres is None:
            return self
        return self.filter(home_centre__in=centres)


class Learner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner",
        verbose_name=_("tài khoản"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True)
    name = models.CharField(_("họ và tên"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    home_centre = models.ForeignKey(
        "hub.Centre",
        on_delete=models.PROTECT,
        related_name="learners",
        verbose_name=_("trung tâm"),
    )
    phone_verified_at = models.DateTimeField(_("đã xác nhận số lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cán bộ xác nhận"),
        help_text=_("Trống khi người học tự xác nhận bằng mã gửi qua tin nhắn"),
    )
    consent_at = models.DateTimeField(_("đồng ý điều khoản lúc"))
    created_at = models.DateTimeField(_("ngày đăng ký"), default=timezone.now, db_index=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("người học")
        verbose_name_plural = _("người học")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({masked(self.phone)})"

    @property
    def phone_display(self) -> str:
        return display(self.phone)

    @property
    def verified(self) -> bool:
        return self.phone_verified_at is not None


class LessonProgress(models.Model):
    """One row per learner and lesson: when it was opened, the visible time spent, when done."""

    class How(models.TextChoices):
        BUTTON = "button", _("bấm “Đã học xong”")
        VIDEO = "video", _("xem hết video")
        END = "end", _("đọc đến cuối bài")

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="+")
    first_opened_at = models.DateTimeField(default=timezone.now)
    last_opened_at = models.DateTimeField(default=timezone.now)
    seconds = models.PositiveIntegerField(_("thời gian học (giây)"), default=0)
    completed_at = models.DateTimeField(_("học xong lúc"), null=True, blank=True, db_index=True)
    completed_how = models.CharField(max_length=8, choices=How.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]
        indexes = [models.Index(fields=["learner", "-last_opened_at"])]

    def __str__(self):
        return f"{self.learner_id}/{self.lesson_id}"


class QuizAttempt(models.Model):
    """One submission of a lesson's questions, scored on the server from the published lesson."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)  # {question block id: chosen answer index}
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["learner", "lesson"])]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.correct}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


class SavedLesson(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="saved")
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_save_per_lesson")
        ]
        ordering = ["-saved_at"]

    def __str__(self):
        return f"{self.learner_id}/{self.lesson_id}"


class Enrolment(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(
        "lessons.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("ngày đăng ký học"), default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("đăng ký khoá học")
        verbose_name_plural = _("đăng ký khoá học")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="one_enrolment_per_course")
        ]
        ordering = ["-enrolled_at"]

    def __str__(self):
        return f"{self.learner_id}/{self.course_id}"


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """Issued once when an enrolment completes. What it says is copied at issue time, so the
    certificate reads the same after a course or centre is renamed; it goes with the account."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    serial = models.CharField(_("số hiệu"), max_length=20, unique=True)
    token = models.CharField(max_length=24, unique=True, default=new_token)
    name = models.CharField(_("họ và tên"), max_length=120)
    course_title = models.CharField(_("khoá học"), max_length=255)
    centre_name = models.CharField(_("đơn vị tổ chức"), max_length=255)
    issued_on = models.DateField(_("ngày cấp"))

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")

    def __str__(self):
        return self.serial
