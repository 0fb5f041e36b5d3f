"""Lesson pages: blocks, rendering, sharing, QR, offline, counters, browsing and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from hub.models import Field
from lessons.blocks import QuizBlock, YouTubeBlock, youtube_id
from lessons.factories import publish_lesson
from lessons.models import LessonPage, LessonStats
from tests.conftest import host_of
from tests.lessons.conftest import lessons_of

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 9) Chrome/120 Mobile"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=3", "dQw4w9WgXcQ"),
        ("youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?feature=x&v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://vimeo.com/123", None),
        ("https://youtube.com/watch?v=short", None),
        ("javascript:alert(1)", None),
    ],
)
def test_youtube_ids(url, expected):
    assert youtube_id(url) == expected


def test_blocks_validate_in_vietnamese():
    with pytest.raises(StructBlockValidationError) as error:
        YouTubeBlock().clean({"url": "https://vimeo.com/1", "caption": ""})
    assert "không phải liên kết video YouTube" in str(error.value.block_errors["url"])
    quiz = QuizBlock()
    value = quiz.to_python(
        {
            "question": "?",
            "answers": [{"text": "a", "correct": False}, {"text": "b", "correct": False}],
            "explanation": "",
        }
    )
    with pytest.raises((StructBlockValidationError, StreamBlockValidationError)) as error:
        quiz.clean(value)
    assert "ít nhất một phương án đúng" in str(error.value.block_errors["answers"])


def test_lesson_page_renders_everything_a_learner_needs(client, centre_a):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    html = client.get(
        lesson.relative_url(centre_a.site), **host_of(centre_a), **PHONE
    ).content.decode()
    assert f'<meta property="og:title" content="{lesson.title}">' in html
    assert '<meta property="og:url" content="http://lam-ha.localhost' in html
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Flam-ha.localhost" in html
    assert "zalo.me/share?url=http%3A%2F%2Flam-ha.localhost" in html and "data-copy-link=" in html
    assert 'data-correct="1"' in html and "data-quiz-check" in html
    assert "data-offline-save" in html and "data-print" in html
    assert lesson.relative_url(centre_a.site) + "ma-qr/" in html
    assert "TTHTCĐ phường Lam Hạ" in html


def test_a_pasted_lesson_link_shows_a_summary_and_the_qr_code_prints(client, centre_a):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    lesson.summary = "Hướng dẫn <b>ngắn</b> cho người mới bắt đầu."
    lesson.save_revision().publish()
    html = client.get(
        lesson.relative_url(centre_a.site), **host_of(centre_a), **PHONE
    ).content.decode()
    summary = "Hướng dẫn ngắn cho người mới bắt đầu."
    assert f'<meta name="description" content="{summary}">' in html
    assert f'<meta property="og:description" content="{summary}">' in html
    assert f'<meta name="twitter:title" content="{lesson.title}">' in html
    assert '<meta property="og:site_name" content="TTHTCĐ phường Lam Hạ">' in html
    qr = html.split('alt="Mã QR mở bài giảng này"')[0].rsplit("<img", 1)[1]
    assert "loading=" not in qr  # a lazy image is missing when the page is printed
    # copying the address works without the clipboard API: a read-only field to select
    assert 'data-copy-field value="http://lam-ha.localhost' in html


def test_qr_code_encodes_the_lesson_url(client, centre_a):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    response = client.get(lesson.relative_url(centre_a.site) + "ma-qr/", **host_of(centre_a))
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg


def test_related_lessons_same_field_own_centre_first(client, centre_a, centre_b):
    field = Field.objects.get(slug="suc-khoe")
    here = publish_lesson(lessons_of(centre_a), title="Bài A1", field=field)
    mine = publish_lesson(lessons_of(centre_a), title="Bài A2", field=field)
    publish_lesson(lessons_of(centre_b), title="Bài B1", field=field)
    related = [lesson.title for lesson in here.related()]
    assert related[0] == "Bài A2" and "Bài B1" in related and "Bài A1" not in related
    assert all(lesson.field_id == field.pk for lesson in mine.related())


def test_related_lessons_follow_new_publications_and_unpublishing(centre_a):
    field = Field.objects.get(slug="suc-khoe")
    here = publish_lesson(lessons_of(centre_a), title="Bài A1", field=field)
    before = [lesson.pk for lesson in here.related()]  # now kept in the cache
    newest = publish_lesson(lessons_of(centre_a), title="Bài mới nhất", field=field)
    after = [lesson.pk for lesson in here.related()]
    assert after[0] == newest.pk and after[1:] == before[: len(after) - 1]
    newest.unpublish()
    assert [lesson.pk for lesson in here.related()] == before


def test_views_count_once_per_visitor_per_day_and_never_for_bots(client, centre_a):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    url = lesson.relative_url(centre_a.site)
    for _ in range(3):
        client.get(url, **host_of(centre_a), **PHONE)
    client.get(url, **host_of(centre_a), HTTP_USER_AGENT="facebookexternalhit/1.1")
    client.get(url, **host_of(centre_a), HTTP_USER_AGENT="")
    client.get(url, **host_of(centre_a), REMOTE_ADDR="10.1.1.1", **PHONE)
    assert LessonStats.objects.get(page=lesson).views == 2


def test_hub_lists_every_centres_lessons_and_centres_only_their_own(client, centre_a):
    response = client.get("/bai-giang/")
    assert response.context["total"] == LessonPage.objects.live().count() == 24
    for lesson in response.context["page_obj"].object_list:
        assert (
            f'href="http://{lesson.centre.site.hostname}/bai-giang/{lesson.slug}/"'
            in response.content.decode()
        )
    own = client.get("/bai-giang/", **host_of(centre_a))
    assert own.context["total"] == 3 and not own.context["federated"]


def test_browse_by_audience_field_and_most_viewed(client, centre_a):
    response = client.get("/bai-giang/?doi-tuong=nguoi-cao-tuoi")
    assert response.context["total"] == LessonPage.objects.filter(audience="nguoi-cao-tuoi").count()
    assert all(
        lesson.audience == "nguoi-cao-tuoi" for lesson in response.context["page_obj"].object_list
    )
    popular = LessonPage.objects.live().order_by("pk").last()
    LessonStats.objects.create(page=popular, views=99)
    assert (
        client.get("/bai-giang/?sap-xep=xem-nhieu").context["page_obj"].object_list[0].pk
        == popular.pk
    )
    assert client.get("/bai-giang/?doi-tuong=<x>&page=zz&sap-xep=1").status_code == 200


def _queries(client, url, **extra) -> int:
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx)


def test_listing_and_detail_queries_stay_constant(client, centre_a, centre_b):
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    detail = lesson.relative_url(centre_a.site)
    small = [
        _queries(client, "/bai-giang/"),
        _queries(client, "/bai-giang/", **host_of(centre_a)),
        _queries(client, detail, **host_of(centre_a)),
    ]
    for centre in (centre_a, centre_b):
        for _ in range(12):
            publish_lesson(lessons_of(centre))
    large = [
        _queries(client, "/bai-giang/"),
        _queries(client, "/bai-giang/", **host_of(centre_a)),
        _queries(client, detail, **host_of(centre_a)),
    ]
    assert small == large and max(large) <= 12, (small, large)


def test_the_saved_lessons_page_is_one_page_for_everyone(client, centre_a):
    response = client.get("/bai-giang/da-luu/", **host_of(centre_a), **PHONE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài giảng đã lưu trên máy này" in html
    assert "/static/lessons/js/saved.js" in html and "data-saved-list" in html
    lesson = LessonPage.objects.live().descendant_of(centre_a.site.root_page).first()
    page = client.get(lesson.relative_url(centre_a.site), **host_of(centre_a), **PHONE)
    assert 'data-offline-list="/bai-giang/da-luu/"' in page.content.decode()
