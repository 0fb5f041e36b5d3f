"""The network's models: one learning centre per Wagtail Site, network-wide and per-site settings,
the lĩnh vực taxonomy; `Video` is defined with its pipeline (hub/video/models.py) and re-exported
here so its app label stays "hub"."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .caching.invalidation import cached_for_content
from .forms import CentreModelForm
from .video.models import Video  # noqa: F401  (the model lives with its pipeline in hub/video)


class CentreQuerySet(models.QuerySet):
    def with_site(self):
        return self.select_related("site", "site__root_page")

    def for_user(self, user):
        """Centres whose staff groups the user belongs to."""
        if not user.is_authenticated:
            return self.none()
        groups = user.groups.all()
        return self.filter(
            models.Q(editors_group__in=groups) | models.Q(contributors_group__in=groups)
        ).distinct()

    def confining(self, user) -> "list[Centre] | None":
        """The centres a staff member is confined to; None for hub staff, who see every one."""
        if user.is_superuser or user.has_perm("hub.view_all_centres"):
            return None
        return list(self.for_user(user).with_site())


class LiveCentreManager(models.Manager.from_queryset(CentreQuerySet)):
    """`Centre.objects`: the centres that have a site (active or archived). A centre merged into
    another keeps its row, without a site, for history (contest entries, statistics); reach it
    through `Centre.all_centres` or a relation."""

    def get_queryset(self):
        return super().get_queryset().filter(site__isnull=False)


class Centre(models.Model):
    """A community learning centre (TTHTCĐ) of a ward or commune, living on its own Wagtail Site.

    Hub staff create centres with `add_centre` (command or admin); editors then keep the contact
    details up to date here. Renaming, merging, retiring: home/lifecycle.py (docs/NETWORK_CHANGES.md).
    """

    class Kind(models.TextChoices):
        WARD = "phuong", _("Phường")
        COMMUNE = "xa", _("Xã")
        TOWNSHIP = "thi_tran", _("Thị trấn")

    class Status(models.TextChoices):
        ACTIVE = "hoat_dong", _("Đang hoạt động")
        ARCHIVED = "luu_tru", _("Ngừng hoạt động (lưu trữ)")
        MERGED = "sap_nhap", _("Đã sáp nhập")

    site = models.OneToOneField(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="centre",
        verbose_name=_("site"),
    )
    name = models.CharField(
        _("tên phường/xã"), max_length=120, unique=True, help_text=_("Ví dụ: Phường Lam Hạ")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.WARD)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    director = models.CharField(_("giám đốc trung tâm"), max_length=120, blank=True)
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thư mục tài liệu"),
    )
    editors_group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("nhóm biên tập")
    )
    contributors_group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("nhóm cộng tác")
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("đã sáp nhập vào"),
    )
    status_changed_at = models.DateTimeField(_("đổi tình trạng lúc"), null=True, blank=True)
    # the staff groups' permissions taken away when the centre was archived, given back on reopening
    archived_permissions = models.JSONField(default=dict, blank=True, editable=False)

    objects = LiveCentreManager()
    all_centres = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        base_manager_name = "all_centres"
        permissions = [("view_all_centres", "Quản lý mọi trung tâm (Ban chỉ đạo)")]
        verbose_name = _("trung tâm học tập cộng đồng")
        verbose_name_plural = _("trung tâm học tập cộng đồng")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """Public name, e.g. "TTHTCĐ phường Lam Hạ"."""
        return f"TTHTCĐ {self.name[:1].lower()}{self.name[1:]}"

    @property
    def historical_title(self) -> str:
        """The name for history (contest entries): "TTHTCĐ xã Phù Vân (nay thuộc TTHTCĐ phường
        Lam Hạ)" once merged, the plain title otherwise. Select `merged_into` with the centre
        in listings, or this costs a query per merged centre."""
        if self.status == self.Status.MERGED and self.merged_into_id:
            return _("%(title)s (nay thuộc %(now)s)") % {
                "title": self.title,
                "now": self.merged_into.title,
            }
        return self.title

    @property
    def root_path(self) -> str:
        return self.site.root_page.path

    @property
    def url(self) -> str:
        return self.site.root_url + "/"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tên"))
    url = blocks.URLBlock(label=_("Địa chỉ"))

    class Meta:
        icon = "link"
        label = _("Liên kết")


@register_setting(icon="site")
class NetworkSettings(BaseGenericSetting):
    """The network's identity and the links shown in every site's footer: the hub's name (its
    header, its web app manifest), the committee's name, channels and portals."""

    hub_name = models.CharField(
        _("tên trang liên thông"),
        max_length=100,
        default="Phủ Lý – Thành phố học tập",
        help_text=_("Hiện ở đầu trang liên thông và là tên ứng dụng khi cài trang lên điện thoại."),
    )
    committee_name = models.CharField(
        _("tên ban chỉ đạo"),
        max_length=255,
        default="Ban Chỉ đạo xây dựng xã hội học tập thành phố Phủ Lý",
    )
    facebook_url = models.URLField(_("trang Facebook"), blank=True)
    youtube_url = models.URLField(_("kênh YouTube"), blank=True)
    portals = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("cổng thông tin liên kết"),
        help_text=_("Ví dụ: Hội Khuyến học Việt Nam, Bộ Giáo dục và Đào tạo"),
    )
    show_visitor_counter = models.BooleanField(
        _("hiện thống kê lượt xem ở chân trang"),
        default=False,
        help_text=_(
            "Lượt xem hôm nay, tháng này và tổng cộng của trung tâm (trên trang liên thông: cả "
            "mạng lưới), lấy từ số liệu tổng hợp mỗi giờ."
        ),
    )

    panels = [
        FieldPanel("hub_name"),
        FieldPanel("committee_name"),
        MultiFieldPanel([FieldPanel("facebook_url"), FieldPanel("youtube_url")], _("Mạng xã hội")),
        FieldPanel("portals"),
        FieldPanel("show_visitor_counter"),
    ]

    class Meta:
        verbose_name = _("cài đặt mạng lưới")


