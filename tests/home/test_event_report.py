"""After an event, staff turn a short report into a draft news item of their centre (#23)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import EventPage
from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def photo(name="anh.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 60)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")


def week_of(centre):
    return EventPage.objects.descendant_of(centre.site.root_page).get(kind="tuan_le")


def test_the_report_becomes_a_draft_news_item_with_photos(client, centre_a, editor_a):
    event = week_of(centre_a)
    client.force_login(editor_a)
    url = reverse("event_report", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    checked_in = event.attendance.count()
    assert page.context["form"].initial["participants"] == checked_in
    before = NewsPage.objects.count()
    response = client.post(
        url,
        {
            "participants": 42,
            "notes": "Đọc sách cùng con cháu.\nNói chuyện về sức khoẻ.",
            "photos": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    news = NewsPage.objects.order_by("-pk").first()
    assert NewsPage.objects.count() == before + 1
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[news.pk])
    assert news.live is False
    assert news.get_parent().pk == NewsIndexPage.objects.child_of(centre_a.site.root_page).get().pk
    assert news.title == f"Kết quả: {event.title}"
    assert "42 người tham gia" in news.summary
    blocks = [block.block_type for block in news.body]
    assert blocks == ["paragraph", "image", "image"]
    assert "Nói chuyện về sức khoẻ." in str(news.body[0].value)
    assert news.image.collection_id == centre_a.collection_id


def test_bad_reports_keep_the_text_and_make_nothing(client, centre_a, editor_a):
    event = week_of(centre_a)
    client.force_login(editor_a)
    url = reverse("event_report", args=[event.pk])
    before = NewsPage.objects.count()
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00not an image", "image/jpeg")
    response = client.post(url, {"participants": -3, "notes": "Giữ nội dung này", "photos": [fake]})
    assert response.status_code == 400
    content = response.content.decode()
    assert "không phải là ảnh đọc được" in content
    assert "Giữ nội dung này" in content
    response = client.post(
        url, {"participants": 10, "notes": "x", "photos": [photo() for _ in range(7)]}
    )
    assert response.status_code == 400
    assert "Chọn tối đa 6 ảnh." in response.content.decode()
    assert NewsPage.objects.count() == before


def test_another_centres_staff_cannot_report_on_its_event(client, centre_b, editor_a):
    event = week_of(centre_b)
    client.force_login(editor_a)
    response = client.get(reverse("event_report", args=[event.pk]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
