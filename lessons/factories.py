"""Factories for lessons, shared by tests and the demo network."""

import factory
import wagtail_factories

from hub.models import Field
from hub.text import vietnamese_slug

from .models import Audience, LessonPage

LESSONS = [
    ("Nhận biết tin nhắn lừa đảo trên điện thoại", "ky-nang-so", Audience.ELDERLY),
    ("Cách đo huyết áp tại nhà", "suc-khoe", Audience.ELDERLY),
    ("Ủ phân hữu cơ từ rác nhà bếp", "nong-nghiep", Audience.FARMERS),
    ("Quyền và nghĩa vụ khi làm căn cước", "phap-luat", Audience.EVERYONE),
    ("Ghi chép thu chi gia đình đơn giản", "kinh-te-ho-gia-dinh", Audience.WOMEN),
    ("Hát dân ca Hà Nam cho thiếu nhi", "van-hoa", Audience.YOUTH),
]


def _body(o):
    return [
        ("heading", "Nội dung chính"),
        ("paragraph", f"<p>{o.summary}</p><p>Bài giảng gồm phần hướng dẫn và câu hỏi ôn tập.</p>"),
        (
            "quiz",
            {
                "question": "Khi nhận tin nhắn lạ đòi chuyển tiền, bạn nên làm gì?",
                "answers": [
                    {"text": "Chuyển tiền ngay", "correct": False},
                    {
                        "text": "Gọi điện hỏi lại người thân, báo công an nếu nghi ngờ",
                        "correct": True,
                    },
                ],
                "explanation": "Luôn xác minh qua một kênh khác trước khi chuyển tiền.",
            },
        ),
    ]


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: LESSONS[n % len(LESSONS)][0])
    slug = factory.Sequence(lambda n: f"{vietnamese_slug(LESSONS[n % len(LESSONS)][0])}-{n}")
    field = factory.LazyAttributeSequence(
        lambda o, n: Field.objects.get(slug=LESSONS[n % len(LESSONS)][1])
    )
    audience = factory.Sequence(lambda n: LESSONS[n % len(LESSONS)][2])
    duration = factory.Sequence(lambda n: 10 + 5 * (n % 6))
    teacher = "Cán bộ trung tâm"
    summary = factory.LazyAttribute(lambda o: f"{o.title}: hướng dẫn từng bước, dễ làm theo.")
    body = factory.LazyAttribute(_body)

    class Meta:
        model = LessonPage


def publish_lesson(index, **kwargs) -> LessonPage:
    lesson = LessonPageFactory.build(**kwargs)
    index.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson
