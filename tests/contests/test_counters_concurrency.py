"""On-site counters under concurrency, against a real threaded server on PostgreSQL: no lost
increments, likes once per visitor, every accepted request counted exactly once."""

import json
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import psycopg
import pytest

from tests.servers import fetch

pytestmark = pytest.mark.xdist_group("demo-server")  # shares the browser tests' demo server

VISITORS = 40


def _entry_path(server) -> str:
    status, html = fetch(server.url + "/hoi-thi/thiet-ke-video-gioi-thieu-tu-sach-cong-dong-2025/")
    assert status == 200
    return re.search(r'href="(/hoi-thi/thiet-ke-video[^"]+/tu-sach-[^"]+/)"', html).group(1)


def _visitor(server, path: str, n: int) -> dict:
    """One visitor (its own user agent and cookies): view, like, share on Zalo, like again (unlike)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    agent = f"Mozilla/5.0 (Linux; Android 10; visitor-{n}) Chrome/120 Mobile"
    page = opener.open(
        urllib.request.Request(server.url + path, headers={"User-Agent": agent}), timeout=20
    ).read()
    assert b"csrfmiddlewaretoken" not in page  # one page for everyone; the token comes from:
    state = opener.open(
        urllib.request.Request(server.url + path + "trang-thai/", headers={"User-Agent": agent}),
        timeout=20,
    ).read()
    token = json.loads(state)["csrf_token"]
    results = {}
    for action in ("thich/", "chia-se/zalo/", "thich/", "thich/"):
        request = urllib.request.Request(
            server.url + path + action,
            data=b"",
            method="POST",
            headers={"User-Agent": agent, "X-CSRFToken": token, "Referer": server.url + path},
        )
        try:
            with opener.open(request, timeout=20) as response:
                results.setdefault(action, []).append(response.status)
        except urllib.error.HTTPError as error:
            results.setdefault(action, []).append(error.code)
    return results


def test_parallel_views_likes_and_shares_are_exact(demo_server):
    path = _entry_path(demo_server)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: _visitor(demo_server, path, n), range(VISITORS)))
    assert all(r["thich/"] == [200, 200, 200] and r["chia-se/zalo/"] == [200] for r in results)
    slug = path.rstrip("/").rsplit("/", 1)[1]
    with psycopg.connect(demo_server.env["DATABASE_URL"]) as conn:
        views, likes, zalo, rows = conn.execute(
            "select c.views, c.likes, c.shares_zalo, (select count(*) from contests_sitelike l where l.entry_id = c.entry_id)"
            " from contests_sitecounter c join wagtailcore_page p on p.id = c.entry_id where p.slug = %s",
            (slug,),
        ).fetchone()
    # every visitor: one view, like → unlike → like (ends liked), one Zalo share
    assert (views, likes, zalo, rows) == (VISITORS, VISITORS, VISITORS, VISITORS)
