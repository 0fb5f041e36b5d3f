"""Home pages of the hub and of each centre, news, plain pages and the centre directory."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from hub.blocks import BodyBlock, HomeBodyBlock
from hub.centre_widgets import CentresWidget
from hub.federation import (
    NetworkRouteMixin,
    aggregate_by_centre,
    attach_centres,
    attach_origins,
    centres_matching,
    network,
)
from hub.forms import CentrePageForm
from hub.pagekit import (
    CachedRestrictionsMixin,
    ChildRouteMixin,
    OnePerParentMixin,
    paginate,
    public_only,
)

HOME_PAGE_TYPES = ["home.HubHomePage", "home.CentreHomePage"]


class HubHomePage(CachedRestrictionsMixin, NetworkRouteMixin, Page):
    """The steering committee's home page: the network's latest news and its centres."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.CentreDirectoryPage",
        "home.StandardPage",
        "library.LibraryIndexPage",
        "lessons.LessonIndexPage",
        "contests.ContestIndexPage",
        "events.EventIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ Ban chỉ đạo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = attach_centres(NewsPage.objects.latest(HUB_NEWS), request)
        context["centres"] = network(request).centres_by_name
        context["sections"] = section_links(self)
        context.update(home_listings(request, None, context["sections"]))
        return context


class CentreHomePage(CachedRestrictionsMixin, NetworkRouteMixin, Page):
    """The home page of one learning centre's subsite."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.StandardPage",
        "library.LibraryIndexPage",
        "lessons.LessonIndexPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("trang chủ trung tâm")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.listing().for_centre_home(self.path, request)
        context["latest_news"] = attach_centres(news[:CENTRE_NEWS], request)
        context["sections"] = section_links(self)
        context.update(home_listings(request, self, context["sections"]))
        return context


HUB_NEWS = 6
CENTRE_NEWS = 3
HOME_LESSONS = 3
HOME_ITEMS = 4


def home_listings(request, scope: Page | None, sections: list[Page]) -> dict:
    """What a home shows besides news: the newest lessons and library items (of the centre, or of
    the whole network on the hub) and the contests that are on. A fixed number of queries."""
    from contests.models import ContestPage
    from lessons.models import LessonIndexPage, LessonPage
    from library.models import LibraryIndexPage, LibraryItemPage

    lessons = public_only(LessonPage.objects.live()).select_related("field", "image")
    items = public_only(LibraryItemPage.objects.live()).select_related(
        "field", "cover", "document__analysis__thumbnail"
    )
    if scope is not None:
        lessons, items = lessons.descendant_of(scope), items.descendant_of(scope)
    now = timezone.now()
    contests = (
        public_only(ContestPage.objects.live())
        .filter(Q(judging_end__gte=now) | Q(rounds__judging_end__gte=now))
        .distinct()
        .prefetch_related("rounds")
    )
    return {
        "latest_lessons": attach_centres(
            lessons.order_by("-first_published_at", "-pk")[:HOME_LESSONS], request
        ),
        "latest_items": attach_centres(
            items.order_by("-first_published_at", "-pk")[:HOME_ITEMS], request
        ),
        "current_contests": [
            _with_stage(contest, now) for contest in contests.order_by("submissions_close")[:3]
        ],
        "lessons_section": next((p for p in sections if isinstance(p, LessonIndexPage)), None),
        "library_section": next((p for p in sections if isinstance(p, LibraryIndexPage)), None),
        "news_section": next((p for p in sections if isinstance(p, NewsIndexPage)), None),
    }


def _with_stage(contest, now):
    """Set `contest.stage`: what a visitor can do now, with the date it ends (or starts)."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    def day(moment):
        return date_format(localtime(moment), "d/m/Y")

    if now < contest.submissions_open:
        contest.stage = _("Nhận bài từ %(date)s") % {"date": day(contest.submissions_open)}
    elif now < contest.submissions_close:
        contest.stage = _("Nhận bài đến %(date)s") % {"date": day(contest.submissions_close)}
    else:
        contest.stage = _("Đang chấm thi, đến %(date)s") % {"date": day(contest.final_judging_end)}
    return contest


def section_links(home: Page) -> list[Page]:
    """The library, lesson and news sections under a home page, in menu order (one query)."""
    return list(home.get_children().live().in_menu().specific(defer=True))


