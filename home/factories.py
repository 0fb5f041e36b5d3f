"""Factories shared by the tests and the Phủ Lý demo network (`load_demo_data`)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from hub.models import Centre
from hub.text import vietnamese_slug

from .models import NewsIndexPage, NewsPage, StandardPage
from .provisioning import add_centre

NEWS_TITLES = [
    "Khai giảng lớp tin học cơ bản cho người cao tuổi",
    "Thông báo lịch sinh hoạt câu lạc bộ đọc sách tháng này",
    "Tập huấn kỹ năng sử dụng điện thoại thông minh an toàn",
    "Hội thảo chăm sóc sức khỏe người cao tuổi mùa đông",
    "Lớp trồng rau sạch theo hướng hữu cơ tại nhà",
    "Tuyên truyền pháp luật về phòng chống lừa đảo qua mạng",
    "Ra mắt tủ sách cộng đồng tại nhà văn hóa tổ dân phố",
    "Thông báo tuyển sinh lớp tiếng Anh giao tiếp miễn phí",
    "Giao lưu văn nghệ chào mừng ngày Khuyến học Việt Nam",
    "Hướng dẫn làm thủ tục hành chính trực tuyến cho người dân",
    "Tổng kết phong trào gia đình học tập, dòng họ học tập",
    "Chuyên đề kinh tế hộ gia đình: nuôi gà thả vườn",
]


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Iterator(NEWS_TITLES)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{vietnamese_slug(o.title)}-{n}")
    # Spread dates so that every centre has recent news in the demo.
    date = factory.Sequence(
        lambda n: datetime.date(2026, 11, 20) - datetime.timedelta(days=(n * 7) % 61)
    )
    kind = factory.Iterator([NewsPage.Kind.NEWS, NewsPage.Kind.NEWS, NewsPage.Kind.ANNOUNCEMENT])
    summary = factory.LazyAttribute(lambda o: f"{o.title}. Mời bà con quan tâm đến tham gia.")
    body = factory.LazyAttribute(
        lambda o: [("paragraph", f"<p>{o.summary} Chi tiết xin liên hệ trung tâm.</p>")]
    )

    class Meta:
        model = NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tin tức – Thông báo"
    slug = "tin-tuc"
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Giới thiệu"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Giới thiệu chung.</p>")])

    class Meta:
        model = StandardPage


class CentreFactory(factory.Factory):
    """A fully provisioned centre (site, page tree, collection, groups, workflow)."""

    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    hostname = factory.Sequence(lambda n: f"centre-{n}.localhost")
    address = factory.LazyAttribute(lambda o: f"Nhà văn hóa {o.name.lower()}, TP. Phủ Lý, Hà Nam")
    phone = "0226 3852 000"

    class Meta:
        model = Centre

    @classmethod
    def _create(cls, model_class, name, hostname, **kwargs):
        return add_centre(name, hostname, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("mat-khau-thu")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


def news_index_of(home) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(home).get()


def publish_news(parent, count: int, **kwargs) -> list[NewsPage]:
    """Create `count` live news pages with a published revision (so dates and history are real)."""
    pages = []
    for _ in range(count):
        page = NewsPageFactory.build(**kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    return pages
