"""The search page (issue #19): filters by kind, lĩnh vực, centre and year that combine in the
address with a count per choice; "did you mean" as a link; the relaxed notice; whole-word
highlights; a centre's own pages lifted without burying a better match elsewhere; searches with
no results recorded without any personal data and listed for staff."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from home.factories import UserFactory, news_index_of, publish_news
from hub.models import Field
from search.models import SearchMiss
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile"}


def _get(client, params, centre=None):
    response = client.get("/tim-kiem/", params, **PHONE, **(host_of(centre) if centre else {}))
    assert response.status_code == 200
    return response


def _facet(response, param) -> dict:
    facet = next(f for f in response.context["facets"] if f["param"] == param)
    return {value: n for value, _label, n in facet["options"]}


def test_filters_combine_in_the_address_with_counts(client, centre_a, centre_b):
    everything = _get(client, {"q": "lua dao"})
    total = everything.context["results"].total
    kinds = _facet(everything, "loai")
    assert sum(kinds.values()) == total and kinds["thu-vien"] >= 1
    law = Field.objects.get(slug="phap-luat")
    by_field = _get(client, {"q": "lua dao", "linh-vuc": law.slug})
    assert by_field.context["results"].total == _facet(everything, "linh-vuc")[law.slug]
    both = _get(client, {"q": "lua dao", "linh-vuc": law.slug, "trung-tam": centre_a.pk})
    results = both.context["results"]
    assert results.total == _facet(by_field, "trung-tam")[str(centre_a.pk)]
    assert {hit.entry.path[:8] for hit in results.hits} == {centre_a.root_path}
    # the centre facet still counts the other centres under the field filter (to switch)
    assert _facet(both, "trung-tam") == _facet(by_field, "trung-tam")
    html = both.content.decode()
    assert f'href="?q=lua+dao&amp;linh-vuc={law.slug}"' in html  # "Tất cả" centres keeps the rest
    year = str(timezone.now().year)
    assert _facet(everything, "nam").get(year, 0) >= 1
    # a value that names nothing is ignored, never an error
    odd = _get(client, {"q": "lua dao", "nam": "abc", "trung-tam": "x", "linh-vuc": "khong-co"})
    assert odd.context["results"].total == total


def test_did_you_mean_is_a_link_and_the_relaxed_search_says_so(client):
    html = _get(client, {"q": "tuyen truyn"}).content.decode()
    assert re.search(r'Có phải bạn muốn tìm: <a href="\?q=tuyen\+truyen">tuyen truyen</a>', html)
    relaxed = _get(client, {"q": "làm sao để đo huyết áp"})
    assert relaxed.context["results"].relaxed is True
    assert "Không có kết quả chứa đủ mọi từ; đây là kết quả gần nhất." in relaxed.content.decode()
    strict = _get(client, {"q": "đo huyết áp"})
    assert strict.context["results"].relaxed is False
    assert "chứa đủ mọi từ" not in strict.content.decode()


def test_highlights_mark_whole_words(client):
    html = _get(client, {"q": "sac"}).content.decode()  # "sac" is a prefix of "sách"
    marks = re.findall(r"<mark>([^<]*)</mark>", html)
    assert marks and all(" " not in m for m in marks)
    assert "Sách" in marks or "sách" in marks
    assert not any(m.lower() == "sá" for m in marks)


def test_an_exact_match_elsewhere_is_not_buried_under_weak_local_matches(
    client, centre_a, centre_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_news(news_index_of(centre_b.site.root_page), 1, title="Nuôi ong mật lấy mật")
        for n in range(3):
            publish_news(
                news_index_of(centre_a.site.root_page),
                1,
                title=f"Tin hoạt động số {n}",
                summary="Có nhắc đến nuôi ong trong vườn nhà.",
            )
    first = _get(client, {"q": "nuôi ong mật"}, centre_a).context["page_obj"].object_list[0]
    assert first.entry.title == "Nuôi ong mật lấy mật"


def test_a_search_without_results_is_recorded_once_per_visitor_and_day(client, centre_a):
    for _ in range(2):
        _get(client, {"q": "Học thổi  SAXOPHONE 0912 345 678"}, centre_a)
    other = Client(REMOTE_ADDR="10.0.0.2")  # another visitor
    _get(other, {"q": "học thổi saxophone 0912 345 678"}, centre_a)
    _get(client, {"q": "tu sach"}, centre_a)  # has results: not recorded
    _get(client, {"q": "saxophone", "loai": "tin-tuc"}, centre_a)  # filtered: not a miss
    rows = list(
        SearchMiss.objects.filter(day=timezone.localdate()).values_list(
            "query", "site_id", "day", "count"
        )
    )  # the demo's year of misses ends yesterday at the latest
    assert rows == [("học thổi saxophone …", centre_a.site.pk, timezone.localdate(), 2)]


def test_staff_see_the_searches_without_results_of_their_own_sites(client, centre_a, centre_b):
    _get(client, {"q": "saxophone"}, centre_a)
    _get(Client(), {"q": "violin"}, centre_b)
    editor = Client()
    editor.force_login(UserFactory(groups=[centre_a.editors_group]))
    html = editor.get("/admin/reports/search-misses/").content.decode()
    assert "saxophone" in html and "violin" not in html
    hub = Client()
    hub.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = hub.get("/admin/reports/search-misses/").content.decode()
    assert "saxophone" in html and "violin" in html
    assert "/admin/reports/search-misses/" in hub.get("/admin/").content.decode()  # Reports menu
    judge = UserFactory(username="gk")  # reaches the admin, works for no centre
    judge.user_permissions.add(Permission.objects.get(codename="access_admin"))
    as_judge = Client()
    as_judge.force_login(judge)
    refused = as_judge.get("/admin/reports/search-misses/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "/admin/reports/search-misses/" not in as_judge.get("/admin/").content.decode()
