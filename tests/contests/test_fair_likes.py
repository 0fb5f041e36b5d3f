"""Likes and shares are keyed on a random id per browser (hub.counters.browser_id): people behind
one address each count, one browser stays one visitor whatever user agent it sends, and only the
browser that liked can withdraw its like."""

import pytest
from django.test import Client

from contests.factories import add_entry
from contests.models import SiteCounter, SiteLike
from hub.counters import BROWSER_COOKIE

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 9; Redmi 8A) Chrome/120 Mobile"


@pytest.fixture
def entry(open_contest, centre_a):
    # public voting is open until the contest's engagement cut-off
    return add_entry(open_contest, centre_a, title="Tủ sách phường Lam Hạ")


def _likes(entry) -> tuple[int, int]:
    likes = SiteCounter.objects.filter(entry=entry).values_list("likes", flat=True).first() or 0
    return likes, SiteLike.objects.filter(entry=entry).count()


def _browser(entry, agent=PHONE) -> tuple[Client, str]:
    """A browser that opened the entry, whose script asked for its state (which gives it its id),
    and the entry's address."""
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR="100.64.0.9")
    base = entry.relative_url(entry.get_site())
    assert browser.get(base).status_code == 200
    assert BROWSER_COOKIE not in browser.cookies  # the page is the same for everyone
    assert browser.get(base + "trang-thai/").status_code == 200
    assert BROWSER_COOKIE in browser.cookies
    return browser, base


def _state(browser, base) -> dict:
    return browser.get(base + "trang-thai/").json()


def test_thirty_browsers_behind_one_address_add_thirty_likes(entry):
    assert _likes(entry) == (0, 0)
    browsers = [_browser(entry) for _ in range(30)]  # the same phone model, one router
    for browser, base in browsers:
        assert browser.post(base + "thich/").json()["liked"] is True
    assert _likes(entry) == (30, 30)
    # each of them is told "liked", a newcomer behind the same router is not
    browser, base = browsers[7]
    assert _state(browser, base)["liked"] is True
    assert _state(*_browser(entry))["liked"] is False


def test_one_browser_rotating_its_user_agent_adds_at_most_one(entry):
    browser, base = _browser(entry)
    answers = [
        browser.post(base + "thich/", HTTP_USER_AGENT=f"{PHONE} build/{n}").json()
        for n in range(21)
    ]
    assert [a["liked"] for a in answers] == [n % 2 == 0 for n in range(21)]  # a toggle
    assert max(a["likes"] for a in answers) == 1
    assert _likes(entry) == (1, 1)


def test_a_neighbour_with_the_same_phone_cannot_undo_a_like(entry):
    first, base = _browser(entry)
    second, _base = _browser(entry)
    assert first.post(base + "thich/").json() == {"ok": True, "liked": True, "likes": 1}
    assert second.post(base + "thich/").json() == {"ok": True, "liked": True, "likes": 2}
    assert second.post(base + "thich/").json() == {"ok": True, "liked": False, "likes": 1}
    assert _likes(entry) == (1, 1)  # the first browser's like stands


def test_a_forged_cookie_is_a_new_browser_not_someone_else(entry):
    owner, base = _browser(entry)
    owner.post(base + "thich/")
    value = owner.cookies[BROWSER_COOKIE].value
    raw = value.split(":")[0]  # the id without its signature
    forger = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="100.64.0.9")
    forger.cookies[BROWSER_COOKIE] = raw
    assert forger.post(base + "thich/").json() == {"ok": True, "liked": True, "likes": 2}
    assert forger.cookies[BROWSER_COOKIE].value != raw  # it got a signed id of its own
    assert _likes(entry) == (2, 2)


