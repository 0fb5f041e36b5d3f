"""The demo network looks like a real one, and homes show more than news (#17)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.models import EntryPage
from hub.models import Centre, Field
from hub.video.models import Video
from lessons.factories import LESSONS, publish_lesson
from lessons.models import LessonIndexPage, LessonPage
from library.factories import publish_item
from library.models import LibraryIndexPage, LibraryItemPage
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_every_centre_has_its_own_phone_and_a_title_said_once(client):
    centres = list(Centre.objects.with_site())
    assert len({c.phone for c in centres}) == len(centres) == 8
    for centre in centres:
        html = client.get("/", **host_of(centre)).content.decode()
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title == centre.title, title  # not "TTHTCĐ phường X – TTHTCĐ phường X"
        assert f'href="tel:{centre.phone}"' in html


def test_the_welcome_keeps_the_capitals_of_the_ward_name(client):
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    html = client.get("/", **host_of(lam_ha)).content.decode()
    assert "Trung tâm học tập cộng đồng phường Lam Hạ." in html
    assert "phường lam hạ" not in html


def test_demo_lessons_differ_and_each_quiz_fits_its_lesson():
    lessons = list(LessonPage.objects.live())
    assert len(lessons) == 24
    questions = {}
    for lesson in lessons:
        quiz = next(block.value for block in lesson.body if block.block_type == "quiz")
        questions.setdefault(lesson.title, set()).add(quiz["question"])
        assert sum(answer["correct"] for answer in quiz["answers"]) == 1
    # one question per lesson title, and every title of the list is used
    assert {title for title, *_rest in LESSONS} == set(questions)
    assert all(len(asked) == 1 for asked in questions.values())
    assert len({q for asked in questions.values() for q in asked}) == len(LESSONS) == 8
    by_title = {title: quiz[0] for title, _f, _a, _w, quiz in LESSONS}
    assert all(asked == {by_title[title]} for title, asked in questions.items())


def test_the_test_demo_gives_lam_ha_a_real_lesson_video_and_entry_video(client):
    """The session's demo loads videos for one centre (conftest: video_centres=1)."""
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    videos = list(Video.objects.filter(collection=lam_ha.collection).order_by("pk"))
    assert [v.status for v in videos] == [Video.Status.READY, Video.Status.READY]
    assert all(v.hls_master and v.poster_url and 5.5 <= v.duration <= 6.5 for v in videos)
    with_video = [
        lesson
        for lesson in LessonPage.objects.live().descendant_of(lam_ha.site.root_page)
        if any(block.block_type == "video" for block in lesson.body)
    ]
    assert len(with_video) == 1
    html = client.get(with_video[0].get_url(), **host_of(lam_ha)).content.decode()
    assert "<video" in html and videos[0].poster_url in html
    entry = EntryPage.objects.get(centre=lam_ha, video__isnull=False)
    assert entry.video_id == videos[1].pk
    others = Video.objects.exclude(collection=lam_ha.collection)
    assert others.count() == 0  # the other centres have none in the test session


def test_no_entry_points_to_someone_elses_video_online():
    assert (
        list(EntryPage.objects.exclude(youtube_url="").values_list("youtube_url", flat=True)) == []
    )
    assert (
        list(EntryPage.objects.exclude(facebook_url="").values_list("facebook_url", flat=True))
        == []
    )


def test_centre_home_shows_lessons_library_and_contests_of_its_own(client):
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    html = client.get("/", **host_of(lam_ha)).content.decode()
    own_lessons = LessonPage.objects.live().descendant_of(lam_ha.site.root_page)
    lessons = section(html, "lessons-heading")
    assert lessons.count('class="card"') == 3
    assert all(lesson.title in lessons for lesson in own_lessons)
    assert 'href="/bai-giang/"' in lessons
    library = section(html, "library-heading")
    own_items = LibraryItemPage.objects.live().descendant_of(lam_ha.site.root_page)
    assert library.count('class="card card--item"') == own_items.count() == 3
    assert all(item.title in library for item in own_items)
    assert 'href="/thu-vien/"' in library
    contests = section(html, "contests-heading")
    assert "Tuyên truyền viên giỏi các TTHTCĐ 2026" in contests
    assert "Nhận bài đến" in contests
    assert "Thiết kế video giới thiệu Tủ sách cộng đồng 2025" in contests
    assert "Đang chấm thi, đến" in contests
    news = section(html, "news-heading")
    assert news.count('class="card"') == 3 and 'href="/tin-tuc/"' in news


