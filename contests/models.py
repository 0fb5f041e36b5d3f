"""Contests between centres: contest pages with parts and criteria, entries, judges, scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from hub.pages import CachedRestrictionsMixin, ChildRouteMixin, OnePerParentMixin, public_only


class ContestIndexPage(CachedRestrictionsMixin, OnePerParentMixin, ChildRouteMixin, Page):
    """The hub's list of contests between centres."""

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
    LOG = "log", _("Theo log, so với bài cao nhất (mặc định)")
    LINEAR = "linear", _("Tuyến tính, so với bài cao nhất")
    RANK = "rank", _("Theo thứ hạng")


RESULTS_PER_PAGE = 50  # rows of the public results table per page


class ContestPage(CachedRestrictionsMixin, RoutablePageMixin, ChildRouteMixin, Page):
    """A contest: rules, timeline, scored parts with criteria, and the engagement part."""

    description = RichTextField(_("giới thiệu"), blank=True)
    rules = RichTextField(_("thể lệ"), blank=True)
    submissions_open = models.DateTimeField(_("mở nhận bài"))
    submissions_close = models.DateTimeField(_("hạn nộp bài"))
    judging_start = models.DateTimeField(_("bắt đầu chấm"))
    judging_end = models.DateTimeField(_("kết thúc chấm"))
    engagement_cutoff = models.DateTimeField(_("chốt số liệu tương tác"))
    results_published = models.DateTimeField(_("công bố kết quả"), null=True, blank=True)
    blind = models.BooleanField(_("chấm ẩn danh (giấu tên trung tâm)"), default=False)
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
                FieldPanel("z_scores"),
                InlinePanel("judges", label=_("Giám khảo")),
            ],
            _("Chấm thi"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["contests.ContestIndexPage"]
    subpage_types = ["contests.EntryPage"]
    child_page_model = "contests.EntryPage"
    child_select_related = ("centre", "video")

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

    # --- timeline -----------------------------------------------------------------------------

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submissions_open <= now < self.submissions_close

    def judging_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.judging_start <= now < self.judging_end

    def results_public(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.results_published and self.results_published <= now)

    @property
    def metric_weights(self) -> dict[str, float]:
        return {
            "views": float(self.weight_views),
            "likes": float(self.weight_likes),
            "shares": float(self.weight_shares),
            "comments": float(self.weight_comments),
        }

    def criteria(self) -> list[Criterion]:
        return list(
            Criterion.objects.filter(part__contest=self)
            .select_related("part")
            .order_by("part__sort_order", "sort_order")
        )

    # --- public routes --------------------------------------------------------------------------

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("ket-qua/", name="results")
    def results(self, request):
        from django.http import Http404

        from .ranking import published_ranking

        if not self.results_public() and not getattr(request, "is_preview", False):
            raise Http404("Kết quả chưa được công bố.")
        from hub.pages import paginate

        site = Site.find_for_request(request) or self.get_site()
        page_obj = paginate(request, published_ranking(self, site), per_page=RESULTS_PER_PAGE)
        return self.render(
            request,
            template="contests/results.html",
            context_overrides={"ranking": page_obj.object_list, "page_obj": page_obj},
            entries=False,
        )

    def get_context(self, request, *args, entries=True, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not entries:  # the results page shows the ranking instead
            return context
        from hub.pages import paginate

        context["page_obj"] = paginate(
            request,
            EntryPage.objects.live()
            .child_of(self)
            .select_related("centre", "video")
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
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight")]),
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
    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("centre")])]

    class Meta(Orderable.Meta):
        verbose_name = _("giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="one_judge_row_per_user")
        ]

    def __str__(self):
        return str(self.user)


class EntryPage(CachedRestrictionsMixin, RoutablePageMixin, Page):
    """An entry of a centre in a contest: participants, video and its copies on YouTube/Facebook."""

    centre = models.ForeignKey(
        "hub.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("trung tâm")
    )
    participants = models.CharField(_("người dự thi"), max_length=500)
    summary = models.TextField(_("tóm tắt"), max_length=2000, blank=True)
    video = models.ForeignKey(
        "hub.Video",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("video dự thi"),
    )
    youtube_url = models.URLField(_("liên kết YouTube"), blank=True)
    facebook_url = models.URLField(_("liên kết Facebook"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("centre"),
        FieldPanel("participants"),
        FieldPanel("summary"),
        FieldPanel("video"),
        MultiFieldPanel(
            [FieldPanel("youtube_url"), FieldPanel("facebook_url")], _("Video trên mạng xã hội")
        ),
    ]
    parent_page_types = ["contests.ContestPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")

    @property
    def submitted_at(self):
        return self.first_published_at or self.latest_revision_created_at

    @path("")
    def detail(self, request):
        from .counters import count_view

        if not getattr(request, "is_preview", False):
            count_view(request, self)
        response = self.render(request)
        patch_cache_control(response, private=True)  # shows whether this visitor liked it
        return response

    @path("thich/", name="like")
    def like(self, request):
        from .counters import toggle_like

        return toggle_like(request, self)

    @path("chia-se/<str:target>/", name="share")
    def share(self, request, target: str):
        from .counters import count_share

        return count_share(request, self, target)

    def get_context(self, request, *args, **kwargs):
        from hub.counters import visitor_key

        context = super().get_context(request, *args, **kwargs)
        context["counter"] = SiteCounter.objects.filter(entry=self).first()
        context["liked"] = SiteLike.objects.filter(
            entry=self, visitor=visitor_key(request)
        ).exists()
        return context


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


def _entry_form():
    from .forms import EntryPageForm

    return EntryPageForm


EntryPage.base_form_class = _entry_form()


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
