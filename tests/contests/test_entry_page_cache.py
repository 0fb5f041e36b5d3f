"""An entry page is one public page for everyone, served by the page cache (issue #24): a shared
link's burst is answered from the cache, every view still counts, and what is this browser's own
(its like, its CSRF token, its id) comes from the state route, never cached, or, without script,
from the like page and its form (docs/CONTEST_ENTRY_CACHE.md)."""

import pytest
from django.test import Client, RequestFactory

from contests.factories import add_entry
from contests.models import EngagementEvent, SiteCounter, SiteLike
from hub.caching.pagecache import page_key
from hub.counters import BROWSER_COOKIE
from lessons.models import LessonPage

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"
HALL = "100.64.3.7"


@pytest.fixture
def entry(open_contest, centre_a):
    return add_entry(open_contest, centre_a, title="Tủ sách phường Lam Hạ")


def _where(entry) -> tuple[str, str]:
    site = entry.get_site()
    return site.hostname, entry.relative_url(site)


def _browser(entry, agent=PHONE, address=HALL, **options) -> Client:
    host, _path = _where(entry)
    return Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address, HTTP_HOST=host, **options)


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def _views(entry) -> int:
    return SiteCounter.objects.filter(entry=entry).values_list("views", flat=True).first() or 0


def _logged_views(entry) -> int:
    return EngagementEvent.objects.filter(entry=entry, kind="view").count()


def _stored(entry, page_cache):
    host, path = _where(entry)
    return page_cache.get(page_key(RequestFactory().get(path, HTTP_HOST=host)))


def test_the_entry_page_is_public_stored_and_every_cache_hit_counts(
    page_cache, entry, django_assert_num_queries
):
    other = add_entry(entry.get_parent().specific, entry.centre, title="Góc đọc sách ấp Phù Vân")
    host, path = _where(entry)  # (publishing an entry empties the page cache: before the visits)
    first = _browser(entry, agent=f"{PHONE} a").get(path)
    assert first.status_code == 200
    assert "csrftoken" not in first.cookies and BROWSER_COOKIE not in first.cookies
    assert not first.cookies  # no cookie at all: nothing of this visitor in it
    control = first["Cache-Control"]
    assert "private" not in control and "no-store" not in control and "max-age=60" in control
    # it varies on nothing a lesson's cached page does not (the site frame's language and
    # sign-in state: requests with those cookies are never served from the page cache)
    lesson = LessonPage.objects.live().first()
    assert _vary(first) == _vary(
        Client(HTTP_USER_AGENT=PHONE, HTTP_HOST=_where(lesson)[0]).get(_where(lesson)[1])
    )
    html = first.content.decode()
    found = html.find("csrfmiddlewaretoken")
    assert found == -1, html[found - 400 : found + 100]
    assert "data-like " not in html and "data-like>" not in html  # the toggle comes with the state
    assert f'href="{path}thich/" data-like-link' in html  # without script: the like page
    assert f'data-state-url="{path}trang-thai/"' in html
    assert _stored(entry, page_cache) is not None
    assert (_views(entry), _logged_views(entry)) == (1, 1)

    repeat = _browser(entry, agent=f"{PHONE} a")
    with django_assert_num_queries(0):  # a repeat visitor: the cached copy, counted already
        again = repeat.get(path)
    assert again.content == first.content and not again.cookies
    for n in "bcd":  # three new visitors, served from the cache: each view counts and is logged
        hit = _browser(entry, agent=f"{PHONE} {n}").get(path)
        assert hit.content == first.content
    assert (_views(entry), _logged_views(entry)) == (4, 4)
    # a browser with its id and a CSRF cookie (from another entry's state) gets the same copy
    known = _browser(entry, agent=f"{PHONE} e")
    known.get(_where(other)[1] + "trang-thai/")
    assert {BROWSER_COOKIE, "csrftoken"} <= set(known.cookies)
    with django_assert_num_queries(5):  # no page rendered: the count (4) and its logged event
        assert known.get(path).content == first.content
    assert (_views(entry), _logged_views(entry)) == (5, 5)


def test_the_state_is_this_browsers_own_and_never_cached(page_cache, entry):
    host, path = _where(entry)
    mine = _browser(entry, enforce_csrf_checks=True)
    mine.get(path)
    state = mine.get(path + "trang-thai/")
    assert state.status_code == 200
    assert "private" in state["Cache-Control"] and "no-store" in state["Cache-Control"]
    data = state.json()
    token = data.pop("csrf_token")
    assert token and data == {
        "ok": True,
        "liked": False,
        "likes": 0,
        "may_like": True,
        "reason": "",
        "message": "",
    }

    # a like with the state's token counts; without it, or with another browser's, it is refused
    assert mine.post(path + "thich/").status_code == 403
    assert mine.post(path + "thich/", HTTP_X_CSRFTOKEN="x" * 32).status_code == 403
    assert SiteLike.objects.filter(entry=entry).count() == 0
    liked = mine.post(path + "thich/", HTTP_X_CSRFTOKEN=token)
    assert liked.json() == {"ok": True, "liked": True, "likes": 1}
    assert mine.get(path + "trang-thai/").json()["liked"] is True

    # a neighbour with the same phone behind the same router sees only its own state
    neighbour = _browser(entry)
    neighbour.get(path)
    theirs = neighbour.get(path + "trang-thai/").json()
    assert (theirs["liked"], theirs["likes"]) == (False, 1) and theirs["csrf_token"] != token
    # even before it has an id of its own (a cookie-less call, e.g. refused by the browser)
    bare = _browser(entry).get(path + "trang-thai/")
    assert bare.json()["liked"] is False and "no-store" in bare["Cache-Control"]
    assert _stored_state(entry, page_cache) is None
    # POST to the state route is refused; the like's result is not cached
    assert neighbour.post(path + "trang-thai/").status_code == 405


