"""Prizes (issue #21): the proposal from the final ranking, ties sharing a prize, one
confirmation, certificates as PDF with a public check, prizes on the public results."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contests import prizes
from contests.factories import add_entry
from contests.models import Award, ContestPage, EntryPage, JudgeScore, PrizeTier

pytestmark = pytest.mark.django_db


def _scores(contest, judge, points_by_entry):
    for entry, points in points_by_entry.items():
        for criterion in contest.criteria():
            JudgeScore.objects.create(entry=entry, judge=judge, criterion=criterion, points=points)


@pytest.fixture
def finished(judging_contest, judges, centre_a, centre_b):
    """Judging over: four entries, two of them exactly level; tiers Nhất ×1, Nhì ×1."""
    contest = ContestPage.objects.get(pk=judging_contest.pk)
    third = add_entry(contest, centre_b, title="Bài thứ ba", participants="Nguyễn Văn Ba")
    fourth = add_entry(contest, centre_a, title="Bài thứ tư", participants="Lê Thị Tư")
    lam_ha, phu_van = (
        EntryPage.objects.child_of(contest)
        .filter(title__startswith="Bài ")
        .exclude(pk__in=[third.pk, fourth.pk])
        .order_by("title")
    )
    _scores(contest, judges[0], {lam_ha: 9, phu_van: 7, third: 7, fourth: 3})
    PrizeTier.objects.create(contest=contest, name="Giải Nhất", count=1, sort_order=0)
    PrizeTier.objects.create(contest=contest, name="Giải Nhì", count=1, sort_order=1)
    ContestPage.objects.filter(pk=contest.pk).update(
        judging_end=timezone.now() - datetime.timedelta(minutes=5),
        engagement_weight=0,
    )
    # level on every tie-break too: the same submission time
    same = timezone.now() - datetime.timedelta(days=15)
    EntryPage.objects.filter(pk__in=[phu_van.pk, third.pk]).update(first_published_at=same)
    return ContestPage.objects.get(pk=contest.pk), {
        "lam_ha": lam_ha,
        "phu_van": phu_van,
        "third": third,
        "fourth": fourth,
    }


def test_proposal_fills_tiers_and_level_entries_share(finished):
    contest, e = finished
    proposal = {item["row"].entry.pk: item for item in prizes.propose(contest)}
    assert proposal[e["lam_ha"].pk]["tier"].name == "Giải Nhất"
    assert proposal[e["phu_van"].pk]["tier"].name == "Giải Nhì"
    assert proposal[e["third"].pk]["tier"].name == "Giải Nhì"
    assert proposal[e["third"].pk]["shared"] is True
    assert proposal[e["fourth"].pk]["tier"] is None  # participation


def test_confirm_once_then_certificates_and_public_check(client, finished, superuser):
    contest, e = finished
    client.force_login(superuser)
    url = reverse("contests_prizes", args=[contest.pk])
    assert "Xác nhận trao giải" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Đã trao 3 giải và 1 giấy chứng nhận tham gia." in response.content.decode()
    awards = {a.entry_id: a for a in Award.objects.filter(contest=contest)}
    assert {pk: a.prize_name for pk, a in awards.items()} == {
        e["lam_ha"].pk: "Giải Nhất",
        e["phu_van"].pk: "Giải Nhì",
        e["third"].pk: "Giải Nhì",
        e["fourth"].pk: "",
    }
    response = client.post(url, follow=True)  # a second confirmation changes nothing
    assert "Đã trao giải cho hội thi này" in response.content.decode()
    assert Award.objects.filter(contest=contest).count() == 4

    award = awards[e["third"].pk]
    assert award.serial == f"HT{award.issued_on.year}-G{award.pk:05d}"
    pdf = client.get(reverse("contests_award_certificate", args=[award.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Nguyễn Văn Ba" in text and "đạt Giải Nhì hội thi" in text and award.serial in text

    client.logout()
    check = client.get(prizes.verification_url(contest, award).split("localhost", 1)[1])
    assert check.status_code == 200
    assert "Giấy chứng nhận này là thật" in check.content.decode()
    assert "Nguyễn Văn Ba" in check.content.decode()
    missing = contest.relative_url(contest.get_site()) + "chung-nhan/gia-mao/"
    assert client.get(missing).status_code == 404


def test_awarding_before_scores_are_locked_is_refused(client, judging_contest, superuser):
    client.force_login(superuser)
    response = client.post(reverse("contests_prizes", args=[judging_contest.pk]), follow=True)
    assert "Hãy khoá điểm (kết thúc chấm) trước khi trao giải." in response.content.decode()
    assert not Award.objects.filter(contest=judging_contest).exists()


def test_public_results_show_the_prizes(client, finished, superuser):
    contest, e = finished
    prizes.confirm(contest, superuser)
    ContestPage.objects.filter(pk=contest.pk).update(
        results_published=timezone.now() - datetime.timedelta(minutes=1)
    )
    contest = ContestPage.objects.get(pk=contest.pk)
    contest.save_revision().publish()
    page = client.get(contest.relative_url(contest.get_site()) + "ket-qua/").content.decode()
    assert page.count('data-testid="prize"') == 3
    assert "Giải Nhất" in page


def test_only_organisers_award(client, finished, judges):
    contest, _e = finished
    client.force_login(judges[0])
    response = client.post(reverse("contests_prizes", args=[contest.pk]))
    assert response.status_code == 302
    assert not Award.objects.filter(contest=contest).exists()