class NewsIndexPage(CachedRestrictionsMixin, OnePerParentMixin, ChildRouteMixin, Page):
    """News and announcements of a centre; on the hub, news from the whole network."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = HOME_PAGE_TYPES
    subpage_types = ["home.NewsPage"]
    child_page_model = "home.NewsPage"
    child_select_related = ("image",)

    class Meta:
        verbose_name = _("trang tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        is_hub = self.get_parent().specific_class is HubHomePage
        news = NewsPage.objects.listing()
        news = (
            news
            if is_hub
            else news.for_centre_home(self.path[: -self.steplen], request, index=self)
        )
        kind = request.GET.get("loai")
        if kind in NewsPage.Kind.values:
            news = news.filter(kind=kind)
        page_obj = paginate(request, news, per_page=10)
        attach_centres(page_obj.object_list, request)
        attach_origins(page_obj.object_list)  # the "Của TTHTCĐ …" chip of moved news
        context.update(page_obj=page_obj, is_hub=is_hub, kind=kind, kinds=NewsPage.Kind.choices)
        return context


class NewsQuerySet(PageQuerySet):
    def listing(self):
        return (
            public_only(self.live())
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )

    def latest(self, count: int):
        return self.listing()[:count]

    def for_centre_home(self, home_path: str, request=None, index: Page | None = None):
        """A centre's news (under `index`, or anywhere under its home at `home_path`) and the
        hub's news sent to it (to every centre or to this one), less what the centre hid."""
        centre = network(request).centres.get(home_path)
        own = Q(path__startswith=index.path if index else home_path)
        own &= Q(depth__gt=index.depth if index else len(home_path) // Page.steplen)
        if centre is None:
            return self.filter(own)
        hub_root = next((s.root_page for s in network(request).sites if s.is_default_site), None)
        sent = Q(to_all_centres=True) | Exists(
            NewsPage.to_centres.through.objects.filter(newspage_id=OuterRef("pk"), centre=centre)
        )
        if hub_root is not None:
            sent &= Q(path__startswith=hub_root.path)
        hidden = Exists(HiddenSyndication.objects.filter(page_id=OuterRef("pk"), centre=centre))
        return self.filter(own | (sent & ~hidden))


class NewsPage(CachedRestrictionsMixin, Page):
    """A news item or announcement (thông báo) of a centre or of the committee."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    class Kind(models.TextChoices):
        NEWS = "tin", _("Tin tức")
        ANNOUNCEMENT = "thong-bao", _("Thông báo")

    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    kind = models.CharField(_("loại tin"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    summary = models.TextField(_("tóm tắt"), max_length=400, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("nội dung"))
    # syndication (a hub news item shown on centres' homes and news, linking here)
    to_all_centres = models.BooleanField(
        _("gửi tới mọi trung tâm"),
        default=False,
        help_text=_(
            "Tin của Ban chỉ đạo hiện ở trang chủ và mục tin của mọi trung tâm, dẫn về bài gốc; "
            "trung tâm có thể ẩn."
        ),
    )
    to_centres = ParentalManyToManyField(
        "hub.Centre",
        blank=True,
        related_name="+",
        verbose_name=_("hoặc chỉ gửi tới các trung tâm"),
    )

    objects = PageManager.from_queryset(NewsQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("kind")], _("Thông tin")),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("to_all_centres", permission="hub.view_all_centres"),
                FieldPanel(
                    "to_centres",
                    # every centre's box in a small network, a chooser in a large one
                    widget=CentresWidget,
                    permission="hub.view_all_centres",
                ),
            ],
            _("Gửi tới các trung tâm (tin của Ban chỉ đạo)"),
            permission="hub.view_all_centres",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")


class HiddenSyndication(models.Model):
    """A centre chose not to show one of the hub's news items sent to it."""

    centre = models.ForeignKey("hub.Centre", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(NewsPage, on_delete=models.CASCADE, related_name="hidden_by")
    hidden_at = models.DateTimeField(auto_now_add=True)
    hidden_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "page"], name="hide_syndication_once")
        ]

    def __str__(self):
        return f"{self.centre_id} hides {self.page_id}"


class StandardPage(CachedRestrictionsMixin, Page):
    """A plain page: about the centre, contact, regulations."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = [*HOME_PAGE_TYPES, "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("trang nội dung")


class CentreDirectoryPage(CachedRestrictionsMixin, Page):
    """The hub's directory of every centre with its contact details and activity."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("danh bạ trung tâm")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(centre_directory(request))
        return context


DIRECTORY_PER_PAGE = 50


def centre_directory(request) -> dict:
    """A page of rows (the centre, its content counts and last update), found by name typed with
    or without diacritics (`?q=`); a fixed number of queries, counted for the page's centres only,
    so the directory stays light with 3,300 centres."""
    from hub.pagekit import paginate
    from lessons.models import LessonPage
    from library.models import LibraryItemPage

    centres = network(request).centres_by_name
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        centres = centres_matching(centres, query)
    page_obj = paginate(request, centres, per_page=DIRECTORY_PER_PAGE)
    centres = list(page_obj.object_list)
    content_type = ContentType.objects.get_for_model
    stats = aggregate_by_centre(
        Page.objects.live(),
        centres,
        last_update=Max("last_published_at"),
        library=Count("pk", filter=Q(content_type=content_type(LibraryItemPage))),
        # lessons, not the courses that share their repository
        lessons=Count("pk", filter=Q(content_type=content_type(LessonPage))),
        news=Count("pk", filter=Q(content_type=content_type(NewsPage))),
    )
    empty = {"last_update": None, "library": 0, "lessons": 0, "news": 0}
    rows = [{"centre": centre, **stats.get(centre.pk, empty)} for centre in centres]
    return {"rows": rows, "page_obj": page_obj, "query": query}
