"""Blocks of a lesson body: everything in the shared body plus YouTube and a self-check quiz."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from hub.blocks import BodyBlock
from hub.links import youtube_id


class YouTubeBlock(blocks.StructBlock):
    """A YouTube video shown as a thumbnail until tapped (no player download on weak connections)."""

    url = blocks.URLBlock(label=_("Liên kết YouTube"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False)

    class Meta:
        icon = "media"
        label = _("Video YouTube")
        template = "lessons/blocks/youtube.html"

    def clean(self, value):
        value = super().clean(value)
        if not youtube_id(value["url"]):
            raise StructBlockValidationError(
                {
                    "url": ValidationError(
                        _(
                            "Đây không phải liên kết video YouTube (youtube.com/watch?v=… hoặc youtu.be/…)."
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video_id"] = youtube_id(value["url"])
        return context


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Phương án"))
    correct = blocks.BooleanBlock(label=_("Đúng"), required=False)


class QuizBlock(blocks.StructBlock):
    """A short self-check question; the answer is checked in the browser, nothing is stored."""

    question = blocks.CharBlock(label=_("Câu hỏi"))
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=6, label=_("Phương án trả lời"))
    explanation = blocks.TextBlock(label=_("Giải thích (hiện sau khi trả lời)"), required=False)

    class Meta:
        icon = "help"
        label = _("Câu hỏi ôn tập")
        template = "lessons/blocks/quiz.html"
        form_classname = "quiz-block"

    def clean(self, value):
        value = super().clean(value)
        if not any(answer["correct"] for answer in value["answers"]):
            raise StructBlockValidationError(
                {"answers": ValidationError(_("Hãy đánh dấu ít nhất một phương án đúng."))}
            )
        return value


class LessonBodyBlock(BodyBlock):
    youtube = YouTubeBlock()
    quiz = QuizBlock()


__all__ = ["LessonBodyBlock", "QuizBlock", "YouTubeBlock", "youtube_id"]
