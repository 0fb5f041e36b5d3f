"""Factories for lessons, shared by tests and the demo network."""

import factory
import wagtail_factories

from hub.models import Field
from hub.text import vietnamese_slug

from .models import Audience, LessonPage

# (title, field slug, audience, what the lesson teaches, its quiz: question, [(answer, correct)],
# explanation). The demo's lessons follow this list, so every centre shows different lessons.
LESSONS = [
    (
        "Nhận biết tin nhắn lừa đảo trên điện thoại",
        "ky-nang-so",
        Audience.ELDERLY,
        "Những dấu hiệu của tin nhắn giả danh ngân hàng, công an, người thân; cách kiểm tra và báo"
        " cho người nhà trước khi làm theo.",
        (
            "Khi nhận tin nhắn lạ đòi chuyển tiền, bạn nên làm gì?",
            [
                ("Chuyển tiền ngay để khỏi phiền", False),
                ("Gọi điện hỏi lại người thân, báo công an nếu nghi ngờ", True),
                ("Bấm vào đường link trong tin nhắn để xem", False),
            ],
            "Luôn xác minh qua một kênh khác trước khi chuyển tiền; không bấm link lạ.",
        ),
    ),
    (
        "Cách đo huyết áp tại nhà",
        "suc-khoe",
        Audience.ELDERLY,
        "Ngồi nghỉ 5 phút, quấn vòng bít ngang tim, đo hai lần cách nhau một phút và ghi sổ theo"
        " dõi để mang theo khi đi khám.",
        (
            "Trước khi đo huyết áp, bạn nên làm gì?",
            [
                ("Ngồi nghỉ yên khoảng 5 phút", True),
                ("Uống một cốc cà phê cho tỉnh", False),
                ("Đi bộ nhanh vài vòng", False),
            ],
            "Nghỉ ngơi giúp kết quả đúng; cà phê và vận động làm huyết áp tăng tạm thời.",
        ),
    ),
    (
        "Ủ phân hữu cơ từ rác nhà bếp",
        "nong-nghiep",
        Audience.FARMERS,
        "Phân loại rác hữu cơ, ủ trong thùng có lỗ thoáng với lá khô, đảo đều mỗi tuần; sau"
        " khoảng hai tháng có phân bón cho vườn rau.",
        (
            "Rác nào sau đây dùng để ủ phân hữu cơ được?",
            [
                ("Vỏ rau, bã chè, vỏ trái cây", True),
                ("Túi ni lông, chai nhựa", False),
                ("Pin cũ, bóng đèn hỏng", False),
            ],
            "Chỉ rác từ thực vật mới phân hủy thành phân; nhựa và pin phải thu gom riêng.",
        ),
    ),
    (
        "Quyền và nghĩa vụ khi làm căn cước",
        "phap-luat",
        Audience.EVERYONE,
        "Ai phải làm thẻ căn cước, cần mang giấy tờ gì, lệ phí bao nhiêu và cách tích hợp"
        " thông tin vào ứng dụng định danh điện tử VNeID.",
        (
            "Công dân Việt Nam từ bao nhiêu tuổi bắt buộc làm thẻ căn cước?",
            [("Từ đủ 14 tuổi", True), ("Từ đủ 18 tuổi", False), ("Từ đủ 6 tuổi", False)],
            "Luật Căn cước 2023: công dân từ đủ 14 tuổi phải làm thẻ; dưới 14 tuổi làm khi cần.",
        ),
    ),
    (
        "Ghi chép thu chi gia đình đơn giản",
        "kinh-te-ho-gia-dinh",
        Audience.WOMEN,
        "Một cuốn sổ, ba cột: ngày, khoản thu, khoản chi; cộng cuối tuần để biết tiền đi đâu"
        " và dành ra một phần tiết kiệm.",
        (
            "Nên dành phần tiết kiệm vào lúc nào trong tháng?",
            [
                ("Ngay khi có thu nhập, trước khi chi tiêu", True),
                ("Cuối tháng, nếu còn thừa", False),
                ("Chỉ khi có việc lớn", False),
            ],
            "Để riêng tiền tiết kiệm trước giúp giữ được đều đặn mỗi tháng.",
        ),
    ),
    (
        "Hát dân ca Hà Nam cho thiếu nhi",
        "van-hoa",
        Audience.YOUTH,
        "Làm quen làn điệu hát Dậm Quyển Sơn và hát chèo quê Hà Nam, học thuộc một bài ngắn"
        " cùng ông bà và thầy cô.",
        (
            "Hát Dậm Quyển Sơn là loại hình dân ca của vùng nào?",
            [("Hà Nam", True), ("Nghệ An", False), ("Bắc Ninh", False)],
            "Hát Dậm Quyển Sơn có từ lâu đời ở xã Thi Sơn, huyện Kim Bảng, Hà Nam.",
        ),
    ),
    (
        "Dùng dịch vụ công trực tuyến trên điện thoại",
        "ky-nang-so",
        Audience.EVERYONE,
        "Đăng nhập Cổng dịch vụ công bằng tài khoản định danh điện tử, nộp hồ sơ, theo dõi kết"
        " quả mà không phải đến trụ sở.",
        (
            "Để đăng nhập Cổng dịch vụ công quốc gia, bạn có thể dùng gì?",
            [
                ("Tài khoản định danh điện tử VNeID", True),
                ("Số điện thoại của hàng xóm", False),
                ("Mật khẩu wifi ở nhà", False),
            ],
            "Tài khoản VNeID mức 2 đăng nhập được hầu hết dịch vụ công trực tuyến.",
        ),
    ),
    (
        "Phân loại rác thải tại nguồn",
        "moi-truong",
        Audience.EVERYONE,
        "Ba nhóm rác: hữu cơ, tái chế, còn lại; cách bỏ vào đúng thùng và lịch thu gom của"
        " tổ dân phố.",
        (
            "Chai nhựa, giấy báo cũ thuộc nhóm rác nào?",
            [("Rác tái chế", True), ("Rác hữu cơ", False), ("Rác nguy hại", False)],
            "Nhựa, giấy, kim loại sạch là rác tái chế; để riêng giúp bán hoặc tái chế được.",
        ),
    ),
]


def _body(o, n=None):
    lesson = _lesson_for(o.title)
    what = lesson[3] if lesson else o.summary
    question, answers, explanation = (
        lesson[4]
        if lesson
        else (
            "Bài học hôm nay giúp bạn điều gì?",
            [("Biết thêm một kỹ năng có ích", True), ("Không có gì mới", False)],
            "Mỗi bài giảng có phần ôn tập để bạn tự kiểm tra.",
        )
    )
    return [
        ("heading", "Nội dung chính"),
        ("paragraph", f"<p>{what}</p><p>Bài giảng gồm phần hướng dẫn và câu hỏi ôn tập.</p>"),
        (
            "quiz",
            {
                "question": question,
                "answers": [{"text": text, "correct": correct} for text, correct in answers],
                "explanation": explanation,
            },
        ),
    ]


def _lesson_for(title: str):
    return next((lesson for lesson in LESSONS if lesson[0] == title), None)


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
