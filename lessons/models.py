"""The lesson repository (kho bài giảng) of each centre, and the hub's federated listing."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub.caching.invalidation import cached_for_content
from hub.caching.pagecache import count_on_cache_hits
from hub.counters import CounterQuerySet
from hub.federation import attach_centres, attach_origins, centres_by_root_path, home_path_of
from hub.forms import CentrePageForm
from hub.pagekit import (
    CachedRestrictionsMixin,
    ChildRouteMixin,
    ChoiceFacet,
    OnePerParentMixin,
    browse,
    public_only,
    serve_page_view,
)
from hub.uploads import private_storage

from .blocks import LessonBodyBlock
from .panels import LearnerUploadPanel


class Audience(models.TextChoices):
    EVERYONE = "moi-nguoi", _("Mọi người")
    ELDERLY = "nguoi-cao-tuoi", _("Người cao tuổi")
    WOMEN = "phu-nu", _("Phụ nữ")
    YOUTH = "thanh-thieu-nien", _("Thanh thiếu niên")
    FARMERS = "nong-dan", _("Nông dân")
    WORKERS = "nguoi-lao-dong", _("Người lao động")


class Level(models.TextChoices):
    BASIC = "co-ban", _("Cơ bản")
    INTERMEDIATE = "trung-binh", _("Trung bình")
    ADVANCED = "nang-cao", _("Nâng cao")


SORTS = {
    "moi-nhat": (("-first_published_at", "-pk"), _("Mới nhất")),
    "xem-nhieu": (("-views", "-first_published_at"), _("Xem nhiều")),
    "ten": (("title",), _("Theo tên")),
}


class LessonIndexPage(
    CachedRestrictionsMixin, OnePerParentMixin, RoutablePageMixin, ChildRouteMixin, Page
):
    """A centre's lesson repository; on the hub, the lessons of every centre."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage", "home.CentreHomePage"]
    subpage_types = ["lessons.LessonPage", "lessons.CoursePage"]
    child_page_model = "lessons.LessonPage"
    child_select_related = ("field", "image")

    class Meta:
        verbose_name = _("kho bài giảng")
        verbose_name_plural = _("kho bài giảng")

    def is_federated(self) -> bool:
        return self.get_parent().specific_class.__name__ == "HubHomePage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        federated = self.is_federated()
        lessons = LessonPage.objects.live()
        if not federated:
            lessons = lessons.descendant_of(self)
        context.update(
            browse(
                request,
                public_only(lessons),
                centres_by_root_path(request) if federated else {},
                facets=[
                    ChoiceFacet("doi-tuong", "audience", Audience.choices),
                    ChoiceFacet("trinh-do", "level", Level.choices),
                ],
                sorts=SORTS,
                default_sort="moi-nhat",
                annotate={"views": Coalesce("stats__views", 0)},
                select_related=("field", "image"),
            ),
            federated=federated,
        )
        attach_centres(context["page_obj"].object_list, request)
        attach_origins(context["page_obj"].object_list)  # chip of moved lessons
        # filtered on the page table's own content type column, so PostgreSQL finds the few
        # courses by that index instead of walking every page backwards by date to meet them
        courses = public_only(
            CoursePage.objects.live().filter(
                content_type=ContentType.objects.get_for_model(CoursePage)
            )
        )
        if not federated:
            courses = courses.child_of(self)
        context["courses"] = list(courses.order_by("-first_published_at")[:6])
        return context

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("chia-se/", name="share")
    def share(self, request):
        return serve_page_view("lessons:share", request, self)

    @path("chia-se/theo-doi/<slug:token>/", name="share_status")
    def share_status(self, request, token):
        return serve_page_view("lessons:share_status", request, self, token)

    @path("da-luu/", name="saved")
    def saved(self, request):
        return serve_page_view("lessons:saved", request, self)