def test_hub_home_shows_the_newest_lessons_and_items_of_the_network_with_their_centre(client):
    html = client.get("/").content.decode()
    lessons = section(html, "lessons-heading")
    newest = LessonPage.objects.live().order_by("-first_published_at", "-pk")[:3]
    assert lessons.count('class="card"') == 3
    assert all(lesson.title in lessons for lesson in newest)
    assert "TTHTCĐ xã Phù Vân" in lessons  # the last centre loaded made the newest lessons
    assert section(html, "library-heading").count('class="card card--item"') == 4


def test_a_finished_contest_leaves_the_homes(client):
    from django.utils import timezone

    from contests.models import ContestPage, ContestRound

    ContestPage.objects.update(judging_end=timezone.now())
    ContestRound.objects.update(judging_end=timezone.now())  # the final rounds too
    html = client.get("/").content.decode()
    assert 'id="contests-heading"' not in html


def test_homes_cost_the_same_queries_with_more_lessons_and_items(client):
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")

    def count(**host):
        client.get("/", **host)  # warm the per-process copies (network, site root paths)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/", **host).status_code == 200
        return len(queries)

    before = (count(**host_of(lam_ha)), count())
    lessons = LessonIndexPage.objects.child_of(lam_ha.site.root_page).get()
    library = LibraryIndexPage.objects.child_of(lam_ha.site.root_page).get()
    for _ in range(5):
        publish_lesson(lessons)
        publish_item(library, collection=lam_ha.collection)
    assert (count(**host_of(lam_ha)), count()) == before


def test_english_interface_names_the_fields_in_english_and_says_content_is_vietnamese(client):
    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    client.cookies["django_language"] = "en"
    html = client.get("/thu-vien/", **host_of(lam_ha)).content.decode()
    assert "3 documents" in html
    item = LibraryItemPage.objects.live().descendant_of(lam_ha.site.root_page).first()
    assert f'<span class="chip">{Field.objects.get(pk=item.field_id).name_en}</span>' in html
    assert "articles, lessons and documents are written in Vietnamese" in html
    client.cookies["django_language"] = "vi"
    html = client.get("/thu-vien/", **host_of(lam_ha)).content.decode()
    assert "3 tài liệu" in html
    assert f'<span class="chip">{Field.objects.get(pk=item.field_id).name}</span>' in html


def test_every_field_has_an_english_name():
    assert list(Field.objects.filter(name_en="")) == []


def test_demo_books_open_with_a_drawn_cover_that_the_listing_shows(client):
    """Each demo PDF's first page is a cover (title, byline, field in Vietnamese letters); the
    library draws its thumbnail from it, like a scanned book's."""
    import pypdfium2

    lam_ha = Centre.objects.with_site().get(name="Phường Lam Hạ")
    items = list(LibraryItemPage.objects.live().descendant_of(lam_ha.site.root_page))
    assert len(items) == 3
    for item in items:
        analysis = item.document.analysis
        assert (analysis.page_count, analysis.error) == (4, "")
        assert analysis.thumbnail is not None
        assert item.cover_image == analysis.thumbnail
        with item.document.file.open("rb") as handle:
            pdf = pypdfium2.PdfDocument(handle.read())
        first = pdf[0].render(scale=0.1).to_pil().convert("RGB")
        # the cover is the field's colour (a dark page), not a white page of text
        r, g, b = first.getpixel((5, 5))
        assert r + g + b < 450, (item.title, (r, g, b))
        pdf.close()
    html = client.get("/thu-vien/", **host_of(lam_ha)).content.decode()
    cards = [card.split("</li>")[0] for card in html.split('class="card card--item"')[1:]]
    assert len(cards) == 3 and all("<img" in card and "<svg" not in card for card in cards)


def test_every_demo_account_exists_with_its_role_and_the_readme_lists_it():
    from pathlib import Path

    from django.contrib.auth import get_user_model

    from home.demo import demo_accounts

    User = get_user_model()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for _role, usernames, password in demo_accounts():
        for username in usernames.split(", "):
            user = User.objects.get(username=username)
            assert user.check_password(password), username
            assert f"`{username}`" in readme, username
        assert f"`{password}`" in readme
    assert User.objects.get(username="admin").is_superuser
    organiser = User.objects.get(username="banchidao")
    assert [g.name for g in organiser.groups.all()] == ["Ban chỉ đạo – Quản trị mạng lưới"]
    contributor = User.objects.get(username="lamha.congtac")
    assert [g.name for g in contributor.groups.all()] == ["TTHTCĐ phường Lam Hạ – Cộng tác viên"]