@register_setting(icon="image")
class SiteBranding(BaseSiteSetting):
    """Per-site look: the same frame everywhere, with each centre's logo and colour."""

    base_form_class = CentreModelForm  # a logo of the editor's own centre only

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    primary_colour = models.CharField(
        _("màu chủ đạo"),
        max_length=7,
        default="#0b6e4f",
        help_text=_("Mã màu dạng #RRGGBB"),
    )
    tagline = models.CharField(_("khẩu hiệu"), max_length=255, blank=True)

    panels = [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("tagline")]

    class Meta:
        verbose_name = _("nhận diện trang")

    def clean(self):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", self.primary_colour or ""):
            raise ValidationError(
                {"primary_colour": _("Mã màu phải có dạng #RRGGBB, ví dụ #0b6e4f.")}
            )


class FieldQuerySet(models.QuerySet):
    def cached(self) -> list:
        """All fields, from the cache (hub.caching.invalidation: a saved field changes the
        content version)."""
        return cached_for_content("fields", "", lambda: list(self.order_by("sort_order", "name")))


class Field(models.Model):
    """A field (lĩnh vực) of the shared taxonomy used by the library and the lessons of every centre."""

    name = models.CharField(_("tên lĩnh vực"), max_length=80, unique=True)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=80,
        blank=True,
        help_text=_("Hiện thay cho tên tiếng Việt khi người xem chọn giao diện tiếng Anh."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    objects = FieldQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the interface's language (the English name where one is given)."""
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class FormerHostname(models.Model):
    """A hostname a site no longer answers to (a centre renamed, merged or moved with the hub):
    every request for it is answered with a permanent redirect to the same path on `site`
    (hub.middleware.NetworkSiteMiddleware, from the network copy: no query). Paths that changed
    too are Wagtail redirects on the new site."""

    hostname = models.CharField(_("tên miền cũ"), max_length=255, unique=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="former_hostnames",
        verbose_name=_("chuyển tới trang"),
    )
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("tên miền cũ")
        verbose_name_plural = _("tên miền cũ")

    def __str__(self):
        return f"{self.hostname} → {self.site.hostname}"


class PageDayCount(models.Model):
    """How many counted events (views, reads, downloads, shares) a page had on one day: the
    history behind "this week" on the staff dashboard and the committee's reports. The apps'
    counter rows (`LessonStats`, `LibraryItemStats`, `SiteCounter`) keep the running totals;
    both are bumped by `hub.counters.CounterQuerySet.count_once`."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    event = models.CharField(_("loại"), max_length=24)
    count = models.PositiveIntegerField(_("số lượt"), default=0)

    class Meta:
        verbose_name = _("số lượt trong ngày")
        constraints = [
            models.UniqueConstraint(fields=["page", "day", "event"], name="one_count_per_page_day")
        ]
        indexes = [models.Index(fields=["day"], name="pagedaycount_day")]

    def __str__(self):
        return f"{self.page_id} {self.day} {self.event}: {self.count}"


class PageOriginQuerySet(models.QuerySet):
    def for_page(self, page) -> "PageOrigin | None":
        """The origin of one page, kept with the content caches (no query once cached; a page
        without one is cached as such)."""
        pk = getattr(page, "pk", None)
        if pk is None:
            return None
        return cached_for_content(
            "page-origin", str(pk), lambda: self.filter(page_id=pk).first(), timeout=3600
        )

    def attach(self, pages):
        """Set `merged_origin` (a PageOrigin or None) on each page of a listing: one query."""
        pages = list(pages)
        found = (
            {o.page_id: o for o in self.filter(page_id__in=[p.pk for p in pages])} if pages else {}
        )
        for page in pages:
            page.merged_origin = found.get(page.pk)
        return pages


class PageOrigin(models.Model):
    """Where a page came from when its centre was merged into another (home.lifecycle
    .merge_centres writes one row per moved page, its subpages included). Visitors see it as a
    note on the page ("Nội dung của TTHTCĐ …") and a chip on listing cards. A page moved again by
    a later merge keeps its first origin: the centre that wrote it. The names are kept as they
    were on the day, so the note still reads right if the receiving centre is renamed later."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("trang")
    )
    centre = models.ForeignKey(
        Centre,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("trung tâm cũ"),
    )
    centre_name = models.CharField(_("tên trung tâm cũ"), max_length=160)
    merged_into = models.ForeignKey(
        Centre,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sáp nhập vào"),
    )
    merged_into_name = models.CharField(_("tên trung tâm nhận"), max_length=160)
    merged_at = models.DateTimeField(_("ngày sáp nhập"))

    objects = PageOriginQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn gốc trang (sáp nhập)")
        verbose_name_plural = _("nguồn gốc trang (sáp nhập)")

    def __str__(self):
        return f"{self.page_id}: {self.centre_name} → {self.merged_into_name}"

    @property
    def note(self) -> str:
        """What visitors and editors read on the page, the day in the network's time zone."""
        from django.utils.dateformat import format as format_date
        from django.utils.timezone import localtime
        from django.utils.translation import gettext

        return gettext(
            "Nội dung của %(source)s (trước khi sáp nhập vào %(target)s ngày %(day)s)"
        ) % {
            "source": self.centre_name,
            "target": self.merged_into_name,
            "day": format_date(localtime(self.merged_at), "d/m/Y"),
        }
