"""Contests on the admin dashboard (issue #18): a judge's contests with their own progress, the
organiser's contests by stage; the timeline's stages; a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contests.dashboard import contests_by_stage, judge_progress
from contests.factories import add_contest, add_entry
from contests.models import JudgeScore, Stage
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def _score(entry, judge, criteria):
    for criterion in criteria:
        JudgeScore.objects.create(entry=entry, judge=judge, criterion=criterion, points=Decimal(5))


def _row(rows, contest) -> dict:
    return next(row for row in rows if row["contest"].pk == contest.pk)


def test_stages_follow_the_timeline(open_contest):
    c = open_contest
    second = datetime.timedelta(seconds=1)
    c.results_published = c.judging_end + datetime.timedelta(days=2)
    assert [
        c.stage(now)
        for now in [
            c.submissions_open - second,
            c.submissions_open,
            c.submissions_close,
            c.judging_start,
            c.judging_end,
            c.results_published,
        ]
    ] == list(Stage)
    c.results_published = None
    assert c.stage(c.judging_end + datetime.timedelta(days=400)) == Stage.TO_PUBLISH


def test_a_judge_sees_their_progress_without_their_own_centre(judging_contest, judges):
    independent, from_lam_ha = judges
    criteria = judging_contest.criteria()
    lam_ha_entry, phu_van_entry = judging_contest.get_children().specific().order_by("title")
    assert (lam_ha_entry.title, phu_van_entry.title) == ("Bài Lam Hạ", "Bài Phù Vân")
    _score(lam_ha_entry, independent, criteria)
    _score(phu_van_entry, independent, criteria[:1])

    mine = _row(judge_progress(independent), judging_contest)
    assert {k: mine[k] for k in ("stage", "to_score", "done", "started", "missing", "percent")} == {
        "stage": Stage.JUDGING,
        "to_score": 2,
        "done": 1,
        "started": 1,
        "missing": 0,
        "percent": 50,
    }
    assert mine["to_do"] is True
    theirs = _row(judge_progress(from_lam_ha), judging_contest)
    assert (theirs["to_score"], theirs["done"], theirs["missing"]) == (1, 0, 1)

    client = Client()
    client.force_login(independent)
    html = client.get("/admin/").content.decode()
    assert "Hội thi bạn chấm" in html
    assert "Xong 1/2 bài, 1 bài đang dở" in html
    assert f'href="/admin/contests/{judging_contest.pk}/judging/"' in html
    assert "Hội thi theo giai đoạn" not in html  # a judge is not an organiser


def test_the_organiser_sees_every_contest_by_stage(open_contest, judging_contest, judges):
    criteria = judging_contest.criteria()
    entry = judging_contest.get_children().specific().order_by("title").first()
    _score(entry, judges[0], criteria)
    rows = contests_by_stage()
    stages = [row["stage"] for row in rows]
    assert stages == sorted(stages, key=list(Stage).index)
    judging = _row(rows, judging_contest)
    # two judges: the independent one scores 2 entries, the Lam Hạ one 1 → 3 × criteria expected
    assert {k: judging[k] for k in ("stage", "entries", "centres", "judges", "percent")} == {
        "stage": Stage.JUDGING,
        "entries": 2,
        "centres": 2,
        "judges": 2,
        "percent": round(100 / 3),
    }
    assert _row(rows, open_contest)["stage"] == Stage.OPEN

    organiser = UserFactory(username="bcd", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(organiser)
    html = client.get("/admin/").content.decode()
    assert "Hội thi theo giai đoạn" in html
    assert "Hội thi đang chấm" in html and "Hội thi đang mở" in html
    assert "2 bài, 2 trung tâm" in html


def _queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_the_panels_do_not_grow_with_contests_entries_or_judges(
    index, judging_contest, judges, centre_a, centre_b
):
    small = _queries(contests_by_stage), _queries(judge_progress, judges[0])
    now = timezone.now()
    for n in range(3):
        contest = add_contest(
            index,
            judges=[(judges[0], None), (UserFactory(), centre_b)],
            title=f"Hội thi thêm {n}",
            submissions_open=now - datetime.timedelta(days=20),
            submissions_close=now - datetime.timedelta(days=10),
            judging_start=now - datetime.timedelta(days=9),
            judging_end=now + datetime.timedelta(days=5),
            engagement_cutoff=now - datetime.timedelta(days=1),
        )
        for centre in (centre_a, centre_b, centre_a):
            _score(add_entry(contest, centre), judges[0], contest.criteria())
    assert (_queries(contests_by_stage), _queries(judge_progress, judges[0])) == small
