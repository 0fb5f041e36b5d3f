"""Contests in a browser (issue #21): a judge scores the final round on a 390 x 844 phone; in a
blind contest a judge's every reachable admin page (and the public pages of the entries, which
say nothing of who entered while judging lasts) names no centre; two phones behind one address
each add their like, and a third without JavaScript likes through the like page."""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import psycopg
import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

BLIND = "Kể chuyện sách hay 2026"
OPEN_VOTE = "Thiết kế video giới thiệu Tủ sách cộng đồng 2025"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ANDROID = (
    "Mozilla/5.0 (Linux; Android 10; Redmi 8A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


def _shell(server, code: str) -> str:
    """Run code in the server's project; what it printed last."""
    return (server.manage("shell", "-c", code).stdout.strip().splitlines() or [""])[-1]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px phone"


def test_a_judge_scores_the_final_round_on_a_phone(demo_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, demo_server, "giamkhao1", "giamkhao-demo")
    page.goto(demo_server.url + "/admin/contests/judging/")
    page.locator("a", has_text=BLIND).first.click()
    assert "Vòng đang chấm: Chung khảo" in page.inner_text("main")
    assert page.locator("[data-testid=blind-note]").is_visible()
    _fits(page)
    rows = page.locator("[data-testid=judging-entries] tbody tr")
    assert rows.count() >= 1
    rows.first.locator("a.button").click()
    form = page.locator("[data-testid=score-form]")
    form.wait_for()
    _fits(page)
    # criteria with their maximum points, readable on the phone
    assert "Giọng kể" in form.inner_text() and "/ 10" in form.inner_text()
    inputs = form.locator("input[inputmode=decimal]")
    assert inputs.count() == 3
    inputs.nth(0).fill("8")
    page.fill("textarea[name^=n]", "Giọng kể truyền cảm.")
    form.locator("[data-testid=score-draft]").click()
    page.locator("[data-testid=score-form]").wait_for()
    assert "Đã lưu nháp" in page.inner_text("main")
    inputs = page.locator("[data-testid=score-form] input[inputmode=decimal]")
    assert inputs.nth(0).input_value() == "8,00"  # the draft came back, in Vietnamese
    inputs.nth(1).fill("9")
    inputs.nth(2).fill("7,5")
    page.check("[data-testid=score-form] input[name=checked]")
    page.locator("[data-testid=score-submit]").click()
    page.locator("[data-testid=judging-entries]").wait_for()
    assert "Đã lưu điểm" in page.inner_text("main")
    context.close()


def _variants(names: list[str]) -> list[str]:
    """Every way a centre is named: its title ("TTHTCĐ phường Lam Hạ"), its name ("Phường Lam
    Hạ") and the place alone ("Lam Hạ")."""
    found = set()
    for name in names:
        found.add(name)
        short = name
        for prefix in ("tthtcđ ", "phường ", "xã "):
            if short.lower().startswith(prefix):
                short = short[len(prefix) :]
        found.add(short)
    return sorted(found)


@pytest.fixture
def blind_judge(demo_server):
    """A judge of the blind contest only, assigned every entry of its final round (one shell
    call: each costs a Django start). The server's database is a throwaway copy."""
    found = json.loads(
        _shell(
            demo_server,
            "import json; from django.contrib.auth import get_user_model; "
            "from contests.models import ContestPage, ContestJudge, EntryPage, JudgeAssignment, "
            "RoundEntry; from contests.provisioning import ensure_judges_group; "
            "from hub.models import Centre; "
            "u = get_user_model().objects.create_user('giamkhao-an-danh', 'an-danh@example.vn', "
            "'an-danh-demo', first_name='Giám khảo độc lập'); u.groups.add(ensure_judges_group()); "
            f"c = ContestPage.objects.get(title={BLIND!r}); "
            "ContestJudge.objects.create(contest=c, user=u, sort_order=9); "
            "[JudgeAssignment.objects.create(contest=c, round_number=2, judge=u, "
            "entry_id=r.entry_id) for r in RoundEntry.objects.filter(contest=c, round_number=2)]; "
            "print(json.dumps({'names': [n for x in Centre.objects.all() for n in (x.title, x.name)], "
            "'entries': [e.url for e in EntryPage.objects.live().child_of(c)]}))",
        )
    )
    return "giamkhao-an-danh", "an-danh-demo", _variants(found["names"]), found["entries"]


SKIP = re.compile(r"/admin/(logout|password|account/change_password|.*\.(csv|xlsx|pdf))")


def test_a_blind_judge_never_sees_a_centre_name(demo_server, browser, blind_judge):
    username, password, names, entries = blind_judge
    assert "Lam Hạ" in names and "Phù Vân" in names and "TTHTCĐ phường Lam Hạ" in names
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, demo_server, username, password)
    origin = urlparse(demo_server.url).netloc
    queue, seen, hits, public = deque(["/admin/"]), set(), {}, set()
    while queue and len(seen) < 80:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(demo_server.url + path, wait_until="domcontentloaded")
        assert response is not None and response.status < 500, path
        html = page.content()
        found = [name for name in names if name.lower() in html.lower()]
        if found:
            hits[path] = found
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            url = urlparse(urljoin(demo_server.url + path, href))
            if url.netloc != origin:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.path.startswith("/admin/") and not SKIP.search(url.path):
                queue.append(target)
        for src in page.eval_on_selector_all(
            "img[src], video source[src], iframe[src]", "els => els.map(e => e.getAttribute('src'))"
        ):  # media a judge's screens load: their addresses name no centre either
            for name in names:
                slug = name.lower().replace(" ", "-")
                assert slug not in (src or "").lower(), (path, src)
    # the score screens of every assigned entry were reached
    assert sum(1 for path in seen if path.endswith("/score/")) == 4
    assert hits == {}
    # the public pages of the entries (a judge can open them too) hide who entered while judging
    assert len(entries) == 8
    for url in entries:
        page.goto(urljoin(demo_server.url, url), wait_until="domcontentloaded")
        main = page.inner_text("main")
        public.update(name for name in names if name in main)
        assert page.locator("[data-testid=centre-hidden]").count() == 1
    assert public == set()
    context.close()


