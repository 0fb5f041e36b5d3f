"""The learning models ("Công dân học tập", "Gia đình học tập", ...): who declares where, against
which criteria, and what the association decided.

- `Organisation`: the association's tree of any depth (national → province → commune/ward branch →
  residential group, agency, school), a materialised path (django-treebeard, which Wagtail already
  uses for pages) so a subtree is one `path__startswith` and a branch moves or merges in place.
  A node people declare at is a *unit* (`is_unit`); each has a short code printed on its QR sheet.
- `CriteriaSet` → `CriterionGroup` → `Criterion`, plus `Grade` thresholds: versioned data, never
  edited once a cycle uses them (a new version is made instead).
- `Cycle`: a year's round of one model with one set, opened by an organisation for its subtree.
- `Declaration` (one per person, or per family/unit representative, per cycle) → `Answer` per
  criterion → `Evidence` (a file, a link or an item of the platform's learning record); every step
  of the review is a `ReviewStep`; the branch's `Decision` recognises the approved ones, each with a
  `RecognitionCertificate` checked by QR like a course certificate.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from hub.uploads import private_storage


class LearningModel(models.TextChoices):
    CITIZEN = "cong_dan", _("Công dân học tập")
    FAMILY = "gia_dinh", _("Gia đình học tập")
    CLAN = "dong_ho", _("Dòng họ học tập")
    COMMUNITY = "cong_dong", _("Cộng đồng học tập")
    UNIT = "don_vi", _("Đơn vị học tập")


# Models declared by a representative for a group of people (members are listed by name).
GROUP_MODELS = {
    LearningModel.FAMILY,
    LearningModel.CLAN,
    LearningModel.COMMUNITY,
    LearningModel.UNIT,
}


class Organisation(MP_Node):
    """A node of the association's tree: an association level, a branch, or a unit people declare
    at. The tree has no fixed depth; moving and merging keep every declaration (they point here)."""

    class Kind(models.TextChoices):
        ASSOCIATION = "hoi", _("Hội Khuyến học")
        BRANCH = "chi_hoi", _("Chi hội / Hội cơ sở")
        RESIDENTIAL = "to_dan_pho", _("Tổ dân phố / Thôn, xóm")
        AGENCY = "co_quan", _("Cơ quan, doanh nghiệp")
        SCHOOL = "truong", _("Trường học")
        OTHER = "khac", _("Khác")

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    code = models.SlugField(
        _("mã"),
        max_length=24,
        unique=True,
        allow_unicode=False,
        help_text=_("Mã ngắn in trên mã QR, ví dụ PL-LH-TO5 (chữ không dấu, số và dấu gạch)."),
    )
    is_unit = models.BooleanField(
        _("là đơn vị đăng ký"),
        default=False,
        help_text=_("Người dân đăng ký và tự đánh giá tại đơn vị này (tổ dân phố, cơ quan…)."),
    )
    centre = models.OneToOneField(
        "hub.Centre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="association_branch",
        verbose_name=_("trung tâm học tập cộng đồng"),
        help_text=_("TTHTCĐ của phường/xã mà chi hội này thuộc về."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đã nhập vào"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationStaff",
        related_name="recognition_organisations",
        blank=True,
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("tổ chức / đơn vị")
        verbose_name_plural = _("tổ chức và đơn vị")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = (self.code or "").upper()
        super().save(*args, **kwargs)


class OrganisationStaff(models.Model):
    """Who reviews at an organisation (and everything under it); `can_approve`: may give the
    approval a set requires at that level and sign decisions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    can_approve = models.BooleanField(_("được phê duyệt"), default=False)

    class Meta:
        verbose_name = _("cán bộ của tổ chức")
        verbose_name_plural = _("cán bộ của tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="recognition_staff_once")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class CriteriaSet(models.Model):
    class Approval(models.TextChoices):
        UNIT = "unit", _("Đơn vị duyệt là đủ")
        BRANCH = "branch", _("Đơn vị duyệt, chi hội/hội cơ sở phê duyệt")

    model = models.CharField(_("mô hình"), max_length=12, choices=LearningModel.choices)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    version = models.CharField(_("phiên bản"), max_length=20)
    decision = models.CharField(
        _("văn bản ban hành"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Quyết định 244/QĐ-KHVN ngày 28/7/2022."),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    approval = models.CharField(
        _("cấp phê duyệt"), max_length=8, choices=Approval.choices, default=Approval.BRANCH
    )
    is_sample = models.BooleanField(
        _("bộ mẫu"),
        default=False,
        help_text=_("Bộ tiêu chí mẫu để thử, không phải văn bản chính thức."),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phiên bản trước"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["model", "-valid_from", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["model", "version"], name="recognition_set_version")
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"

    @property
    def in_use(self) -> bool:
        return self.cycles.exists()

    @property
    def max_points(self) -> int:
        return sum(c.points for c in self.criteria.all())


class CriterionGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=12)
    title = models.CharField(_("tên nhóm"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="recognition_group_code")
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        CHECK = "dat", _("Đạt / chưa đạt")
        POINTS = "diem", _("Tự chấm điểm")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=12)
    text = models.TextField(_("nội dung"))
    guidance = models.TextField(_("hướng dẫn, minh chứng gợi ý"), blank=True)
    points = models.PositiveSmallIntegerField(
        _("điểm tối đa"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    kind = models.CharField(_("cách chấm"), max_length=4, choices=Kind.choices, default=Kind.CHECK)
    evidence_required = models.BooleanField(_("bắt buộc minh chứng"), default=False)
    mandatory = models.BooleanField(
        _("bắt buộc đạt"),
        default=False,
        help_text=_("Không đạt tiêu chí này thì không được công nhận, dù đủ điểm."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="recognition_criterion_code"
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.text[:60]}"


class Grade(models.Model):
    """A pass threshold: from `min_points` (of the set's total) the declaration earns `name`."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="grades")
    name = models.CharField(_("xếp loại"), max_length=60)
    min_points = models.PositiveSmallIntegerField(_("từ điểm"))

    class Meta:
        ordering = ["min_points"]

    def __str__(self):
        return f"{self.name} (≥ {self.min_points})"


class Cycle(models.Model):
    """A round of one learning model (e.g. "Công dân học tập năm 2026") in an organisation's
    subtree, with one criteria set and its dates."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("tổ chức mở đợt"),
    )
    model = models.CharField(_("mô hình"), max_length=12, choices=LearningModel.choices)
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("bộ tiêu chí")
    )
    title = models.CharField(_("tên đợt"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm"))
    opens_on = models.DateField(_("mở tự đánh giá từ"))
    closes_on = models.DateField(_("hạn nộp"))
    review_until = models.DateField(_("hạn xét duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "model", "title"]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def previous_cycle(self):
        return (
            Cycle.objects.filter(
                model=self.model, organisation=self.organisation, year__lt=self.year
            )
            .order_by("-year")
            .first()
        )


def new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


class Declaration(models.Model):
    class Status(models.TextChoices):
        DRAFT = "nhap", _("Đang khai")
        SUBMITTED = "da_nop", _("Đã nộp, chờ duyệt")
        RETURNED = "tra_lai", _("Trả lại để bổ sung")
        ACCEPTED = "don_vi_duyet", _("Đơn vị đã duyệt, chờ phê duyệt")
        APPROVED = "da_duyet", _("Đã phê duyệt")
        RECOGNISED = "cong_nhan", _("Đã công nhận")
        NOT_PASSED = "khong_dat", _("Không đạt")

    class Sex(models.TextChoices):
        FEMALE = "nu", _("Nữ")
        MALE = "nam", _("Nam")
        OTHER = "khac", _("Khác")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("đợt")
    )
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("đơn vị"),
    )
    learner = models.ForeignKey(
        "learners.Learner",
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("người khai"),
    )
    name = models.CharField(_("tên người / gia đình / đơn vị được đánh giá"), max_length=200)
    members = models.TextField(
        _("thành viên"),
        blank=True,
        help_text=_("Gia đình, dòng họ, đơn vị: mỗi dòng một người."),
    )
    sex = models.CharField(_("giới tính"), max_length=4, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    score = models.PositiveSmallIntegerField(_("điểm"), default=0)
    grade = models.CharField(_("xếp loại"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decision = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
        verbose_name=_("quyết định công nhận"),
    )

    class Meta:
        verbose_name = _("hồ sơ tự đánh giá")
        verbose_name_plural = _("hồ sơ tự đánh giá")
        ordering = ["-updated_at"]
        constraints = [
            # one person (one account, one phone) one declaration per cycle, wherever they declare
            models.UniqueConstraint(fields=["cycle", "learner"], name="recognition_one_per_cycle")
        ]
        indexes = [models.Index(fields=["cycle", "unit", "status"])]

    def __str__(self):
        return f"{self.name} – {self.cycle}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Answer(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("điểm tự chấm"), null=True, blank=True)
    note = models.TextField(_("ghi chú của người khai"), blank=True)
    review_comment = models.TextField(_("nhận xét của người duyệt"), blank=True)
    returned = models.BooleanField(_("cần bổ sung"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "criterion"], name="recognition_answer_once"
            )
        ]

    def __str__(self):
        return f"{self.declaration_id}/{self.criterion_id}"

    @property
    def answered(self) -> bool:
        return self.points is not None


def evidence_path(instance, filename):
    return f"recognition/{instance.answer.declaration_id}/{secrets.token_hex(8)}-{filename}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "tep", _("Ảnh hoặc tệp")
        LINK = "lien_ket", _("Đường liên kết")
        PLATFORM = "he_thong", _("Kết quả học trên hệ thống")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=evidence_path, storage=private_storage, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=40, blank=True)  # platform: "lesson:12", "course:3" ...
    label = models.CharField(_("mô tả"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.label or self.file_name or self.link


class ReviewStep(models.Model):
    """One thing that happened to a declaration: submitted, returned, accepted, approved..."""

    class Action(models.TextChoices):
        SUBMIT = "nop", _("Nộp hồ sơ")
        RETURN = "tra_lai", _("Trả lại")
        ACCEPT = "don_vi_duyet", _("Đơn vị duyệt")
        APPROVE = "phe_duyet", _("Phê duyệt")
        REJECT = "khong_dat", _("Không đạt")
        TRANSFER = "chuyen", _("Chuyển đơn vị")
        RECOGNISE = "cong_nhan", _("Công nhận")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=14, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class Decision(models.Model):
    """The branch's decision recognising the approved declarations of a cycle."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("cấp")
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("đợt")
    )
    number = models.CharField(_("số quyết định"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=160)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="recognition_decision_number"
            )
        ]

    def __str__(self):
        return self.number


class RecognitionCertificate(models.Model):
    """Issued with a decision; its text is copied, so it reads the same after renames."""

    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, related_name="certificate"
    )
    serial = models.CharField(_("số hiệu"), max_length=24, unique=True)
    token = models.CharField(max_length=24, unique=True, default=new_token)
    name = models.CharField(_("cấp cho"), max_length=200)
    title = models.CharField(_("danh hiệu"), max_length=200)
    issuer = models.CharField(_("đơn vị công nhận"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    issued_on = models.DateField(_("ngày cấp"))

    class Meta:
        verbose_name = _("giấy công nhận")
        verbose_name_plural = _("giấy công nhận")

    def __str__(self):
        return self.serial
