"""Judging progress that tells the truth (issue #21): the organiser's judge × entry matrix,
the reminder to late judges, and locking / publishing as explicit steps that say what is missing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests.models import ContestPage, EntryPage, JudgeScore

pytestmark = pytest.mark.django_db


def _score(contest, judge, entry, how_many):
    for criterion in contest.criteria()[:how_many]:
        JudgeScore.objects.create(entry=entry, judge=judge, criterion=criterion, points=7)


@pytest.fixture
def scored(judging_contest, judges):
    """The independent judge finished Lam Hạ's entry; the Lam Hạ judge (who cannot score Lam Hạ)
    scored one criterion of Phù Vân's."""
    lam_ha, phu_van = EntryPage.objects.child_of(judging_contest).order_by("title")
    contest = ContestPage.objects.get(pk=judging_contest.pk)
    _score(contest, judges[0], lam_ha, len(contest.criteria()))
    _score(contest, judges[1], phu_van, 1)
    return contest


def test_matrix_and_the_organisers_list(client, scored, superuser):
    client.force_login(superuser)
    response = client.get(reverse("contests_progress", args=[scored.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert [(e.title, states, done, expected) for e, states, done, expected in report.entries] == [
        ("Bài Lam Hạ", ["done", "conflict"], 1, 1),
        ("Bài Phù Vân", ["missing", "started"], 0, 2),
    ]
    assert (report.done, report.expected, report.complete) == (1, 3, False)
    assert "Đã chấm xong 1/3 lượt" in response.content.decode()
    # the judging list no longer shows the organiser's own (empty) count
    page = client.get(reverse("contests_judging_entries", args=[scored.pk])).content.decode()
    assert "Giám khảo đã chấm xong" in page
    assert "<td>1/1</td>" in page and "<td>0/2</td>" in page


def test_reminder_mails_late_judges_and_names_those_without_an_address(
    client, scored, judges, superuser
):
    judges[0].email = "gk.doclap@example.vn"
    judges[0].save()
    judges[1].first_name, judges[1].last_name, judges[1].email = "Lan", "Đinh", ""
    judges[1].save()
    client.force_login(superuser)
    response = client.post(
        reverse("contests_progress", args=[scored.pk]), {"action": "remind"}, follow=True
    )
    assert [m.to for m in mail.outbox] == [["gk.doclap@example.vn"]]
    assert mail.outbox[0].subject == f"Nhắc chấm bài: {scored.title}"
    assert "còn 1 bài bạn chưa chấm xong (đã xong 1/2)" in mail.outbox[0].body
    assert reverse("contests_judging_entries", args=[scored.pk]) in mail.outbox[0].body
    page = response.content.decode()
    assert "Đã gửi thư nhắc tới 1 giám khảo còn thiếu điểm." in page
    assert "Chưa có địa chỉ thư, hãy liên hệ trực tiếp: Lan Đinh." in page


def test_publishing_with_missing_scores_needs_an_explicit_yes(client, scored, superuser):
    client.force_login(superuser)
    url = reverse("contests_finalise", args=[scored.pk, "cong-bo"])
    page = client.get(url).content.decode()
    assert "Còn thiếu điểm: mới chấm xong 1/3 lượt." in page
    response = client.post(url)
    assert response.status_code == 200
    assert "Vẫn tiếp tục dù còn thiếu điểm" in response.content.decode()
    scored.refresh_from_db()
    assert scored.results_published is None
    before = timezone.now()
    response = client.post(url, {"anyway": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("contests_progress", args=[scored.pk])
    contest = ContestPage.objects.get(pk=scored.pk)
    assert contest.results_published >= before and contest.judging_end <= timezone.now()
    assert contest.results_public() and not contest.has_unpublished_changes
    # a second time says it is done
    assert "Kết quả đã được công bố." in client.get(url).content.decode()


def test_locking_before_judging_starts_is_refused(client, open_contest, superuser):
    client.force_login(superuser)
    url = reverse("contests_finalise", args=[open_contest.pk, "khoa-diem"])
    end = ContestPage.objects.get(pk=open_contest.pk).judging_end
    page = client.post(url, {"anyway": "1"}).content.decode()
    assert "Chưa đến thời gian chấm; chưa thể khoá điểm hay công bố kết quả." in page
    assert ContestPage.objects.get(pk=open_contest.pk).judging_end == end


def test_judges_cannot_see_progress(client, scored, judges):
    client.force_login(judges[0])
    response = client.get(reverse("contests_progress", args=[scored.pk]))
    assert response.status_code == 302  # Wagtail's permission_denied: back to the dashboard
    assert response["Location"] == "/admin/"


def test_opening_is_an_explicit_step_that_lists_what_is_missing(client, index, superuser):
    import datetime

    from contests.factories import add_contest

    later = timezone.now() + datetime.timedelta(days=3)
    contest = add_contest(
        index,
        title="Hội thi chưa mở",
        submissions_open=later,
        submissions_close=later + datetime.timedelta(days=10),
    )
    client.force_login(superuser)
    url = reverse("contests_finalise", args=[contest.pk, "mo-nhan-bai"])
    html = client.get(url).content.decode()
    assert "Chưa có giám khảo." in html and "Chưa có thể lệ." in html
    response = client.post(url)  # missing things, no "anyway": nothing changes
    assert response.status_code == 200
    assert ContestPage.objects.get(pk=contest.pk).submissions_open == later
    response = client.post(url, {"anyway": "1"})
    assert response.status_code == 302
    contest = ContestPage.objects.get(pk=contest.pk)
    opened = contest.submissions_open
    assert opened <= timezone.now() and contest.is_open(opened + datetime.timedelta(seconds=1))
    again = client.get(url).content.decode()
    assert "Hội thi đã mở nhận bài từ" in again