class LessonTag(TaggedItemBase):
    content_object = ParentalKey(
        "lessons.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPage(CachedRestrictionsMixin, RoutablePageMixin, Page):
    """An e-lesson or video lesson, written by staff or shared by a learner after moderation."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    field = models.ForeignKey(
        "hub.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    audience = models.CharField(
        _("đối tượng"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    level = models.CharField(
        _("trình độ"), max_length=12, choices=Level.choices, default=Level.BASIC
    )
    duration = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    teacher = models.CharField(_("người dạy"), max_length=120, blank=True)
    summary = models.TextField(_("tóm tắt"), max_length=600, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    tags = ClusterTaggableManager(through=LessonTag, blank=True, verbose_name=_("từ khóa"))
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("nội dung bài giảng"))
    shared_by = models.CharField(
        _("người chia sẻ"),
        max_length=120,
        blank=True,
        help_text=_("Tên người học đã gửi bài qua trang web"),
    )
    shared_contact = models.CharField(_("liên hệ người chia sẻ"), max_length=120, blank=True)
    pass_percent = models.PositiveSmallIntegerField(
        _("điểm đạt (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Người học “đạt” bài khi trả lời đúng từ tỉ lệ này các câu hỏi ôn tập"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("field"), FieldPanel("audience"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("duration"), FieldPanel("teacher")]),
                FieldPanel("tags"),
            ],
            _("Thông tin bài giảng"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("pass_percent"),
        MultiFieldPanel(
            [FieldPanel("shared_by"), FieldPanel("shared_contact"), LearnerUploadPanel()],
            _("Bài do người học gửi"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("teacher"),
        index.SearchField("body"),
        index.FilterField("field"),
        index.FilterField("audience"),
        index.FilterField("level"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["lessons.LessonIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài giảng")
        verbose_name_plural = _("bài giảng")

    def quiz_questions(self) -> list:
        """The lesson's self-check questions (quiz blocks of the body), in order."""
        return [block for block in self.body if block.block_type == "quiz"]

    def score(self, answers: dict) -> tuple[int, int]:
        """(correct, total) for {question block id: chosen answer index}; unknown ids, missing
        questions and out-of-range choices count as wrong."""
        questions = self.quiz_questions()
        correct = 0
        for block in questions:
            chosen = answers.get(block.id)
            choices = block.value["answers"]
            if isinstance(chosen, int) and 0 <= chosen < len(choices):
                correct += bool(choices[chosen]["correct"])
        return correct, len(questions)

    def passes(self, correct: int, total: int) -> bool:
        return total > 0 and correct * 100 >= self.pass_percent * total

    @property
    def poster_url(self) -> str:
        """A picture for previews and offline: the lesson image, else the first video's poster
        (of the body, else of the learner's published video)."""
        if self.image_id:
            return self.image.get_rendition("fill-1200x630").url
        upload = self.published_upload
        if upload is not None and upload.video and upload.video.poster_url:
            return upload.video.poster_url
        for block in self.body:
            if (
                block.block_type == "video"
                and block.value["video"]
                and block.value["video"].poster_url
            ):
                return block.value["video"].poster_url
        return ""

    @cached_property
    def published_upload(self) -> LearnerUpload | None:
        """The learner's file once published (None before, or for lessons written by staff)."""
        try:
            upload = self.learner_upload
        except LearnerUpload.DoesNotExist:
            return None
        return upload if upload.released_at else None

    @cached_property
    def waiting_upload(self) -> LearnerUpload | None:
        """The learner's file while it waits for moderation (shown in staff previews only)."""
        try:
            upload = self.learner_upload
        except LearnerUpload.DoesNotExist:
            return None
        return None if upload.released_at else upload

    def related(self, limit: int = 4) -> list[LessonPage]:
        """Other live lessons of the same field, newest first, this centre's before the others.

        Which lessons they are is kept in the cache until any page is published (content
        version); each request then loads just those rows. Computing it takes two index-backed
        queries: this centre's subtree first, the rest of the network only if it falls short
        (one query ordering every lesson of the field by "is it here" took 30 ms at 20,000).
        """

        def choose() -> list[int]:
            centre_root = home_path_of(self.path)
            same_field = public_only(
                LessonPage.objects.live().filter(field_id=self.field_id).exclude(pk=self.pk)
            ).order_by("-first_published_at", "-pk")
            pks = list(
                same_field.filter(path__startswith=centre_root).values_list("pk", flat=True)[:limit]
            )
            if len(pks) < limit:
                others = same_field.exclude(path__startswith=centre_root)
                pks += others.values_list("pk", flat=True)[: limit - len(pks)]
            return pks

        pks = cached_for_content("lessons:related", f"{self.pk}:{limit}", choose)
        loaded = LessonPage.objects.select_related("field", "image").in_bulk(pks)
        return [loaded[pk] for pk in pks if pk in loaded]

    @path("")
    def detail(self, request):
        if getattr(request, "is_preview", False):
            return self.render(request)
        if LessonPage.field.is_cached(self):  # routed by LessonIndexPage with its rows
            return self.render(request)
        # otherwise fetch them with the page in one query
        loaded = LessonPage.objects.select_related("field", "image").get(pk=self.pk)
        return loaded.render(request)

    @path("ma-qr/", name="qr")
    def qr_code(self, request):
        """An SVG QR code of the lesson's full URL, for posters printed at the centre."""
        from django.http import HttpResponse
        from django.utils.cache import patch_cache_control

        from hub.qr import qr_svg

        response = HttpResponse(qr_svg(self.get_full_url(request)), content_type="image/svg+xml")
        patch_cache_control(response, public=True, max_age=86_400)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            LessonStats.objects.count_view(request, self.pk)
            count_on_cache_hits(request, "lesson-view", self.pk)
        related = self.related()
        attach_centres([self, *related], request)
        context["related"] = related
        url = self.get_url(request) or ""  # the index's "saved lessons" route, beside this lesson
        context["saved_lessons_url"] = url[: url.rstrip("/").rfind("/") + 1] + "da-luu/"
        return context


class LessonStatsQuerySet(CounterQuerySet):
    subject = "lesson"


class LessonStats(models.Model):
    """View counts, apart from the page so that revisions never roll them back."""

    page = models.OneToOneField(
        "lessons.LessonPage", on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    views = models.PositiveIntegerField(_("lượt xem"), default=0)

    objects = LessonStatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt xem bài giảng")

    def __str__(self):
        return f"{self.page_id}: {self.views}"


class LearnerUpload(models.Model):
    """The file a learner sent with a shared lesson. It stays in private storage (no address
    anyone can fetch; staff of the centre open it from the admin) until an editor publishes the
    lesson; then it becomes a video or document of the centre's collection, shown under the
    lesson's body, and the private copy is deleted."""

    class Kind(models.TextChoices):
        VIDEO = "video", _("video")
        DOCUMENT = "document", _("tài liệu")

    lesson = models.OneToOneField(
        "lessons.LessonPage", on_delete=models.CASCADE, related_name="learner_upload"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    file = models.FileField(
        _("tệp chờ duyệt"), storage=private_storage, upload_to="lessons/held/", blank=True
    )
    original_name = models.CharField(_("tên tệp người học gửi"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    video = models.ForeignKey(
        "hub.Video", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp người học gửi")
        verbose_name_plural = _("tệp người học gửi")

    def __str__(self):
        return self.original_name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.original_name.lower()).suffix


class CoursePage(Page):
    """A course (khoá học): an ordered series of lessons, from any centre of the network, with a
    completion rule. Learners enrol on its page; on completion they get a certificate (the
    learners app keeps enrolments and certificates)."""

    base_form_class = CentrePageForm

    summary = models.TextField(_("giới thiệu ngắn"), max_length=600, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    body = RichTextField(_("nội dung"), blank=True)
    require_quizzes = models.BooleanField(
        _("phải đạt các câu hỏi ôn tập"),
        default=True,
        help_text=_(
            "Khoá học hoàn thành khi người học đã học xong mọi bài và đạt mọi bài có câu hỏi"
        ),
    )
    issuer = models.CharField(
        _("đơn vị cấp chứng nhận"),
        max_length=255,
        blank=True,
        help_text=_("Để trống: tên trung tâm (hoặc ban chỉ đạo) của trang này"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("course_lessons", label=_("Bài học"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("require_quizzes"), FieldPanel("issuer")], _("Hoàn thành và chứng nhận")
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["lessons.LessonIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("khoá học")
        verbose_name_plural = _("khoá học")

    def lessons(self) -> list[LessonPage]:
        """The course's live lessons in order (one query)."""
        rows = (
            CourseLesson.objects.filter(course=self, lesson__live=True)
            .select_related("lesson__field")
            .order_by("sort_order")
        )
        return [row.lesson for row in rows]


class CourseLesson(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_lessons")
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("bài học")
    )

    panels = [PageChooserPanel("lesson")]

    class Meta(Orderable.Meta):
        verbose_name = _("bài học của khoá")
        constraints = [
            models.UniqueConstraint(fields=["course", "lesson"], name="lesson_once_per_course")
        ]
