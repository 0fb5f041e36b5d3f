"""Content moved by a merge of centres says where it came from (issue #24): merge_centres writes
a hub.PageOrigin for every moved page, the page shows "Nội dung của …", listing cards a chip
(one query per listing), contest entries of a merged centre "(nay thuộc …)"."""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.utils import timezone

from contests.factories import add_contest, add_entry, contest_index
from home.factories import news_index_of, publish_news
from home.lifecycle import merge_centres
from home.models import NewsPage
from hub.models import Centre, PageOrigin
from lessons.factories import publish_lesson
from lessons.models import LessonIndexPage, LessonPage
from library.factories import publish_item
from library.models import LibraryIndexPage
from tests.conftest import host_of
from tests.events.helpers import calendar_of
from tests.events.helpers import publish as publish_event

pytestmark = pytest.mark.django_db

LAM_HA = "TTHTCĐ phường Lam Hạ"
PHU_VAN = "TTHTCĐ xã Phù Vân"


def path_on(page, site) -> str:
    page.refresh_from_db()
    return page.url_path[len(site.root_page.url_path) - 1 :]


def origin_notes(response) -> list[str]:
    doc = lxml.html.fromstring(response.content.decode())
    return [p.text_content() for p in doc.xpath("//p[@data-testid='origin-note']")]


def chips(response) -> list[str]:
    doc = lxml.html.fromstring(response.content.decode())
    return [s.text_content() for s in doc.xpath("//span[@data-testid='origin-chip']")]


def own_pages(centre) -> dict:
    """One news item, lesson and library item published by the centre (its own, for the test)."""
    home = centre.site.root_page
    return {
        "news": publish_news(news_index_of(home), 1, title=f"Tin riêng {centre.name}")[0],
        "lesson": publish_lesson(
            LessonIndexPage.objects.child_of(home).get(), title=f"Bài riêng {centre.name}"
        ),
        "item": publish_item(
            LibraryIndexPage.objects.child_of(home).get(), title=f"Sách riêng {centre.name}"
        ),
        "event": publish_event(calendar_of(home), title=f"Sinh hoạt riêng {centre.name}"),
    }


def merge_a_into_b(centre_a, centre_b):
    outcome = merge_centres([centre_a], centre_b)
    assert outcome.changed
    return Centre.objects.with_site().get(pk=centre_b.pk)


def note_of_today() -> str:
    day = timezone.localdate().strftime("%d/%m/%Y")
    return f"Nội dung của {LAM_HA} (trước khi sáp nhập vào {PHU_VAN} ngày {day})"


def test_moved_pages_show_their_origin_and_the_receivers_own_do_not(client, centre_a, centre_b):
    moved = own_pages(centre_a)
    kept = own_pages(centre_b)
    source_pages = set(
        LessonPage.objects.descendant_of(centre_a.site.root_page).values_list("pk", flat=True)
    )
    target = merge_a_into_b(centre_a, centre_b)

    for page in moved.values():
        response = client.get(path_on(page, target.site), **host_of(target))
        assert response.status_code == 200, page
        assert origin_notes(response) == [note_of_today()]
    for page in kept.values():
        response = client.get(path_on(page, target.site), **host_of(target))
        assert response.status_code == 200, page
        assert origin_notes(response) == []
    assert client.get("/", **host_of(target)).status_code == 200
    assert origin_notes(client.get("/", **host_of(target))) == []

    # every moved page (the demo's too) has its row, naming the centres as they were
    origins = PageOrigin.objects.filter(centre=centre_a)
    assert source_pages <= set(origins.values_list("page_id", flat=True))
    assert set(origins.values_list("centre_name", "merged_into_id", "merged_into_name")) == {
        (LAM_HA, centre_b.pk, PHU_VAN)
    }
    assert not PageOrigin.objects.filter(page_id__in=[p.pk for p in kept.values()]).exists()
    # the sections that stayed behind under the old home are not marked
    assert not PageOrigin.objects.filter(
        page_id=LessonIndexPage.objects.child_of(centre_a.site.root_page).get().pk
    ).exists()


