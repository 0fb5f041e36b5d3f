"""Ranking benchmark (issue #6): 1,000 entries x 15 judges x 6 criteria, goal < 300 ms and a
fixed number of queries. Runs on the embedded default (SQLite) or DATABASE_URL if set."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-ranking-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
os.environ.setdefault("SQLITE_PATH", str(WORK / "db.sqlite3"))
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import write  # noqa: E402

ENTRIES, JUDGES, CRITERIA = 1000, 15, 6


def build():
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import Page

    from contests.factories import add_contest, contest_index
    from contests.models import EngagementSnapshot, EntryPage, JudgeScore
    from home.demo import load_demo_network
    from home.models import HubHomePage

    call_command("migrate", verbosity=0)
    load_demo_network(log=lambda _m: None)
    from hub.models import Centre

    centres = list(Centre.objects.all())
    users = [get_user_model().objects.create_user(f"bench-judge-{i}") for i in range(JUDGES)]
    now = timezone.now()
    contest = add_contest(
        contest_index(HubHomePage.objects.get()),
        judges=[(u, None) for u in users],
        title="Bench 1000",
        parts=[
            ("Phần 1", 1, [(f"Tiêu chí {i}", 10, 1 + i % 3) for i in range(3)]),
            ("Phần 2", 2, [(f"Tiêu chí {i}", 10, 1) for i in range(3, 6)]),
        ],
        submissions_open=now - datetime.timedelta(days=30),
        submissions_close=now - datetime.timedelta(days=20),
        judging_start=now - datetime.timedelta(days=19),
        judging_end=now + datetime.timedelta(days=1),
        engagement_cutoff=now - datetime.timedelta(days=1),
    )
    # Entries as real pages, created in bulk through treebeard's path allocation.
    start = time.perf_counter()
    for i in range(ENTRIES):
        contest.add_child(
            instance=EntryPage(
                title=f"Bài {i}",
                slug=f"bai-{i}",
                centre=centres[i % len(centres)],
                participants="x",
                live=True,
                first_published_at=now,
            )
        )
        if i % 100 == 0:
            contest = Page.objects.get(pk=contest.pk).specific
    entries = list(EntryPage.objects.child_of(contest).values_list("pk", flat=True))
    criteria = [c.pk for c in contest.criteria()]
    JudgeScore.objects.bulk_create(
        [
            JudgeScore(
                entry_id=e, judge=u, criterion_id=c, points=Decimal((e * 7 + u.pk * 3 + c) % 11)
            )
            for e in entries
            for u in users
            for c in criteria
        ],
        batch_size=5000,
    )
    EngagementSnapshot.objects.bulk_create(
        [
            EngagementSnapshot(
                entry_id=e,
                platform=p,
                taken_at=now - datetime.timedelta(days=d),
                views=e * d,
                likes=e,
                shares=d,
                comments=1,
            )
            for e in entries
            for p in ("site", "youtube", "facebook")
            for d in (2, 3)
        ],
        batch_size=5000,
    )
    return contest, time.perf_counter() - start


def main():
    from contests.ranking import contest_ranking

    contest, setup = build()
    timings, queries = [], set()
    for _ in range(5):
        reset_queries()  # DEBUG's query log is a bounded deque, full after the setup
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            rows = contest_ranking(contest)
            timings.append(time.perf_counter() - start)
        queries.add(len(ctx))
    assert len(rows) == ENTRIES
    median = statistics.median(timings) * 1000
    write(
        "ranking",
        [
            {
                "metric": f"ranking {ENTRIES} entries x {JUDGES} judges x {CRITERIA} criteria (median of 5)",
                "value": round(median, 1),
                "unit": "ms",
                "note": f"goal < 300 ms; {connection.vendor}",
            },
            {"metric": "queries per ranking", "value": sorted(queries), "unit": ""},
            {
                "metric": "scores in the ranking",
                "value": ENTRIES * JUDGES * CRITERIA,
                "unit": "",
                "note": f"setup {setup:.0f} s",
            },
        ],
    )


if __name__ == "__main__":
    main()
