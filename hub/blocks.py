"""StreamField blocks shared by every content app (their import paths are in migrations: keep
this module where it is)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtailmedia.blocks import VideoChooserBlock


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"))
    text = blocks.RichTextBlock(label=_("Nội dung"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = _("Khung lưu ý")
        template = "components/blocks/callout.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "components/blocks/document_link.html"


class VideoBlock(blocks.StructBlock):
    """A video from the pipeline: HLS with an MP4 fallback and a poster, never autoplaying."""

    video = VideoChooserBlock(label=_("Video"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        problem = failed_video_problem(value.get("video"))
        if problem:
            raise blocks.StructBlockValidationError(
                block_errors={"video": ValidationError(problem)}
            )
        return value


def failed_video_problem(video) -> str:
    """Why `video` cannot go on a page (it failed processing: it would never play), or ""."""
    from hub.video.models import Video

    if video is None or video.status != Video.Status.FAILED:
        return ""
    return gettext(
        "Video “%(title)s” xử lý bị lỗi nên không phát được: %(error)s Hãy chọn video khác, hoặc sửa lỗi rồi bấm “Thử lại” trong mục Xử lý video."
    ) % {
        "title": video.title,
        "error": video.error,
    }


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", label=_("Tiêu đề mục"), template="components/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"))
    image = ImageBlock(label=_("Hình ảnh"))
    embed = EmbedBlock(label=_("Nhúng (YouTube, Facebook)"), max_width=800)
    document = DocumentLinkBlock()
    callout = CalloutBlock()
    quote = blocks.BlockQuoteBlock(label=_("Trích dẫn"))
    video = VideoBlock()


class FeaturedItemsBlock(blocks.StructBlock):
    """Lessons, library items, news or events of any centre, featured on a home page with the
    centre they come from (one query for the pages; the centre from the path, no query)."""

    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Giới thiệu từ các trung tâm"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type=[
                "lessons.LessonPage",
                "library.LibraryItemPage",
                "home.NewsPage",
                "events.EventPage",
            ],
            label=_("Bài"),
        ),
        label=_("Các bài giới thiệu"),
        max_num=12,
    )

    class Meta:
        icon = "pick"
        label = _("Giới thiệu bài của trung tâm khác")
        template = "components/blocks/featured_items.html"

    def get_context(self, value, parent_context=None):
        from .federation import centre_for_path, centres_by_root_path

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        centres = centres_by_root_path(request)
        context["items"] = [
            {"page": page, "centre": centre_for_path(page.path, centres)}
            for page in value["pages"]
            if page is not None and page.live
        ]
        return context


class HomeBodyBlock(BodyBlock):
    """A home page's blocks: the body blocks and items featured from other centres."""

    featured = FeaturedItemsBlock()