def test_new_ids_per_address_are_limited_and_nothing_is_lost(entry, settings):
    # contests have their own, generous ceiling (a hall votes through one router); 3 here
    settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR = 3
    base = entry.relative_url(entry.get_site())
    statuses = []
    for n in range(5):  # a client that throws its cookie away after every like
        client = Client(HTTP_USER_AGENT=f"{PHONE} {n}", REMOTE_ADDR="100.64.0.10")
        response = client.post(base + "thich/")
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429, 429]
    assert "Quá nhiều trình duyệt mới" in response.json()["message"]
    assert _likes(entry) == (3, 3)
    # a browser that already has its id is not affected by its neighbours' minting
    settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR = 1000
    known, base = _browser(entry)
    settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR = 0
    assert known.post(base + "thich/", REMOTE_ADDR="100.64.0.10").status_code == 200
    assert _likes(entry) == (4, 4)


def test_shares_count_once_per_browser_and_target(entry):
    first, base = _browser(entry)
    second, _base = _browser(entry)
    for _ in range(3):
        first.post(base + "chia-se/zalo/", HTTP_USER_AGENT=f"{PHONE} {_}")
    second.post(base + "chia-se/zalo/")
    counter = SiteCounter.objects.get(entry=entry)
    assert (counter.shares_zalo, counter.shares_facebook) == (2, 0)


def _learner(centre, phone, verified=True):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from learners.models import Learner

    user = get_user_model().objects.create_user(username=f"like-{phone[-4:]}", password="x-9-y-8-z")
    return Learner.objects.create(
        user=user,
        phone=phone,
        name="Người bình chọn",
        home_centre=centre,
        consent_at=timezone.now(),
        phone_verified_at=timezone.now() if verified else None,
    )


def test_learners_only_one_like_per_person_on_every_device(entry, centre_a):
    contest = entry.get_parent().specific
    contest.likes_by = contest.LikesBy.LEARNERS
    contest.save_revision().publish()
    anonymous, base = _browser(entry)
    response = anonymous.post(base + "thich/")
    assert response.status_code == 403
    assert (
        response.json()["message"] == "Hội thi này chỉ nhận lượt thích của người học đã đăng nhập."
    )
    assert _state(anonymous, base) | {"csrf_token": ""} == {
        "ok": True,
        "liked": False,
        "likes": 0,
        "may_like": False,
        "reason": "sign_in",
        "message": "Hội thi này chỉ nhận lượt thích của người học đã đăng nhập.",
        "csrf_token": "",
    }
    assert 'data-testid="like-sign-in"' in anonymous.get(base + "thich/").content.decode()

    unverified = _learner(centre_a, "+84913000111", verified=False)
    anonymous.force_login(unverified.user)
    response = anonymous.post(base + "thich/")
    assert response.status_code == 403
    assert "chưa được xác nhận" in response.json()["message"]
    assert _state(anonymous, base)["reason"] == "unverified"
    assert _likes(entry) == (0, 0)

    learner = _learner(centre_a, "+84913000222")
    phone, _base = _browser(entry)
    laptop, _base = _browser(entry, agent="Mozilla/5.0 (Windows NT 10.0) Firefox/120")
    phone.force_login(learner.user)
    laptop.force_login(learner.user)
    assert phone.post(base + "thich/").json() == {"ok": True, "liked": True, "likes": 1}
    assert _state(laptop, base)["liked"] is True  # the same like
    assert laptop.post(base + "thich/").json() == {"ok": True, "liked": False, "likes": 0}
    assert _likes(entry) == (0, 0)
    # views still count for anyone
    assert SiteCounter.objects.get(entry=entry).views >= 3


def test_nothing_counts_after_the_voting_deadline(entry):
    import datetime

    from django.utils import timezone

    browser, base = _browser(entry)
    assert browser.post(base + "thich/").json()["likes"] == 1
    contest = entry.get_parent().specific
    contest.engagement_cutoff = timezone.now() - datetime.timedelta(minutes=1)
    contest.save_revision().publish()
    response = browser.post(base + "thich/")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "Đã hết hạn bình chọn của hội thi này; lượt thích không còn được tính."
    )
    shares = browser.post(base + "chia-se/zalo/")
    assert shares.status_code == 403
    assert _likes(entry) == (1, 1)
    assert SiteCounter.objects.get(entry=entry).shares_zalo == 0
    assert 'data-testid="likes-closed"' in browser.get(base).content.decode()