def test_dry_run_writes_no_origin(centre_a, centre_b):
    own_pages(centre_a)
    before = PageOrigin.objects.count()
    dry = merge_centres([centre_a], centre_b, dry_run=True)
    assert dry.changed
    assert PageOrigin.objects.count() == before == 0


def test_merging_again_and_onwards_keeps_the_first_origin(centre_a, centre_b):
    moved = own_pages(centre_a)["news"]
    kept = own_pages(centre_b)["news"]
    merge_a_into_b(centre_a, centre_b)
    after_first = PageOrigin.objects.count()
    assert after_first > 0

    merged = Centre.all_centres.get(pk=centre_a.pk)
    again = merge_centres([merged], Centre.objects.get(pk=centre_b.pk))
    assert again.counts == {}
    assert PageOrigin.objects.count() == after_first

    # Phù Vân (with what it received) merged in turn into a third centre
    third = Centre.objects.with_site().exclude(pk__in=[centre_a.pk, centre_b.pk]).first()
    merge_centres([Centre.objects.get(pk=centre_b.pk)], third)
    assert PageOrigin.objects.get(page_id=moved.pk).centre_name == LAM_HA  # its writer
    assert PageOrigin.objects.get(page_id=kept.pk).centre_name == PHU_VAN
    assert PageOrigin.objects.get(page_id=kept.pk).merged_into_name == third.title
    assert PageOrigin.objects.filter(page_id=moved.pk).count() == 1


def _listing_queries(client, centre, django_assert_max_num_queries) -> tuple[int, list[str]]:
    index = news_index_of(centre.site.root_page)
    path = path_on(index, centre.site)
    client.get(path, **host_of(centre))  # the network copy and caches, loaded once
    with django_assert_max_num_queries(100) as counted:
        response = client.get(path, **host_of(centre))
    assert response.status_code == 200
    return len(counted.captured_queries), chips(response)


def test_news_listing_shows_chips_with_constant_queries(
    client, centre_a, centre_b, django_assert_max_num_queries
):
    index = news_index_of(centre_b.site.root_page)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)  # first on the listing

    def moved_news(count: int) -> None:
        for page in publish_news(index, count, date=tomorrow):
            PageOrigin.objects.create(
                page=page,
                centre=centre_a,
                centre_name=LAM_HA,
                merged_into=centre_b,
                merged_into_name=PHU_VAN,
                merged_at=timezone.now(),
            )

    moved_news(2)
    few, few_chips = _listing_queries(client, centre_b, django_assert_max_num_queries)
    assert few_chips == [f"Của {LAM_HA}"] * 2
    moved_news(6)
    many, many_chips = _listing_queries(client, centre_b, django_assert_max_num_queries)
    assert many_chips == [f"Của {LAM_HA}"] * 8
    assert many == few


def test_lesson_listing_chip_after_a_real_merge(client, centre_a, centre_b):
    lesson = publish_lesson(
        LessonIndexPage.objects.child_of(centre_a.site.root_page).get(), title="Bài chuyển về"
    )
    target = merge_a_into_b(centre_a, centre_b)
    index = LessonIndexPage.objects.child_of(target.site.root_page).get()
    response = client.get(path_on(index, target.site), **host_of(target))
    doc = lxml.html.fromstring(response.content.decode())
    card = doc.xpath(f"//li[contains(@class,'card')][.//a[text()='{lesson.title}']]")
    assert len(card) == 1
    assert [s.text_content() for s in card[0].xpath(".//span[@data-testid='origin-chip']")] == [
        f"Của {LAM_HA}"
    ]


