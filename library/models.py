"""The digital library (thư viện số) of each centre, and the hub's federated catalogue."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from hub.caching.pagecache import count_on_cache_hits
from hub.counters import CounterQuerySet
from hub.federation import attach_centres, attach_origins, centres_by_root_path
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

from .cards import PICTURE_FIELDS, pictures_of, prepare_covers

DCMI_TYPES = {"sach": "Text", "tai-lieu": "Text", "am-thanh": "Sound", "video": "MovingImage"}


class LibraryIndexPage(CachedRestrictionsMixin, OnePerParentMixin, ChildRouteMixin, Page):
    """A centre's digital library; on the hub, the federated catalogue of every centre."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HubHomePage", "home.CentreHomePage"]
    subpage_types = ["library.LibraryItemPage"]
    child_page_model = "library.LibraryItemPage"
    # everything the item's page shows (see LibraryItemPage._loaded)
    child_select_related = ("field", "cover", "video", "stats", "document__analysis__thumbnail")
    child_prefetch_related = ("tagged_items__tag",)

    class Meta:
        verbose_name = _("thư viện số")
        verbose_name_plural = _("thư viện số")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        federated = self.get_parent().specific_class.__name__ == "HubHomePage"
        centres = centres_by_root_path(request)
        items = LibraryItemPage.objects.live()
        if not federated:
            items = items.descendant_of(self)
        browse = browse_catalogue(request, public_only(items), centres if federated else {})
        context.update(browse, federated=federated)
        return context


SORTS = {
    "moi-nhat": (("-first_published_at", "-pk"), _("Mới nhất")),
    "doc-nhieu": (("-reads", "-first_published_at"), _("Đọc nhiều")),
    # By title, ties by id (a page of results never repeats the previous one). Not `title` alone:
    # PostgreSQL then sorts every live page of the site, lessons and news too (on disk, at 40,000
    # pages), before it looks for the first library items among them. A title is never empty, so
    # COALESCE with a column of the item's own table orders by the title all the same, and the
    # items are joined first and only the first page of them kept (top-N): 69 -> 29 ms.
    "ten": ((Coalesce("title", "authors").asc(), "pk"), _("Theo tên")),
}

# What a card (library/includes/item_card.html) shows of an item, its link and its centre: the
# listing loads these columns only, and of its cover what the cover's cache key needs
CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "kind",
    "authors",
    "year",
    "field_id",
    "cover_id",
    "document_id",
    *(f"cover__{name}" for name in PICTURE_FIELDS),
)


def browse_catalogue(request, items, centres: dict) -> dict:
    """The library's facets (field, type, centre), sorts and pagination, from hub.pagekit.catalogue;
    the page's items ready for their cards: centre, field, cover (library/cards.py) without a
    query of their own."""
    context = browse(
        request,
        items,
        centres,
        facets=[ChoiceFacet("loai", "kind", LibraryItemPage.Kind.choices)],
        sorts=SORTS,
        default_sort="moi-nhat",
        annotate={"reads": Coalesce("stats__reads", 0)},
        select_related=("cover",),
        only=CARD_FIELDS,
    )
    context["kind"] = context["chosen"].get("loai")
    items = attach_centres(context["page_obj"].object_list, request)
    attach_origins(items)  # the chip of items moved in by a merge of centres
    fields = {field.pk: field for field, _count in context["field_facets"]}  # cached taxonomy
    for item in items:
        if item.field_id in fields:
            item.field = fields[item.field_id]
    prepare_covers(items, pictures_of(items))
    return context