def test_two_phones_behind_one_address_each_add_a_like(demo_server, browser):
    entry = json.loads(
        _shell(
            demo_server,
            "import json; from contests.models import ContestPage, EntryPage, SiteCounter; "
            f"c = ContestPage.objects.get(title={OPEN_VOTE!r}); "
            "e = EntryPage.objects.live().child_of(c).order_by('pk').last(); "
            "s = SiteCounter.objects.filter(entry=e).first(); "
            "print(json.dumps({'pk': e.pk, 'url': e.url, 'likes': s.likes if s else 0}))",
        )
    )
    shown = []
    for _ in range(2):  # two phones on the hall's Wi-Fi: one address, same browser model
        # (a phone's own user agent: headless Chromium says "HeadlessChrome", a bot's name)
        context = browser.new_context(**PHONE, user_agent=ANDROID)
        page = context.new_page()
        # the page is the same for everyone (the page cache serves it): no cookie, no token;
        # its script asks the state route for this phone's like and token
        with page.expect_response(lambda r: r.url.endswith("/trang-thai/")) as state:
            opened = page.goto(urljoin(demo_server.url, entry["url"]))
        assert "set-cookie" not in opened.headers and "private" not in opened.headers.get(
            "cache-control", ""
        )
        assert "no-store" in state.value.headers["cache-control"]
        button = page.locator("[data-like]")  # the like link becomes a toggle with the state
        with page.expect_response(lambda r: r.url.endswith("/thich/")) as answer:
            button.click()
        assert answer.value.status == 200, answer.value.text()
        page.wait_for_selector("[data-like][aria-pressed=true]")
        shown.append(int(page.locator("[data-like-count]").inner_text()))
        _fits(page)
        page.reload()  # the like is this phone's own: still pressed
        page.wait_for_selector("[data-like][aria-pressed=true]")
        context.close()
    assert shown == [entry["likes"] + 1, entry["likes"] + 2]
    # a third phone without JavaScript: the like link opens the like page and its form
    context = browser.new_context(**PHONE, user_agent=ANDROID, java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(demo_server.url, entry["url"]))
    page.locator("[data-like-link]").click()
    page.locator("[data-testid=like]").click()
    page.wait_for_selector("[data-testid=unlike]")
    assert "Bạn đã thích bài dự thi này." in page.inner_text("main")
    _fits(page)
    context.close()
    with psycopg.connect(demo_server.env["DATABASE_URL"]) as db:  # no Django start needed
        likes = db.execute(
            "SELECT likes FROM contests_sitecounter WHERE entry_id = %s", [entry["pk"]]
        ).fetchone()[0]
        events, networks, visitors = db.execute(
            "SELECT count(*), array_agg(DISTINCT address), count(DISTINCT visitor) "
            "FROM contests_engagementevent WHERE entry_id = %s AND kind = 'like'",
            [entry["pk"]],
        ).fetchone()
    after = {"likes": likes, "events": events, "networks": networks, "visitors": visitors}
    assert after == {
        "likes": entry["likes"] + 3,
        "events": 3,
        "networks": ["127.0.0.0/24"],
        "visitors": 3,
    }
