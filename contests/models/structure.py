"""A contest's structure: the hub's contest index, contests with their timeline, scored parts,
criteria and judges."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub.counters import visitor_key
from hub.forms import CentrePageForm
from hub.pagekit import (
    CachedRestrictionsMixin,
    ChildRouteMixin,
    OnePerParentMixin,
    paginate,
    public_only,
    serve_page_view,
)

from ..forms import ContestPageForm
from .entries import EntryPage
from .rounds import JudgingRound, rounds_problem


class ContestIndexPage(CachedRestrictionsMixin, OnePerParentMixin, ChildRouteMixin, Page):
    """The hub's list of contests between centres."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("giới thiệu"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage"]
    subpage_types = ["contests.ContestPage"]
    child_page_model = "contests.ContestPage"
    max_count = 1

    class Meta:
        verbose_name = _("trang hội thi")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contests"] = public_only(ContestPage.objects.live().child_of(self)).order_by(
            "-submissions_open"
        )
        return context


class Normalisation(models.TextChoices):
    LOG = "log", _("Theo logarit, so với bài cao nhất (mặc định)")
    LINEAR = "linear", _("Tuyến tính, so với bài cao nhất")
    RANK = "rank", _("Theo thứ hạng")


RESULTS_PER_PAGE = 50  # rows of the public results table per page


class Stage(models.TextChoices):
    """Where a contest stands on its timeline (ContestPage.stage), in timeline order."""

    UPCOMING = "upcoming", _("Sắp mở nhận bài")
    OPEN = "open", _("Đang nhận bài")
    BEFORE_JUDGING = "before_judging", _("Chờ chấm")
    JUDGING = "judging", _("Đang chấm")
    TO_PUBLISH = "to_publish", _("Chờ công bố kết quả")
    PUBLISHED = "published", _("Đã công bố kết quả")


def liker_key(likes_by: str, request) -> str | None:
    """ContestPage.liker_key for a contest known by its `likes_by` only (an entry's state)."""
    if likes_by == ContestPage.LikesBy.LEARNERS:
        learner = getattr(request.user, "learner", None) if request.user.is_authenticated else None
        if learner is None or learner.phone_verified_at is None:
            return None
        return "L" + hashlib.sha256(f"learner:{learner.pk}".encode()).hexdigest()[:23]
    return visitor_key(request)


class ContestPage(CachedRestrictionsMixin, RoutablePageMixin, ChildRouteMixin, Page):
    """A contest: rules, timeline, scored parts with criteria, and the engagement part."""

    base_form_class = ContestPageForm  # own centre's files; rounds that fit together

    description = RichTextField(_("giới thiệu"), blank=True)
    rules = RichTextField(_("thể lệ"), blank=True)
    submissions_open = models.DateTimeField(_("mở nhận bài"))
    submissions_close = models.DateTimeField(_("hạn nộp bài"))
    judging_start = models.DateTimeField(_("bắt đầu chấm"))
    judging_end = models.DateTimeField(_("kết thúc chấm"))
    engagement_cutoff = models.DateTimeField(_("chốt số liệu tương tác"))
    results_published = models.DateTimeField(_("công bố kết quả"), null=True, blank=True)

    class LikesBy(models.TextChoices):
        ANYONE = "anyone", _("Mọi người (mỗi trình duyệt một lượt)")
        LEARNERS = "learners", _("Chỉ người học đã đăng nhập, số điện thoại đã xác nhận")

    likes_by = models.CharField(
        _("ai được thích bài dự thi"),
        max_length=10,
        choices=LikesBy.choices,
        default=LikesBy.ANYONE,
        help_text=_(
            "Người học: mỗi người một lượt thích, giữ nguyên trên mọi máy. Lượt xem và chia sẻ "
            "vẫn tính cho mọi người."
        ),
    )
    blind = models.BooleanField(_("chấm ẩn danh (giấu tên trung tâm)"), default=False)
    judges_see_others = models.BooleanField(
        _("giám khảo xem điểm của giám khảo khác"),
        default=False,
        help_text=_("Chỉ sau khi đã nộp điểm của mình cho bài đó."),
    )
    feedback_to_entrants = models.BooleanField(
        _("gửi nhận xét của giám khảo cho trung tâm dự thi sau khi công bố kết quả"),
        default=False,
    )
    first_round_name = models.CharField(
        _("tên vòng chấm đầu"),
        max_length=100,
        default="Sơ khảo",
        help_text=_("Dùng khi hội thi có nhiều vòng."),
    )
    z_scores = models.BooleanField(_("chuẩn hoá điểm từng giám khảo (z-score)"), default=False)
    engagement_weight = models.DecimalField(
        _("trọng số phần tương tác"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.2"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0–1; ví dụ 0,2 = 20% điểm cuối cùng từ lượt xem, thích, chia sẻ"),
    )
    weight_views = models.DecimalField(
        _("trọng số lượt xem"), max_digits=5, decimal_places=3, default=Decimal("0.4")
    )
    weight_likes = models.DecimalField(
        _("trọng số lượt thích"), max_digits=5, decimal_places=3, default=Decimal("0.3")
    )
    weight_shares = models.DecimalField(
        _("trọng số lượt chia sẻ"), max_digits=5, decimal_places=3, default=Decimal("0.2")
    )
    weight_comments = models.DecimalField(
        _("trọng số bình luận"), max_digits=5, decimal_places=3, default=Decimal("0.1")
    )
    normalisation = models.CharField(
        _("cách chuẩn hoá"), max_length=8, choices=Normalisation.choices, default=Normalisation.LOG
    )

    def likes_open(self) -> bool:
        """Likes and shares count until the engagement cut-off of the final round (the public
        vote's deadline)."""
        return timezone.now() < self.round_list()[-1].engagement_cutoff

    def liker_key(self, request) -> str | None:
        """Who is liking: for "learners only", the learner (verified number; the same key on
        every device), else None; for "anyone", the browser (hub.counters.visitor_key)."""
        return liker_key(self.likes_by, request)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("submissions_open"), FieldPanel("submissions_close")]),
                FieldRowPanel([FieldPanel("judging_start"), FieldPanel("judging_end")]),
                FieldRowPanel([FieldPanel("engagement_cutoff"), FieldPanel("results_published")]),
            ],
            _("Thời gian"),
        ),
        FieldPanel("likes_by"),
        InlinePanel("parts", label=_("Phần thi"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("engagement_weight"),
                FieldPanel("normalisation"),
                FieldRowPanel(
                    [
                        FieldPanel("weight_views"),
                        FieldPanel("weight_likes"),
                        FieldPanel("weight_shares"),
                        FieldPanel("weight_comments"),
                    ]
                ),
            ],
            _("Phần tương tác (lượt xem, thích, chia sẻ)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("blind"),
                FieldPanel("judges_see_others"),
                FieldPanel("feedback_to_entrants"),
                FieldPanel("z_scores"),
                InlinePanel("judges", label=_("Giám khảo")),
            ],
            _("Chấm thi"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("first_round_name"),
                InlinePanel("rounds", label=_("Vòng chấm tiếp theo")),
            ],
            _("Các vòng chấm (sơ khảo → chung khảo)"),
            help_text=_(
                "Vòng 1 dùng thời gian chấm ở trên. Mỗi phần thi và giám khảo ghi số vòng của "
                "mình; vòng sau chỉ gồm các bài được chuyển vòng."
            ),
        ),
        InlinePanel("prize_tiers", label=_("Giải thưởng (theo thứ tự từ cao xuống)")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["contests.ContestIndexPage"]
    subpage_types = ["contests.EntryPage"]
    child_page_model = "contests.EntryPage"
    child_select_related = ("centre__merged_into", "video")  # "nay thuộc" of merged centres

    class Meta:
        verbose_name = _("hội thi")
        verbose_name_plural = _("hội thi")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.submissions_open
            and self.submissions_close
            and self.submissions_close <= self.submissions_open
        ):
            errors["submissions_close"] = _("Hạn nộp bài phải sau ngày mở nhận bài.")
        if self.judging_start and self.judging_end and self.judging_end <= self.judging_start:
            errors["judging_end"] = _("Kết thúc chấm phải sau khi bắt đầu chấm.")
        if (
            self.submissions_close
            and self.judging_start
            and self.judging_start < self.submissions_close
        ):
            errors["judging_start"] = _("Chỉ bắt đầu chấm sau hạn nộp bài.")
        weights = [self.weight_views, self.weight_likes, self.weight_shares, self.weight_comments]
        if any(w is not None and w < 0 for w in weights):
            errors["weight_views"] = _("Trọng số không được âm.")
        elif self.engagement_weight and sum(w or 0 for w in weights) <= 0:
            errors["weight_views"] = _(
                "Có phần tương tác thì tổng trọng số các chỉ số phải lớn hơn 0."
            )
        if errors:
            raise ValidationError(errors)

    def rounds_problem(self) -> str | None:
        """Why the rounds do not fit together, or None (see rounds_problem)."""
        return rounds_problem(self.round_list(), {p.round_number for p in self.parts.all()})

    # --- timeline -----------------------------------------------------------------------------

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submissions_open <= now < self.submissions_close

    def round_list(self) -> list[JudgingRound]:
        """Every judging round in order: round 1 from the contest's fields, then the rows (read
        once per instance; prefetch "rounds" for many contests)."""
        cached = self.__dict__.get("_round_list")
        if cached is not None and cached[0] == (self.judging_start, self.judging_end):
            return cached[1]
        rows = sorted(self.rounds.all(), key=lambda r: (r.sort_order or 0, r.pk or 0))
        first = JudgingRound(
            1,
            self.first_round_name if rows else str(_("Chấm thi")),
            self.judging_start,
            self.judging_end,
            self.engagement_cutoff,
            not rows,
        )
        found = [first] + [
            JudgingRound(
                i + 2,
                r.name,
                r.judging_start,
                r.judging_end,
                r.engagement_cutoff,
                i == len(rows) - 1,
            )
            for i, r in enumerate(rows)
        ]
        self.__dict__["_round_list"] = ((self.judging_start, self.judging_end), found)
        return found

    def current_round(self, now=None) -> JudgingRound:
        """The round being judged, or the last one that started (the first before any)."""
        now = now or timezone.now()
        rounds = self.round_list()
        started = [r for r in rounds if r.judging_start <= now]
        return started[-1] if started else rounds[0]

    def get_round(self, number) -> JudgingRound | None:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        return next((r for r in self.round_list() if r.number == number), None)

    @property
    def final_judging_end(self):
        return self.round_list()[-1].judging_end

    def judging_open(self, now=None) -> bool:
        """Some round is being judged."""
        return any(r.judging_open(now) for r in self.round_list())

    def results_public(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.results_published and self.results_published <= now)

    def stage(self, now=None) -> Stage:
        now = now or timezone.now()
        if self.results_public(now):
            return Stage.PUBLISHED
        for end, stage in (
            (self.submissions_open, Stage.UPCOMING),
            (self.submissions_close, Stage.OPEN),
            (self.judging_start, Stage.BEFORE_JUDGING),
            (self.final_judging_end, Stage.JUDGING),
        ):
            if now < end:
                return stage
        return Stage.TO_PUBLISH

    @property
    def metric_weights(self) -> dict[str, float]:
        return {
            "views": float(self.weight_views),
            "likes": float(self.weight_likes),
            "shares": float(self.weight_shares),
            "comments": float(self.weight_comments),
        }

    def criteria(self, round_number: int | None = None) -> list[Criterion]:
        """The criteria of one round (of every round when None)."""
        found = Criterion.objects.filter(part__contest=self)
        if round_number is not None:
            found = found.filter(part__round_number=round_number)
        return list(found.select_related("part").order_by("part__sort_order", "sort_order"))

    # --- public routes --------------------------------------------------------------------------

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("ket-qua/", name="results")
    def results(self, request):
        return serve_page_view("contests:results", request, self)

    @path("chung-nhan/<str:token>/", name="certificate_check")
    def certificate_check(self, request, token):
        return serve_page_view("contests:certificate_check", request, self, token)

    def get_context(self, request, *args, entries=True, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not entries:  # the results page shows the ranking instead
            return context
        context["page_obj"] = paginate(
            request,
            EntryPage.objects.live()
            .child_of(self)
            .select_related("centre__merged_into", "video")
            .order_by("title"),
            per_page=24,
        )
        context["entries"] = context["page_obj"].object_list
        context["parts"] = self.parts.prefetch_related("criteria")
        return context


class ContestPart(ClusterableModel, Orderable):
    """A part (phần thi) scored by judges, with its weight and criteria."""

    contest = ParentalKey("contests.ContestPage", on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(_("tên phần thi"), max_length=200)
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    round_number = models.PositiveSmallIntegerField(
        _("vòng"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 = vòng đầu (sơ khảo); 2 = vòng tiếp theo …"),
    )
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight"), FieldPanel("round_number")]),
        InlinePanel("criteria", label=_("Tiêu chí"), min_num=1),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("phần thi")

    def __str__(self):
        return self.name


class Criterion(Orderable):
    part = ParentalKey("contests.ContestPart", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=200)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight = models.DecimalField(
        _("trọng số trong phần thi"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("max_points"), FieldPanel("weight")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("tiêu chí")

    def __str__(self):
        return self.name


class ContestJudge(Orderable):
    """A judge of one contest; the centre (if any) they belong to is excluded from their scoring."""

    contest = ParentalKey("contests.ContestPage", on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    centre = models.ForeignKey(
        "hub.Centre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thuộc trung tâm"),
        help_text=_("Giám khảo không chấm bài của trung tâm mình."),
    )
    round_number = models.PositiveSmallIntegerField(
        _("chấm vòng"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Để trống: chấm mọi vòng."),
    )
    panel = models.CharField(
        _("tổ chấm"),
        max_length=40,
        blank=True,
        help_text=_("Ví dụ: Tổ 1. Phân công tự động chia bài theo tổ."),
    )
    panels = [
        FieldRowPanel([FieldPanel("user"), FieldPanel("centre")]),
        FieldRowPanel([FieldPanel("round_number"), FieldPanel("panel")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="one_judge_row_per_user")
        ]

    def __str__(self):
        return str(self.user)

    def judges_round(self, number: int) -> bool:
        return self.round_number is None or self.round_number == number
