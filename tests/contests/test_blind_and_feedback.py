"""Blind judging everywhere a judge reaches, other judges' scores only after one's own and only
if allowed, and judges' feedback released to the entrant centres after the results."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.forms import EntryPageForm
from contests.models import ContestJudge, ContestPage, EntryPage, JudgeNote, JudgeScore
from contests.permissions import entry_code
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def _set(contest, **fields):
    ContestPage.objects.filter(pk=contest.pk).update(**fields)
    return ContestPage.objects.get(pk=contest.pk)


def test_a_blind_contest_shows_judges_codes_not_centres_or_people(client, judging_contest, judges):
    contest = _set(judging_contest, blind=True)
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    EntryPage.objects.filter(pk=entry.pk).update(participants="Nguyễn Thị Hoa, Trần Văn Bình")
    client.force_login(judges[0])
    listing = client.get(reverse("contests_judging_entries", args=[contest.pk])).content.decode()
    score = client.get(reverse("contests_score_entry", args=[entry.pk])).content.decode()
    code = entry_code(entry)
    assert code.startswith("Bài ") and len(code) == 8
    for html in (listing, score):
        assert code in html
        assert "Phù Vân" not in html.replace("Bài Phù Vân", "")  # the title is the entry's own
        assert "Nguyễn Thị Hoa" not in html
    assert "Hội thi chấm ẩn danh" in score


def test_organisers_see_centres_in_a_blind_contest(client, judging_contest, superuser):
    contest = _set(judging_contest, blind=True)
    client.force_login(superuser)
    html = client.get(reverse("contests_judging_entries", args=[contest.pk])).content.decode()
    assert f"<td>{EntryPage.objects.get(title='Bài Phù Vân').centre.title}</td>" in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Tủ sách phường Phù Vân"),
        ("summary", "Video của bà con phu van quay trong dịp hè."),
        ("participants", "Nhóm tuyên truyền viên Phù Vân"),
    ],
)
def test_entries_of_a_blind_contest_may_not_name_their_centre(
    judging_contest, centre_b, field, value
):
    contest = _set(judging_contest, blind=True)
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    data = {
        "title": "Một bài dự thi",
        "slug": entry.slug,
        "centre": centre_b.pk,
        "participants": "Nhóm tuyên truyền viên",
        "summary": "",
        field: value,
    }
    from wagtail.admin.panels import get_edit_handler

    form_class = get_edit_handler(EntryPage).get_form_class()
    assert issubclass(form_class, EntryPageForm)
    form = form_class(data, instance=entry, parent_page=contest, for_user=None)
    assert not form.is_valid()
    assert form.errors[field] == [
        f"Hội thi chấm ẩn danh: phần này không được nêu tên trung tâm (“{centre_b.title}”), "
        "vì giám khảo sẽ đọc nó."
    ]


def _submit(client, entry, contest, points="8"):
    return client.post(
        reverse("contests_score_entry", args=[entry.pk]),
        {**{f"c{c.pk}": points for c in contest.criteria()}, "action": "submit", "checked": "1"},
    )


def test_other_judges_scores_only_after_submitting_and_only_if_allowed(
    client, judging_contest, judges
):
    third = UserFactory(username="gk-thu-ba")
    contest = ContestPage.objects.get(pk=judging_contest.pk)
    ContestJudge.objects.create(contest=contest, user=third, sort_order=5)
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    client.force_login(third)
    assert _submit(client, entry, contest, "9").status_code == 302
    client.force_login(judges[0])
    url = reverse("contests_score_entry", args=[entry.pk])
    contest = _set(contest, judges_see_others=True)
    assert 'data-testid="others"' not in client.get(url).content.decode()  # not before mine
    assert _submit(client, entry, contest).status_code == 302
    html = client.get(url).content.decode()
    assert 'data-testid="others"' in html and "gk-thu-ba" in html
    _set(contest, judges_see_others=False)
    assert 'data-testid="others"' not in client.get(url).content.decode()


def test_feedback_reaches_the_entrant_centre_after_results_when_allowed(
    client, judging_contest, judges, editor_a, centre_a
):
    lam_ha = EntryPage.objects.get(title="Bài Lam Hạ")
    phu_van = EntryPage.objects.get(title="Bài Phù Vân")
    criterion = judging_contest.criteria()[0]
    for entry in (lam_ha, phu_van):
        JudgeScore.objects.create(
            entry=entry,
            judge=judges[0],
            criterion=criterion,
            points=Decimal("7"),
            comment=f"Nhận xét tiêu chí cho {entry.title}",
        )
        JudgeNote.objects.create(entry=entry, judge=judges[0], text=f"Nhận xét chung {entry.title}")
    client.force_login(editor_a)
    url = reverse("contests_feedback")
    assert "Nhận xét chung Bài Lam Hạ" not in client.get(url).content.decode()  # not out yet
    published = timezone.now() - datetime.timedelta(minutes=1)
    _set(judging_contest, results_published=published)
    assert "Nhận xét chung Bài Lam Hạ" not in client.get(url).content.decode()  # not allowed
    _set(judging_contest, feedback_to_entrants=True)
    html = client.get(url).content.decode()
    assert "Nhận xét tiêu chí cho Bài Lam Hạ" in html and "Nhận xét chung Bài Lam Hạ" in html
    assert "Bài Phù Vân" not in html  # another centre's feedback stays theirs
    assert "gk-doc-lap" not in html and "Giám khảo 1" in html  # judges are numbered
