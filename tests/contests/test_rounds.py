"""Rounds (sơ khảo → chung khảo), advancing entries, and judges assigned to entries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.factories import add_contest, add_entry
from contests.models import ContestPage, JudgeAssignment, JudgeScore, RoundEntry
from contests.models.rounds import JudgingRound, rounds_problem
from contests.progress import judging_progress
from contests.ranking import contest_ranking
from contests.rounds import auto_assign
from home.factories import UserFactory

pytestmark = pytest.mark.django_db

ROUND_PARTS = [
    ("Sơ khảo: bài viết", 1, [("Nội dung", 10, 1), ("Trình bày", 10, 1)], 1),
    ("Chung khảo: thuyết trình", 1, [("Thuyết trình", 20, 1)], 2),
]


def two_round_contest(index, judges, *, round_one_over=True, final_started=False, **kwargs):
    """Round 1 judged (over, or open), round 2 later (or already started)."""
    now = timezone.now()
    one_end = (
        now - datetime.timedelta(hours=2) if round_one_over else now + datetime.timedelta(days=1)
    )
    two_start = (
        now - datetime.timedelta(hours=1) if final_started else now + datetime.timedelta(days=2)
    )
    return add_contest(
        index,
        parts=ROUND_PARTS,
        judges=judges,
        rounds=[
            (
                "Chung khảo",
                two_start,
                two_start + datetime.timedelta(days=3),
                two_start + datetime.timedelta(days=3),
            )
        ],
        title=kwargs.pop("title", "Hội thi hai vòng"),
        first_round_name="Sơ khảo",
        submissions_open=now - datetime.timedelta(days=20),
        submissions_close=now - datetime.timedelta(days=10),
        judging_start=now - datetime.timedelta(days=9),
        judging_end=one_end,
        engagement_cutoff=now - datetime.timedelta(days=9),
        engagement_weight=Decimal("0"),
        **kwargs,
    )


def _score(entry, judge, contest, number, points):
    for criterion in contest.criteria(number):
        JudgeScore.objects.create(entry=entry, judge=judge, criterion=criterion, points=points)


def test_round_windows_and_parts_must_fit_together():
    now = timezone.now()
    day = datetime.timedelta(days=1)
    first = JudgingRound(1, "Sơ khảo", now, now + day, now, False)
    early = JudgingRound(2, "Chung khảo", now + day / 2, now + 3 * day, now, True)
    late = JudgingRound(2, "Chung khảo", now + 2 * day, now + 3 * day, now, True)
    assert rounds_problem([first, early], {1, 2}) == (
        "Vòng “Chung khảo” phải bắt đầu sau khi vòng “Sơ khảo” kết thúc."
    )
    assert rounds_problem([first, late], {1, 3}) == (
        "Có phần thi ghi vòng 3 nhưng hội thi chỉ có 2 vòng."
    )
    assert rounds_problem([first, late], {1}) == "Vòng “Chung khảo” chưa có phần thi nào để chấm."
    assert rounds_problem([first, late], {1, 2}) is None


def test_the_contest_knows_its_rounds_and_the_current_one(index, judges):
    contest = two_round_contest(index, [(judges[0], None)])
    contest = ContestPage.objects.get(pk=contest.pk)
    names = [(r.number, r.name, r.last) for r in contest.round_list()]
    assert names == [(1, "Sơ khảo", False), (2, "Chung khảo", True)]
    assert contest.current_round().number == 1  # round 2 has not started
    assert contest.judging_open() is False  # between the rounds
    assert [c.name for c in contest.criteria(2)] == ["Thuyết trình"]
    assert contest.stage().value == "judging"  # the contest is judged until the final round ends


def test_organiser_advances_the_top_entries_after_a_preview(
    client, index, judges, superuser, centre_a, centre_b
):
    contest = two_round_contest(index, [(judges[0], None)])
    first = add_entry(contest, centre_a, title="Bài một")
    second = add_entry(contest, centre_b, title="Bài hai")
    third = add_entry(contest, centre_b, title="Bài ba")
    for entry, points in ((first, 9), (second, 7), (third, 5)):
        _score(entry, judges[0], contest, 1, points)
    client.force_login(superuser)
    url = reverse("contests_advance", args=[contest.pk]) + "?vong=1"
    preview = client.post(url, {"vong": "1", "how": "rank", "top": "2"})
    assert preview.status_code == 200
    assert "Sẽ chuyển 2 bài vào vòng “Chung khảo”" in preview.content.decode()
    assert not RoundEntry.objects.filter(contest=contest).exists()  # a preview changes nothing
    done = client.post(url, {"vong": "1", "how": "rank", "top": "2", "confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse("contests_progress", args=[contest.pk]) + "?vong=2"
    rows = RoundEntry.objects.filter(contest=contest, round_number=2).order_by("previous_rank")
    assert [(r.entry_id, r.previous_rank, r.how) for r in rows] == [
        (first.pk, 1, "rank"),
        (second.pk, 2, "rank"),
    ]
    # a cut replaces the choice: final score (0..100) of at least 60 keeps the first two
    client.post(url, {"vong": "1", "how": "cut", "cut": "60", "confirm": "1"})
    assert set(RoundEntry.objects.filter(contest=contest).values_list("entry_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    # by hand
    client.post(url, {"vong": "1", "how": "hand", "entry": [str(third.pk)], "confirm": "1"})
    assert list(RoundEntry.objects.filter(contest=contest).values_list("entry_id", flat=True)) == [
        third.pk
    ]


def test_bad_advance_inputs_say_why_and_change_nothing(client, index, judges, superuser, centre_a):
    contest = two_round_contest(index, [(judges[0], None)])
    entry = add_entry(contest, centre_a)
    _score(entry, judges[0], contest, 1, 8)
    client.force_login(superuser)
    url = reverse("contests_advance", args=[contest.pk])
    for data, message in (
        ({"how": "rank", "top": "0"}, "Số bài vào vòng sau phải từ 1 đến 1."),
        ({"how": "rank", "top": "abc"}, "Số bài vào vòng sau phải từ 1 đến 1."),
        ({"how": "cut", "cut": "cao"}, "Điểm sàn “cao” không phải là số."),
        ({"how": "cut", "cut": "101"}, "Điểm sàn phải từ 0 đến 100."),
        ({"how": "cut", "cut": "95"}, "Không có bài nào thoả điều kiện; chưa chuyển bài nào."),
        ({"how": "hand"}, "Không có bài nào thoả điều kiện; chưa chuyển bài nào."),
    ):
        response = client.post(url, {"vong": "1", "confirm": "1", **data})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not RoundEntry.objects.filter(contest=contest).exists()


@pytest.mark.parametrize(
    ("round_one_over", "final_started", "message"),
    [
        (False, False, "Hãy khoá điểm vòng “Sơ khảo” trước khi chuyển bài sang vòng sau."),
        (True, True, "Vòng “Chung khảo” đã bắt đầu chấm; danh sách bài không đổi được nữa."),
    ],
)
def test_advancing_is_refused_outside_the_gap_between_rounds(
    client, index, judges, superuser, centre_a, round_one_over, final_started, message
):
    contest = two_round_contest(
        index, [(judges[0], None)], round_one_over=round_one_over, final_started=final_started
    )
    entry = add_entry(contest, centre_a)
    client.force_login(superuser)
    url = reverse("contests_advance", args=[contest.pk]) + "?vong=1"
    response = client.post(
        url, {"vong": "1", "how": "hand", "entry": [str(entry.pk)], "confirm": "1"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoundEntry.objects.filter(contest=contest).exists()


def test_the_final_round_has_its_own_entries_criteria_and_judges(
    client, index, judges, centre_a, centre_b
):
    finalist_judge = UserFactory(username="gk-chung-khao")
    contest = two_round_contest(
        index,
        [(judges[0], None, 1), (finalist_judge, None, 2)],
        final_started=True,
    )
    finalist = add_entry(contest, centre_a, title="Bài vào chung khảo")
    other = add_entry(contest, centre_b, title="Bài dừng ở sơ khảo")
    RoundEntry.objects.create(contest=contest, round_number=2, entry=finalist, how="hand")
    client.force_login(finalist_judge)
    listing = client.get(reverse("contests_judging_entries", args=[contest.pk]))
    html = listing.content.decode()
    assert "Vòng đang chấm: Chung khảo" in html
    assert "Bài vào chung khảo" in html and "Bài dừng ở sơ khảo" not in html
    # the round-2 criterion only; the other entry is not there to score
    score = reverse("contests_score_entry", args=[finalist.pk])
    criterion = contest.criteria(2)[0]
    assert client.get(score).status_code == 200
    response = client.post(score, {f"c{criterion.pk}": "18", "action": "submit", "checked": "1"})
    assert response.status_code == 302
    mine = JudgeScore.objects.filter(entry__in=[finalist, other])
    assert list(mine.values_list("entry_id", "criterion_id", "points")) == [
        (finalist.pk, criterion.pk, Decimal("18"))
    ]
    refused = client.post(
        reverse("contests_score_entry", args=[other.pk]),
        {f"c{criterion.pk}": "20", "action": "submit", "checked": "1"},
    )
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert mine.count() == 1
    client.get(reverse("contests_judging_entries", args=[contest.pk]))  # shows the messages
    # the round-1 judge does not judge round 2
    client.force_login(judges[0])
    html = client.get(reverse("contests_judging_entries", args=[contest.pk])).content.decode()
    assert "Bạn không chấm vòng “Chung khảo”." in html and "Bài vào chung khảo" not in html
    # the ranking of round 2 holds the finalist only, scored 18/20
    rows = contest_ranking(ContestPage.objects.get(pk=contest.pk))
    assert [(r.entry.pk, round(r.judge_score, 2)) for r in rows] == [(finalist.pk, 90.0)]


def test_results_wait_for_the_final_round(client, index, judges, superuser, centre_a):
    contest = two_round_contest(index, [(judges[0], None)], round_one_over=False)
    add_entry(contest, centre_a)
    client.force_login(superuser)
    response = client.post(
        reverse("contests_finalise", args=[contest.pk, "cong-bo"]), {"anyway": "1"}
    )
    assert response.status_code == 200
    assert "chỉ công bố kết quả sau vòng cuối" in response.content.decode()
    assert ContestPage.objects.get(pk=contest.pk).results_published is None


def test_locking_a_later_round_ends_that_round_only(client, index, judges, superuser, centre_a):
    contest = two_round_contest(index, [(judges[0], None)], final_started=True)
    client.force_login(superuser)
    response = client.post(
        reverse("contests_finalise", args=[contest.pk, "khoa-diem"]), {"anyway": "1"}
    )
    assert response.status_code == 302
    contest = ContestPage.objects.get(pk=contest.pk)
    final = contest.round_list()[1]
    assert final.judging_end <= timezone.now() and contest.results_published is None
    assert contest.current_round().judging_open() is False


def test_automatic_assignment_is_balanced_and_respects_conflicts(index, centre_a, centre_b, judges):
    third = UserFactory(username="gk-thu-ba")
    contest = add_contest(
        index,
        judges=[(judges[0], None), (judges[1], centre_a), (third, None)],
        title="Hội thi phân công",
    )
    entries = [add_entry(contest, centre_a if i % 2 else centre_b) for i in range(6)]
    contest = ContestPage.objects.get(pk=contest.pk)
    result = auto_assign(contest, contest.round_list()[0], per_entry=2)
    assert result.assigned == 12 and result.short == []
    pairs = set(JudgeAssignment.objects.filter(contest=contest).values_list("judge_id", "entry_id"))
    # the Lam Hạ judge never gets a Lam Hạ entry
    assert not {(judges[1].pk, e.pk) for e in entries if e.centre_id == centre_a.pk} & pairs
    loads = [sum(1 for j, _e in pairs if j == user.pk) for user in (judges[0], judges[1], third)]
    # the Lam Hạ judge can take the 3 Phù Vân entries only; the other 9 places split 5 / 4
    assert loads == [5, 3, 4]
    assert all(sum(1 for _j, e in pairs if e == entry.pk) == 2 for entry in entries)


def test_panels_take_whole_entries_and_avoid_their_members_centres(
    index, centre_a, centre_b, judges
):
    members = [UserFactory(username=f"gk-to-{i}") for i in range(4)]
    contest = add_contest(
        index,
        judges=[
            (members[0], None, None, "Tổ 1"),
            (members[1], centre_a, None, "Tổ 1"),
            (members[2], None, None, "Tổ 2"),
            (members[3], None, None, "Tổ 2"),
        ],
        title="Hội thi chia tổ",
    )
    lam_ha = [add_entry(contest, centre_a) for _ in range(2)]
    phu_van = [add_entry(contest, centre_b) for _ in range(2)]
    contest = ContestPage.objects.get(pk=contest.pk)
    auto_assign(contest, contest.round_list()[0], per_entry=1)
    judged_by = {
        e.pk: set(JudgeAssignment.objects.filter(entry=e).values_list("judge_id", flat=True))
        for e in lam_ha + phu_van
    }
    panel_two = {members[2].pk, members[3].pk}
    assert all(judged_by[e.pk] == panel_two for e in lam_ha)  # Tổ 1 has a Lam Hạ member
    assert sorted(len(v) for v in judged_by.values()) == [2, 2, 2, 2]


def test_a_judge_sees_and_scores_only_assigned_entries(client, judging_contest, judges, superuser):
    lam_ha, phu_van = (
        judging_contest.get_children().specific().get(title=t)
        for t in ("Bài Lam Hạ", "Bài Phù Vân")
    )
    client.force_login(superuser)
    url = reverse("contests_assign", args=[judging_contest.pk])
    # by hand: the independent judge gets Lam Hạ only; the conflicted box is ignored
    response = client.post(
        url,
        {
            "vong": "1",
            "action": "save",
            "pair": [f"{judges[0].pk}-{lam_ha.pk}", f"{judges[1].pk}-{lam_ha.pk}"],
        },
    )
    assert response.status_code == 302
    mine = JudgeAssignment.objects.filter(contest=judging_contest)
    assert list(mine.values_list("judge_id", "entry_id")) == [(judges[0].pk, lam_ha.pk)]
    client.force_login(judges[0])
    html = client.get(reverse("contests_judging_entries", args=[judging_contest.pk])).content
    assert "Bài Lam Hạ" in html.decode() and "Bài Phù Vân" not in html.decode()
    assert client.get(reverse("contests_score_entry", args=[phu_van.pk]))["Location"] == "/admin/"
    # progress expects the assigned pair only (1 of 1 missing), not every judge × entry
    report = judging_progress(ContestPage.objects.get(pk=judging_contest.pk))
    assert (report.expected, report.done) == (1, 0)
    states = {entry.title: row for entry, row, _d, _e in report.entries}
    assert states["Bài Phù Vân"] == ["not_assigned", "not_assigned"]
    # bad input: a per-entry count out of range changes nothing
    client.force_login(superuser)
    client.post(url, {"vong": "1", "action": "auto", "per_entry": "9"})
    assert mine.count() == 1
    client.post(url, {"vong": "1", "action": "clear"})
    assert mine.count() == 0


def test_round_screens_are_for_organisers_only(client, judging_contest, judges):
    client.force_login(judges[0])
    for name in ("contests_assign", "contests_advance"):
        response = client.get(reverse(name, args=[judging_contest.pk]))
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_prizes_go_down_the_final_round_and_the_others_get_participation(
    index, judges, superuser, centre_a, centre_b
):
    from contests.models import PrizeTier
    from contests.prizes import propose

    now = timezone.now()
    contest = two_round_contest(index, [(judges[0], None)], final_started=True)
    ContestPage.objects.filter(pk=contest.pk).update(judging_end=now - datetime.timedelta(days=3))
    entries = [add_entry(contest, centre_a if i % 2 else centre_b) for i in range(3)]
    for i, entry in enumerate(entries):
        _score(entry, judges[0], contest, 1, 9 - i)
    for entry in entries[:2]:
        RoundEntry.objects.create(contest=contest, round_number=2, entry=entry, how="rank")
    _score(entries[0], judges[0], contest, 2, 10)
    _score(entries[1], judges[0], contest, 2, 18)  # the runner-up of round 1 wins the final
    PrizeTier.objects.create(contest=contest, name="Giải Nhất", count=1, sort_order=0)
    contest = ContestPage.objects.get(pk=contest.pk)
    proposal = propose(contest)
    assert [(p["row"].entry.pk, p["tier"] and p["tier"].name, p["row"].rank) for p in proposal] == [
        (entries[1].pk, "Giải Nhất", 1),
        (entries[0].pk, None, 2),
        (entries[2].pk, None, 3),  # stopped after sơ khảo: a participation certificate
    ]
