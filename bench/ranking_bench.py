"""Ranking benchmark (issues #6, #21): 1,000 entries x 15 judges x 6 criteria in round 1
(sơ khảo), then the top FINALISTS advanced into round 2 (chung khảo, 6 criteria of its own,
scored by the same 15 judges); goal < 300 ms per ranking and a fixed number of queries. Also times
the balanced automatic assignment of round 1 (5 judges per entry) and the advance itself.
Runs on the embedded default (SQLite) or DATABASE_URL if set."""

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
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import write  # noqa: E402

ENTRIES, JUDGES, CRITERIA, FINALISTS = 1000, 15, 6, 100


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
            ("Chung khảo 1", 1, [(f"Tiêu chí {i}", 10, 1) for i in range(6, 9)], 2),
            ("Chung khảo 2", 1, [(f"Tiêu chí {i}", 20, 1) for i in range(9, 12)], 2),
        ],
        rounds=[
            (  # starts after the advance (the list is fixed once a round starts)
                "Chung khảo",
                now + datetime.timedelta(hours=1),
                now + datetime.timedelta(days=2),
                now + datetime.timedelta(days=2),
            )
        ],
        submissions_open=now - datetime.timedelta(days=30),
        submissions_close=now - datetime.timedelta(days=20),
        judging_start=now - datetime.timedelta(days=19),
        judging_end=now - datetime.timedelta(days=1),
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
    criteria = [c.pk for c in contest.criteria(1)]
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


def timed_ranking(contest, rnd) -> tuple[float, set, list]:
    from contests.models import ContestPage
    from contests.ranking import contest_ranking

    timings, queries = [], set()
    for _ in range(5):
        fresh = ContestPage.objects.get(pk=contest.pk)
        reset_queries()  # DEBUG's query log is a bounded deque, full after the setup
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            rows = contest_ranking(fresh, fresh.get_round(rnd))
            timings.append(time.perf_counter() - start)
        queries.add(len(ctx))
    return statistics.median(timings) * 1000, queries, rows


def main():
    from contests.models import ContestPage, JudgeAssignment, JudgeScore, RoundEntry
    from contests.rounds import advance, auto_assign, choose

    contest, setup = build()
    contest = ContestPage.objects.get(pk=contest.pk)
    first, queries_first, rows = timed_ranking(contest, 1)
    assert len(rows) == ENTRIES
    start = time.perf_counter()
    assigned = auto_assign(contest, contest.get_round(1), per_entry=5)
    assign_ms = (time.perf_counter() - start) * 1000
    loads = sorted(
        JudgeAssignment.objects.filter(contest=contest, round_number=1)
        .values("judge")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    start = time.perf_counter()
    advanced = advance(
        contest, contest.get_round(1), choose(rows, RoundEntry.How.RANK, FINALISTS), "rank", None
    )
    advance_ms = (time.perf_counter() - start) * 1000
    finalists = list(
        RoundEntry.objects.filter(contest=contest, round_number=2).values_list(
            "entry_id", flat=True
        )
    )
    judges = list(contest.judges.values_list("user_id", flat=True))
    final_criteria = [c.pk for c in contest.criteria(2)]
    JudgeScore.objects.bulk_create(
        [
            JudgeScore(
                entry_id=e, judge_id=u, criterion_id=c, points=Decimal((e * 5 + u * 3 + c) % 11)
            )
            for e in finalists
            for u in judges
            for c in final_criteria
        ],
        batch_size=5000,
    )
    second, queries_second, final_rows = timed_ranking(contest, 2)
    assert len(final_rows) == advanced
    write(
        "ranking",
        [
            {
                "metric": f"round 1 ranking: {ENTRIES} entries x {JUDGES} judges x {CRITERIA} criteria (median of 5)",
                "value": round(first, 1),
                "unit": "ms",
                "note": f"goal < 300 ms; {connection.vendor}",
            },
            {"metric": "queries per ranking (round 1)", "value": sorted(queries_first), "unit": ""},
            {
                "metric": f"round 2 ranking: {advanced} finalists x {JUDGES} judges x {len(final_criteria)} criteria (median of 5)",
                "value": round(second, 1),
                "unit": "ms",
                "note": f"{connection.vendor}; {len(final_rows)} rows",
            },
            {
                "metric": "queries per ranking (round 2)",
                "value": sorted(queries_second),
                "unit": "",
            },
            {
                "metric": f"balanced assignment, {ENTRIES} entries x 5 judges of {JUDGES}",
                "value": round(assign_ms),
                "unit": "ms",
                "note": f"{assigned.assigned} assignments; per judge {loads[0]}–{loads[-1]}",
            },
            {
                "metric": f"advance the top {FINALISTS} into round 2",
                "value": round(advance_ms),
                "unit": "ms",
                "note": f"{advanced} entries (ties at the cut included)",
            },
            {
                "metric": "scores in the rankings",
                "value": ENTRIES * JUDGES * CRITERIA + advanced * JUDGES * len(final_criteria),
                "unit": "",
                "note": f"setup {setup:.0f} s",
            },
        ],
    )


if __name__ == "__main__":
    main()