def test_contest_entries_of_a_merged_centre_say_where_it_is_now(
    client, hub_home, hub_site, centre_a, centre_b
):
    contest = add_contest(contest_index(hub_home), title="Hội thi lưu lịch sử")
    entry = add_entry(contest, centre_a, title="Bài dự thi Lam Hạ")
    other = add_entry(contest, centre_b, title="Bài dự thi Phù Vân")
    merge_a_into_b(centre_a, centre_b)
    entry.refresh_from_db()
    assert entry.centre_id == centre_a.pk  # history: the entry keeps its centre

    now = f"{LAM_HA} (nay thuộc {PHU_VAN})"
    response = client.get(path_on(entry, hub_site), HTTP_HOST=hub_site.hostname)
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    centre_cell = doc.xpath("//dt[text()='Trung tâm']/following-sibling::dd[1]")
    assert [dd.text_content() for dd in centre_cell] == [now]
    assert origin_notes(response) == []  # the entry did not move

    response = client.get(path_on(contest, hub_site), HTTP_HOST=hub_site.hostname)
    doc = lxml.html.fromstring(response.content.decode())
    metas = {
        card.xpath(".//a")[0].text_content(): card.xpath(".//p[@class='card__meta']")[
            0
        ].text_content()
        for card in doc.xpath("//li[@class='card']")
    }
    assert metas == {entry.title: now, other.title: PHU_VAN}


def test_historical_title_of_centres(centre_a, centre_b):
    assert centre_a.historical_title == LAM_HA
    merge_a_into_b(centre_a, centre_b)
    assert (
        Centre.all_centres.get(pk=centre_a.pk).historical_title == f"{LAM_HA} (nay thuộc {PHU_VAN})"
    )


def test_a_merged_centre_without_its_receiver_keeps_its_own_title():
    orphan = Centre(name="Xã Đã Xoá", status=Centre.Status.MERGED, merged_into=None)
    assert orphan.historical_title == "TTHTCĐ xã Đã Xoá"


def test_deleting_a_moved_page_deletes_its_origin(centre_a, centre_b):
    news = own_pages(centre_a)["news"]
    merge_a_into_b(centre_a, centre_b)
    assert PageOrigin.objects.filter(page_id=news.pk).exists()
    NewsPage.objects.get(pk=news.pk).delete()
    assert not PageOrigin.objects.filter(page_id=news.pk).exists()


def test_origin_lookup_is_cached_per_page(centre_a, centre_b, django_assert_num_queries):
    news = own_pages(centre_a)["news"]
    merge_a_into_b(centre_a, centre_b)
    page = NewsPage.objects.get(pk=news.pk)
    assert PageOrigin.objects.for_page(page).centre_name == LAM_HA
    with django_assert_num_queries(0):
        assert PageOrigin.objects.for_page(page).centre_name == LAM_HA
    assert PageOrigin.objects.for_page(None) is None


def test_library_card_chip_after_a_merge_and_none_without_merges(client, centre_a, centre_b):
    item = publish_item(
        LibraryIndexPage.objects.child_of(centre_a.site.root_page).get(), title="Sách chuyển về"
    )
    hub_catalogue = client.get("/thu-vien/")
    assert hub_catalogue.status_code == 200 and chips(hub_catalogue) == []  # no merge yet
    target = merge_a_into_b(centre_a, centre_b)
    index = LibraryIndexPage.objects.child_of(target.site.root_page).get()
    response = client.get(f"{path_on(index, target.site)}?sap-xep=ten", **host_of(target))
    doc = lxml.html.fromstring(response.content.decode())
    card = doc.xpath(f"//li[contains(@class,'card')][.//a[text()='{item.title}']]")
    assert len(card) == 1
    assert [s.text_content() for s in card[0].xpath(".//span[@data-testid='origin-chip']")] == [
        f"Của {LAM_HA}"
    ]


def test_a_network_without_merges_never_looks_for_origins(client, centre_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert not PageOrigin.objects.exists()
    client.get("/thu-vien/", **host_of(centre_a))  # the network copy loaded
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-vien/", **host_of(centre_a)).status_code == 200
        assert client.get("/bai-giang/", **host_of(centre_a)).status_code == 200
    assert not [q for q in queries if "hub_pageorigin" in q["sql"]]


def test_the_editor_of_a_moved_page_is_told_its_origin(client, superuser, centre_a, centre_b):
    news = own_pages(centre_a)["news"]
    merge_a_into_b(centre_a, centre_b)
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{news.pk}/edit/", follow=True)
    assert response.status_code == 200
    assert note_of_today() in response.content.decode()
    own = own_pages(centre_b)["news"]
    response = client.get(f"/admin/pages/{own.pk}/edit/")
    assert response.status_code == 200 and "trước khi sáp nhập" not in response.content.decode()
