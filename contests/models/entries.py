"""Entries: a centre's entry in a contest, with its public page, likes and shares."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from hub.pagekit import (
    CachedRestrictionsMixin,
    serve_page_view,
)

from ..forms import EntryPageForm
from .engagement import SiteCounter


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

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Bài viết / tệp PDF")
        LINK = "link", _("Liên kết (trang web, bài trình chiếu …)")

    kind = models.CharField(
        _("loại bài dự thi"), max_length=10, choices=Kind.choices, default=Kind.VIDEO
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp PDF bài dự thi"),
        help_text=_("Cho bài viết: tệp PDF, đọc được ngay trên điện thoại."),
    )
    link_url = models.URLField(
        _("liên kết bài dự thi"),
        blank=True,
        help_text=_("Cho bài dạng liên kết: địa chỉ bắt đầu bằng https://"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("centre"),
        FieldPanel("participants"),
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("document"),
        FieldPanel("link_url"),
        FieldPanel("video"),
        MultiFieldPanel(
            [FieldPanel("youtube_url"), FieldPanel("facebook_url")], _("Video trên mạng xã hội")
        ),
    ]
    parent_page_types = ["contests.ContestPage"]
    subpage_types: list[str] = []
    base_form_class = EntryPageForm

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        from hub.blocks import failed_video_problem

        problem = failed_video_problem(self.video) if self.video_id else ""
        if problem:
            raise ValidationError({"video": problem})
        if self.kind == self.Kind.DOCUMENT:
            if not self.document_id:
                raise ValidationError({"document": _("Bài viết cần một tệp PDF.")})
            if self.document.file_extension.lower() != "pdf":
                raise ValidationError(
                    {
                        "document": _("Chỉ nhận tệp PDF (tệp này là .%(ext)s).")
                        % {"ext": self.document.file_extension or "?"}
                    }
                )
        if self.kind == self.Kind.LINK and not self.link_url:
            raise ValidationError({"link_url": _("Bài dạng liên kết cần địa chỉ liên kết.")})

    @property
    def analysis(self):
        """The PDF's analysis (page count, text) for a written entry, or None."""
        if self.kind != self.Kind.DOCUMENT or not self.document_id:
            return None
        analysis = getattr(self.document, "analysis", None)
        return analysis if analysis is not None and not analysis.error else None

    @property
    def pages(self) -> range:
        analysis = self.analysis
        return range(1, analysis.page_count + 1) if analysis else range(0)

    @path("")
    def detail(self, request):
        """The public page: counts the view (contests.views.public.entry_page)."""
        return serve_page_view("contests:entry", request, self)

    @path("trang/<int:number>/", name="page_image")
    def page_image(self, request, number: int):
        return serve_page_view("contests:page-image", request, self, number)

    @path("tai-ve/", name="download")
    def download(self, request):
        return serve_page_view("contests:download", request, self)

    @path("trang-thai/", name="state")
    def state(self, request):
        """This browser's like and CSRF token, for the page's script (never cached)."""
        return serve_page_view("contests:state", request, self)

    @path("thich/", name="like")
    def like(self, request):
        """GET: the like page (without script); POST: like or withdraw."""
        return serve_page_view("contests:like", request, self)

    @path("chia-se/<str:target>/", name="share")
    def share(self, request, target: str):
        return serve_page_view("contests:share", request, self, target)

    def get_context(self, request, *args, **kwargs):
        """Nothing about the visitor: the page is shared by everyone through the page cache;
        the visitor's like comes from the state route."""
        context = super().get_context(request, *args, **kwargs)
        context["counter"] = SiteCounter.objects.filter(entry=self).first()
        context["contest"] = self.get_parent().specific
        return context
