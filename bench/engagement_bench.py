"""Engagement sync benchmark (issue #7): 10,000 YouTube links against a local HTTP server that
answers like videos.list (SQLite embedded default unless DATABASE_URL is set)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-sync-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
os.environ.setdefault("SQLITE_PATH", str(WORK / "db.sqlite3"))
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Response  # noqa: E402

from bench.common import write  # noqa: E402

LINKS = 10_000


def handler(request):
    ids = request.args["id"].split(",")
    items = [
        {
            "kind": "youtube#video",
            "id": v,
            "statistics": {"viewCount": "123", "likeCount": "4", "commentCount": "1"},
        }
        for v in ids
    ]
    return Response(
        json.dumps({"kind": "youtube#videoListResponse", "items": items}),
        content_type="application/json",
    )


def main():
    from contests.engagement.clients import YouTubeClient
    from contests.engagement.sync import links_for, sync_youtube
    from contests.factories import add_contest, add_entry, contest_index
    from contests.models import EntryLink
    from home.demo import load_demo_network
    from home.models import HubHomePage
    from hub.models import Centre

    call_command("migrate", verbosity=0)
    load_demo_network(log=lambda _m: None)
    contest = add_contest(contest_index(HubHomePage.objects.get()), title="Bench sync")
    entry = add_entry(contest, Centre.objects.first(), title="Bench")
    EntryLink.objects.bulk_create(
        EntryLink(
            entry=entry,
            platform="youtube",
            url=f"https://youtu.be/v{n:010d}",
            kind="video",
            external_id=f"v{n:010d}",
        )
        for n in range(LINKS)
    )
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/youtube/v3/videos").respond_with_handler(handler)
    server.start()
    try:
        links = links_for(contest, "youtube")
        client = YouTubeClient(server.url_for(""), "bench-key")
        start = time.perf_counter()
        summary = sync_youtube(links, client, daily_quota=10_000)
        elapsed = time.perf_counter() - start
    finally:
        server.stop()
    assert summary.snapshots == LINKS
    write(
        "engagement",
        [
            {
                "metric": f"sync of {LINKS} YouTube links",
                "value": round(elapsed, 2),
                "unit": "s",
                "note": f"{summary.calls} API calls, {summary.units} quota units, {summary.snapshots} snapshots; local HTTP server",
            },
        ],
    )


if __name__ == "__main__":
    main()