def _stored_state(entry, page_cache):
    host, path = _where(entry)
    return page_cache.get(page_key(RequestFactory().get(path + "trang-thai/", HTTP_HOST=host)))


def test_a_view_is_carried_to_the_browser_id_so_it_counts_once(page_cache, entry):
    host, path = _where(entry)
    visitor = _browser(entry)
    visitor.get(path)  # counted under its address and agent (it has no id yet)
    assert _views(entry) == 1
    visitor.get(path + "trang-thai/")  # its id: the view moves to it
    visitor.get(path)  # the cached copy again, now with its id: already counted today
    assert (_views(entry), _logged_views(entry)) == (1, 1)
    event = EngagementEvent.objects.get(entry=entry, kind="view")
    token = visitor.get(path + "trang-thai/").json()["csrf_token"]
    visitor.post(path + "thich/", HTTP_X_CSRFTOKEN=token)
    like = EngagementEvent.objects.get(entry=entry, kind="like")
    assert like.visitor == event.visitor and like.flags == ""  # not "liked without a view"

    # a neighbour with the same phone model behind the same router: its first view looked like
    # the visitor's (same address and agent), its own id makes it count
    neighbour = _browser(entry)
    neighbour.get(path)
    assert _views(entry) == 1
    neighbour.get(path + "trang-thai/")
    neighbour.get(path)
    assert (_views(entry), _logged_views(entry)) == (2, 2)


def test_without_script_the_like_page_likes_and_withdraws_with_its_form(page_cache, entry):
    host, path = _where(entry)
    browser = _browser(entry, enforce_csrf_checks=True)
    html = browser.get(path).content.decode()
    assert f'href="{path}thich/"' in html
    page = browser.get(path + "thich/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"] and BROWSER_COOKIE in page.cookies
    text = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in text and 'name="thich" value="1"' in text
    assert 'data-testid="like"' in text and "Bạn đã thích" not in text
    token = browser.cookies["csrftoken"].value
    form = {"csrfmiddlewaretoken": _token(text), "thich": "1"}
    # without the form's token: refused (the project's CSRF page)
    assert browser.post(path + "thich/", {"thich": "1"}, HTTP_ACCEPT="text/html").status_code == 403
    done = browser.post(path + "thich/", form, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert done.status_code == 303 and done["Location"] == path + "thich/"
    text = browser.get(done["Location"]).content.decode()
    assert "Bạn đã thích bài dự thi này." in text and 'name="thich" value="0"' in text
    assert "Lượt thích: 1." in text
    # the same form sent twice (a double tap, the back button) changes nothing
    browser.post(path + "thich/", form, HTTP_ACCEPT="text/html")
    assert SiteLike.objects.filter(entry=entry).count() == 1
    assert SiteCounter.objects.get(entry=entry).likes == 1
    # withdrawing
    form = {"csrfmiddlewaretoken": token, "thich": "0"}
    assert browser.post(path + "thich/", form, HTTP_ACCEPT="text/html").status_code == 303
    browser.post(path + "thich/", form, HTTP_ACCEPT="text/html")
    assert SiteLike.objects.filter(entry=entry).count() == 0
    assert SiteCounter.objects.get(entry=entry).likes == 0
    assert list(
        EngagementEvent.objects.filter(entry=entry).order_by("pk").values_list("kind", flat=True)
    ) == ["view", "like", "unlike"]


def test_the_like_page_explains_refusals(entry, judging_contest):
    closed = judging_contest.get_children().live().first().specific
    host, path = _where(closed)
    browser = _browser(closed)
    assert 'data-testid="likes-closed"' in browser.get(path).content.decode()
    page = browser.get(path + "thich/")
    text = page.content.decode()
    assert page.status_code == 200 and "Đã hết hạn bình chọn." in text
    assert "csrfmiddlewaretoken" not in text  # nothing to send
    state = browser.get(path + "trang-thai/").json()
    assert (state["may_like"], state["reason"]) == (False, "closed")
    refused = browser.post(path + "thich/", {"thich": "1"}, HTTP_ACCEPT="text/html")
    assert refused.status_code == 403
    assert "Đã hết hạn bình chọn của hội thi này" in refused.content.decode()


def _token(html: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_script_asks_for_a_like_or_its_withdrawal_so_a_stale_button_undoes_nothing(entry):
    host, path = _where(entry)
    browser = _browser(entry, enforce_csrf_checks=True)
    token = browser.get(path + "trang-thai/").json()["csrf_token"]

    def send(want):
        return browser.post(
            path + "thich/", {"thich": want}, HTTP_X_CSRFTOKEN=token, HTTP_ACCEPT="*/*"
        ).json()

    assert send("1") == {"ok": True, "liked": True, "likes": 1}
    assert send("1") == {"ok": True, "liked": True, "likes": 1}  # a second tab, a double tap
    assert send("0") == {"ok": True, "liked": False, "likes": 0}
    assert send("0") == {"ok": True, "liked": False, "likes": 0}
    assert list(
        EngagementEvent.objects.filter(entry=entry)
        .exclude(kind="view")
        .values_list("kind", flat=True)
    ) == ["like", "unlike"]