class LibraryItemTag(TaggedItemBase):
    content_object = ParentalKey(
        "library.LibraryItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LibraryItemQuerySet(PageQuerySet):
    def for_oai(self):
        return (
            public_only(self.live())
            .select_related("field", "document")
            .order_by("last_published_at", "pk")
        )


class LibraryItemPage(CachedRestrictionsMixin, RoutablePageMixin, Page):
    """A digitised book, document, recording or video in a centre's library (Dublin Core metadata)."""

    base_form_class = CentrePageForm  # files of the editor's own centre only

    class Kind(models.TextChoices):
        BOOK = "sach", _("Sách")
        DOCUMENT = "tai-lieu", _("Tài liệu")
        AUDIO = "am-thanh", _("Âm thanh")
        VIDEO = "video", _("Video")

    class Licence(models.TextChoices):
        OWN_WORK = "tu-bien-soan", _("Trung tâm tự biên soạn")
        PERMISSION = "da-xin-phep", _("Đã được tác giả/nhà xuất bản cho phép")
        PUBLIC_DOMAIN = "pd", _("Phạm vi công cộng (hết thời hạn bảo hộ)")
        CC_BY = "cc-by", "Creative Commons BY 4.0"
        CC_BY_SA = "cc-by-sa", "Creative Commons BY-SA 4.0"
        CC_BY_NC = "cc-by-nc", "Creative Commons BY-NC 4.0"
        CC_BY_NC_SA = "cc-by-nc-sa", "Creative Commons BY-NC-SA 4.0"
        CC_BY_ND = "cc-by-nd", "Creative Commons BY-ND 4.0"
        CC0 = "cc0", "Creative Commons CC0 1.0"

    LICENCE_URLS = {
        "cc-by": "https://creativecommons.org/licenses/by/4.0/",
        "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
        "cc-by-nc": "https://creativecommons.org/licenses/by-nc/4.0/",
        "cc-by-nc-sa": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "cc-by-nd": "https://creativecommons.org/licenses/by-nd/4.0/",
        "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
        "pd": "https://creativecommons.org/publicdomain/mark/1.0/",
    }

    class Language(models.TextChoices):
        VI = "vi", _("Tiếng Việt")
        EN = "en", _("Tiếng Anh")
        OTHER = "mul", _("Ngôn ngữ khác")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.BOOK)
    authors = models.CharField(
        _("tác giả"), max_length=255, blank=True, help_text=_("Nhiều tác giả cách nhau bằng dấu ;")
    )
    publisher = models.CharField(_("nhà xuất bản"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(
        _("năm xuất bản"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(datetime.date.today().year + 1)],
    )
    language = models.CharField(_("ngôn ngữ"), max_length=3, choices=Language.choices, default="vi")
    field = models.ForeignKey(
        "hub.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    tags = ClusterTaggableManager(through=LibraryItemTag, blank=True, verbose_name=_("từ khóa"))
    summary = models.TextField(_("tóm tắt"), max_length=2000, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh bìa"),
        help_text=_("Để trống: lấy trang đầu của tệp PDF."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp tài liệu"),
        help_text=_("PDF, EPUB hoặc tệp âm thanh"),
    )
    video = models.ForeignKey(
        "hub.Video",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("video"),
    )
    licence = models.CharField(_("bản quyền"), max_length=16, choices=Licence.choices)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True)

    objects = PageManager.from_queryset(LibraryItemQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("field")]),
                FieldPanel("authors"),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("isbn")]),
                FieldPanel("tags"),
            ],
            _("Thông tin thư mục"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("video"), FieldPanel("cover")], _("Tệp")
        ),
        MultiFieldPanel([FieldPanel("licence"), FieldPanel("source")], _("Bản quyền và nguồn")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("authors"),
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.SearchField("pdf_text"),
        index.FilterField("kind"),
        index.FilterField("field"),
        index.FilterField("year"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tài liệu thư viện")
        verbose_name_plural = _("tài liệu thư viện")

    def clean(self):
        super().clean()
        # Catalogue entries may come before their digitised file; a video item needs its video.
        if self.kind == self.Kind.VIDEO and not self.video_id:
            raise ValidationError({"video": _("Tài liệu loại video cần chọn một video.")})

    # --- derived data -----------------------------------------------------------------------

    @property
    def analysis(self):
        return getattr(self.document, "analysis", None) if self.document_id else None

    def pdf_text(self) -> str:
        analysis = self.analysis
        return analysis.text if analysis else ""

    @property
    def cover_image(self):
        if self.cover_id:
            return self.cover
        analysis = self.analysis
        return analysis.thumbnail if analysis else None

    @property
    def generated_cover(self):
        """The cover drawn when the item has no `cover_image`: title and field on the field's
        colour (library/covers.py; library/includes/generated_cover.html draws it)."""
        from .covers import cover_for

        return cover_for(self.title, self.field.name, self.field_id)

    @property
    def is_pdf(self) -> bool:
        return bool(self.document_id) and self.document.file_extension.lower() == "pdf"

    @property
    def author_list(self) -> list[str]:
        return [a.strip() for a in self.authors.split(";") if a.strip()]

    def dublin_core(self, request=None) -> dict[str, list[str]]:
        """The item as Dublin Core elements (used by the page's meta tags and by OAI-PMH)."""
        url = self.get_full_url(request)
        licence = self.get_licence_display()
        rights = [licence] + (
            [self.LICENCE_URLS[self.licence]] if self.licence in self.LICENCE_URLS else []
        )
        fmt = []
        if self.document_id:
            fmt.append(_mime(self.document.file_extension))
        if self.video_id:
            fmt.append("video/mp4")
        centre = getattr(self, "centre", None)
        return {
            "title": [self.title],
            "creator": self.author_list,
            "subject": [self.field.name] + [t.tag.name for t in self.tagged_items.all()],
            "description": [self.summary] if self.summary else [],
            "publisher": [self.publisher] if self.publisher else [],
            "contributor": [centre.title] if centre else [],
            "date": [str(self.year)] if self.year else [],
            "type": [DCMI_TYPES[self.kind]],
            "format": fmt,
            "identifier": [url] + ([f"ISBN {self.isbn}"] if self.isbn else []),
            "source": [self.source] if self.source else [],
            "language": [self.language],
            "rights": rights,
        }

    # --- reading, downloading -----------------------------------------------------------------

    def _loaded(self) -> LibraryItemPage:
        """This item with everything its page shows, in one query (plus one for tags)."""
        if LibraryItemPage.field.is_cached(self):  # routed by LibraryIndexPage with its rows
            return self
        index = LibraryIndexPage
        return (
            LibraryItemPage.objects.select_related(*index.child_select_related)
            .prefetch_related(*index.child_prefetch_related)
            .get(pk=self.pk)
        )

    @path("")
    def detail(self, request):
        if getattr(request, "is_preview", False):
            return self.render(request)  # a preview renders the unsaved revision as it is
        return self._loaded().render(request)

    def document_refusal(self, request) -> HttpResponse | None:
        """What Wagtail's own document serving would answer instead of this item's document
        (its `before_serve_document` hooks: the collection's login or password restriction), or
        None. The reader and its page images show the document, so they obey the same rules."""
        if not self.document_id:
            return None
        for hook in hooks.get_hooks("before_serve_document"):
            result = hook(self.document, request)
            if isinstance(result, HttpResponse):
                return result
        return None

    @cached_property
    def document_is_restricted(self) -> bool:
        return bool(self.document_id and self.document.collection.get_view_restrictions().exists())

    @path("doc/")
    def reader(self, request):
        if not self.is_pdf or not self.analysis or self.analysis.error:
            return redirect(self.url)
        if refusal := self.document_refusal(request):
            return refusal
        LibraryItemStats.objects.count_once(request, self.pk, "reads")
        response = self.render(
            request,
            template="library/reader.html",
            context_overrides={"pages": range(1, self.analysis.page_count + 1)},
        )
        if self.document_is_restricted:
            patch_cache_control(response, private=True)  # never in the shared page cache
        else:
            count_on_cache_hits(request, "library-read", self.pk)
        return response

    @path("trang/<int:number>/")
    def page_image(self, request, number: int):
        return serve_page_view("library:page-image", request, self, number)

    @path("tai-ve/")
    def download(self, request):
        if self.document_id:  # named after the item, refused and counted there
            return serve_page_view("library:download", request, self)
        target = self.video.mp4.url if self.video_id else None
        if not target:
            return redirect(self.url)
        LibraryItemStats.objects.count_once(request, self.pk, "downloads")
        return redirect(target)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_centres([self], request)
        context["dc"] = self.dublin_core(request)
        try:
            context["stats"] = self.stats
        except LibraryItemStats.DoesNotExist:
            context["stats"] = None
        return context


def _mime(extension: str) -> str:
    return {
        "pdf": "application/pdf",
        "epub": "application/epub+zip",
        "mp3": "audio/mpeg",
        "m4a": "audio/mp4",
        "ogg": "audio/ogg",
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }.get(extension.lower(), "application/octet-stream")


class LibraryItemStatsQuerySet(CounterQuerySet):
    subject = "library"  # count_once(request, pk, "reads" or "downloads")


class LibraryItemStats(models.Model):
    """Read and download counts, kept apart from the page so revisions never roll them back."""

    page = models.OneToOneField(
        "library.LibraryItemPage", on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    reads = models.PositiveIntegerField(_("lượt đọc"), default=0)
    downloads = models.PositiveIntegerField(_("lượt tải"), default=0)

    objects = LibraryItemStatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt đọc và tải")

    def __str__(self):
        return _("%(page)s: %(reads)s đọc, %(downloads)s tải") % {
            "page": self.page_id,
            "reads": self.reads,
            "downloads": self.downloads,
        }


class DocumentAnalysis(models.Model):
    """What the pipeline learnt from a PDF: page count, text for search, a first-page cover."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="analysis"
    )
    file_name = models.CharField(max_length=255)
    page_count = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    thumbnail = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(blank=True)
    analysed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phân tích tệp PDF")

    def __str__(self):
        pages = ngettext(
            "%(file)s (%(pages)s trang)", "%(file)s (%(pages)s trang)", self.page_count
        )
        return pages % {"file": self.file_name, "pages": self.page_count}


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user, libraries):
        """Jobs the user may follow among `libraries` (those they may add items to): their own,
        and every job in a library they may publish in (its editors)."""
        supervised = [i.pk for i in libraries if i.permissions_for_user(user).can_publish_subpage()]
        return self.filter(library_id__in=[i.pk for i in libraries]).filter(
            Q(user=user) | Q(library_id__in=supervised)
        )

    def expired(self, now=None):
        """Jobs older than LIBRARY_IMPORT_JOB_MAX_AGE seconds (a day): finished, or abandoned
        with their file (never confirmed, or their worker gone)."""
        age = getattr(settings, "LIBRARY_IMPORT_JOB_MAX_AGE", 24 * 3600)
        return self.filter(created_at__lt=(now or timezone.now()) - datetime.timedelta(seconds=age))


class ImportJob(models.Model):
    """One catalogue file an editor imports from the admin ("Nhập danh mục thư viện"): checked in
    the background, previewed, confirmed, imported; the editor follows it on its status page.

    The uploaded file is kept in the row, never in (public) media storage, and emptied as soon as
    the job ends; jobs older than a day are deleted (`ImportJob.objects.expired()`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        READY = "ready", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Chờ nhập")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập")
        FAILED = "failed", _("Không nhập được")

    RUNNING = (Status.QUEUED, Status.CHECKING, Status.CONFIRMED, Status.IMPORTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    library = models.ForeignKey(
        "library.LibraryIndexPage", on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(default=b"", blank=True)  # the upload (10 MB at most) until the end
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=list, blank=True)  # the first rows, as the check read them
    errors = models.JSONField(default=list, blank=True)  # messages, the first 200
    error_count = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập danh mục")
        verbose_name_plural = _("lần nhập danh mục")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    def finish(self, status: str, *, errors=(), **fields) -> None:
        """End the job (DONE or FAILED): its messages kept, its file deleted."""
        errors = [str(error) for error in errors]
        values = {
            "status": status,
            "errors": errors[:200],
            "error_count": len(errors),
            "data": b"",
            "finished_at": timezone.now(),
            **fields,
        }
        ImportJob.objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)


__all__ = [
    "DocumentAnalysis",
    "ImportJob",
    "LibraryIndexPage",
    "LibraryItemPage",
    "LibraryItemStats",
    "LibraryItemTag",
    "browse_catalogue",
]
