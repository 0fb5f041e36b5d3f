"""Contests: entries by centre staff, judges' scoring with conflicts and locking, rankings, exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contests.factories import add_entry
from contests.models import ContestPage, EngagementSnapshot, EntryPage, JudgeScore, ScoreChange
from contests.ranking import contest_ranking, counts_at_cutoff
from home.factories import UserFactory

pytestmark = pytest.mark.django_db

# Wagtail's permission_denied: back to the admin home, where this error message is shown.
DENIED = "Rất tiếc, bạn không có quyền truy cập khu vực này."


def _redirected(client, response, location, message):
    """The request was answered with a redirect to `location`, where `message` is then shown."""
    assert (response.status_code, response["Location"]) == (302, location)
    assert message in client.get(location).content.decode()


def _to_login(response, path):
    """Anonymous users, and users without admin access, are sent to the admin login page."""
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={path}")


def _scores():
    return JudgeScore.objects.count(), ScoreChange.objects.count()


def _entry_form(contest, centre, title="Bài mới"):
    return {
        "title": title,
        "slug": "bai-moi",
        "centre": centre.pk,
        "participants": "Nguyễn Văn A",
        "summary": "",
        "youtube_url": "",
        "facebook_url": "",
        "action-submit": "1",
    }


def test_centre_staff_submit_an_entry_to_an_open_contest_for_hub_approval(
    client, open_contest, centre_a
):
    editor = UserFactory(groups=[centre_a.editors_group])
    client.force_login(editor)
    url = f"/admin/pages/add/contests/entrypage/{open_contest.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, _entry_form(open_contest, centre_a))
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{open_contest.pk}/")
    entry = EntryPage.objects.get(slug="bai-moi")
    assert entry.centre_id == centre_a.pk and not entry.live
    assert entry.current_workflow_state.workflow.name == "Duyệt bài dự thi (Ban chỉ đạo)"
    assert not entry.permissions_for_user(editor).can_publish()


def test_entries_for_another_centre_are_refused(client, open_contest, centre_a, centre_b):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    response = client.post(
        f"/admin/pages/add/contests/entrypage/{open_contest.pk}/",
        _entry_form(open_contest, centre_b),
    )
    assert response.status_code == 200  # form error: centre not among the choices
    assert list(response.context["form"].errors) == ["centre"]
    assert not EntryPage.objects.filter(slug="bai-moi").exists()
    theirs = add_entry(open_contest, centre_b, title="Bài Phù Vân")
    response = client.get(f"/admin/pages/{theirs.pk}/edit/")
    _redirected(client, response, "/admin/", DENIED)
    response = client.post(
        f"/admin/pages/{theirs.pk}/edit/",
        {"title": "Bị sửa", "slug": theirs.slug, "centre": centre_b.pk, "participants": "x"},
    )
    _redirected(client, response, "/admin/", DENIED)
    theirs.refresh_from_db()
    assert theirs.title == "Bài Phù Vân" and theirs.live and not theirs.has_unpublished_changes


def test_closed_contests_refuse_new_entries_and_edits(client, judging_contest, centre_a):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    closed = "Hội thi đã hết hạn nộp bài"
    contest_explorer = f"/admin/pages/{judging_contest.pk}/"
    add_url = f"/admin/pages/add/contests/entrypage/{judging_contest.pk}/"
    _redirected(client, client.get(add_url), contest_explorer, closed)
    own = EntryPage.objects.get(title="Bài Lam Hạ")
    _redirected(client, client.get(f"/admin/pages/{own.pk}/edit/"), contest_explorer, closed)
    before = EntryPage.objects.count()
    response = client.post(add_url, _entry_form(judging_contest, centre_a))
    _redirected(client, response, contest_explorer, closed)
    assert EntryPage.objects.count() == before
    response = client.post(
        f"/admin/pages/{own.pk}/edit/",
        {"title": "Bị sửa", "slug": own.slug, "centre": centre_a.pk, "participants": "x"},
    )
    _redirected(client, response, contest_explorer, closed)
    own.refresh_from_db()
    assert own.title == "Bài Lam Hạ" and not own.has_unpublished_changes


def test_centre_staff_cannot_edit_or_create_contests(client, open_contest, centre_a, index):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    organisers_only = "Chỉ Ban chỉ đạo tạo và sửa hội thi."
    index_explorer = f"/admin/pages/{index.pk}/"
    response = client.get(f"/admin/pages/{open_contest.pk}/edit/")
    _redirected(client, response, index_explorer, organisers_only)
    response = client.get(f"/admin/pages/add/contests/contestpage/{index.pk}/")
    _redirected(client, response, index_explorer, organisers_only)
    contests = ContestPage.objects.count()
    response = client.post(
        f"/admin/pages/{open_contest.pk}/edit/", {"title": "Bị sửa", "slug": open_contest.slug}
    )
    _redirected(client, response, index_explorer, organisers_only)
    response = client.post(
        f"/admin/pages/add/contests/contestpage/{index.pk}/",
        {"title": "Hội thi lén", "slug": "hoi-thi-len", "action-publish": "1"},
    )
    _redirected(client, response, index_explorer, organisers_only)
    open_contest.refresh_from_db()
    assert open_contest.title == "Hội thi đang mở" and not open_contest.has_unpublished_changes
    assert ContestPage.objects.count() == contests
    explorer = client.get(f"/admin/pages/{open_contest.pk}/").content.decode()
    assert open_contest.title in explorer


def test_contest_timeline_is_validated(open_contest):
    from django.core.exceptions import ValidationError

    open_contest.submissions_close = open_contest.submissions_open - datetime.timedelta(days=1)
    open_contest.weight_views = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        open_contest.full_clean()
    assert "Hạn nộp bài phải sau ngày mở nhận bài." in error.value.message_dict["submissions_close"]
    assert "Trọng số không được âm." in error.value.message_dict["weight_views"]


def _score_form(contest, points):
    criteria = contest.criteria()
    return (
        {f"c{c.pk}": p for c, p in zip(criteria, points, strict=False)}
        | {f"n{c.pk}": "Tốt" for c in criteria}  # a comment per criterion
        | {"comment": "Bài chỉn chu.", "checked": "1"}  # the general comment; "đã xem lại"
    )


def test_judge_scores_an_entry_and_every_change_is_logged(client, judging_contest, judges):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    client.force_login(judges[0])
    url = f"/admin/contests/entry/{entry.pk}/score/"
    assert client.get(url).status_code == 200
    n = len(judging_contest.criteria())
    entries = f"/admin/contests/{judging_contest.pk}/judging/"
    response = client.post(url, _score_form(judging_contest, ["8"] * n))
    _redirected(client, response, entries, "Đã lưu điểm bài “Bài Phù Vân”.")
    response = client.post(url, _score_form(judging_contest, ["9,5"] + ["8"] * (n - 1)))
    _redirected(client, response, entries, "Đã lưu điểm bài “Bài Phù Vân”.")
    first = judging_contest.criteria()[0]
    assert JudgeScore.objects.get(entry=entry, judge=judges[0], criterion=first).points == Decimal(
        "9.5"
    )
    changes = ScoreChange.objects.filter(entry=entry, criterion=first).order_by("changed_at")
    assert [(c.before, c.after) for c in changes] == [
        (None, Decimal("8")),
        (Decimal("8"), Decimal("9.5")),
    ]
    assert ScoreChange.objects.filter(entry=entry).count() == n + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "Điểm phải từ 0 đến 10"),
        ("-1", "Điểm phải từ 0 đến 10"),
        ("mười", "không phải là số"),
        ("", "Hãy nhập điểm"),
        ("7.123", "tối đa 2 chữ số"),
        ("NaN", "Điểm phải từ 0 đến 10"),
    ],
)
def test_bad_points_save_nothing(client, judging_contest, judges, value, message):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    client.force_login(judges[0])
    n = len(judging_contest.criteria())
    response = client.post(
        f"/admin/contests/entry/{entry.pk}/score/",
        _score_form(judging_contest, ["5"] * (n - 1) + [value]),
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not JudgeScore.objects.filter(entry=entry).exists()


def test_judge_never_scores_their_own_centre(client, judging_contest, judges):
    own = EntryPage.objects.get(title="Bài Lam Hạ")
    client.force_login(judges[1])
    conflict = "Bài này của trung tâm bạn, bạn không chấm được (tránh xung đột lợi ích)."
    entries = f"/admin/contests/{judging_contest.pk}/judging/"
    response = client.get(f"/admin/contests/entry/{own.pk}/score/")
    _redirected(client, response, entries, conflict)
    before = _scores()
    response = client.post(
        f"/admin/contests/entry/{own.pk}/score/", _score_form(judging_contest, ["10"] * 6)
    )
    _redirected(client, response, entries, conflict)
    assert not JudgeScore.objects.filter(entry=own).exists()
    assert _scores() == before
    listing = client.get(f"/admin/contests/{judging_contest.pk}/judging/").content.decode()
    assert "Bài của trung tâm bạn – không chấm" in listing


def test_scores_lock_when_judging_closes_and_non_judges_are_refused(
    client, judging_contest, judges
):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    ContestPage.objects.filter(pk=judging_contest.pk).update(
        judging_end=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = f"/admin/contests/entry/{entry.pk}/score/"
    form = _score_form(judging_contest, ["9"] * 6)
    before = _scores()
    client.force_login(judges[0])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã hết thời gian chấm; điểm đã được khoá." in page and "disabled" in page
    response = client.post(url, form)
    _redirected(
        client,
        response,
        f"/admin/contests/{judging_contest.pk}/judging/",
        "Đã hết thời gian chấm; điểm đã được khoá.",
    )
    assert not JudgeScore.objects.filter(entry=entry).exists()
    client.force_login(UserFactory(username="nguoi-ngoai"))  # no admin access at all
    _to_login(client.get(url), url)
    _to_login(client.post(url, form), url)
    assert _scores() == before


def test_anonymous_users_and_staff_who_are_not_judges_are_refused_the_scoring_form(
    client, judging_contest, centre_a
):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    url = f"/admin/contests/entry/{entry.pk}/score/"
    form = _score_form(judging_contest, ["9"] * 6)
    before = _scores()
    _to_login(client.get(url), url)
    _to_login(client.post(url, form), url)
    client.force_login(UserFactory(groups=[centre_a.editors_group]))  # admin, but not a judge
    _redirected(client, client.get(url), "/admin/", DENIED)
    _redirected(client, client.post(url, form), "/admin/", DENIED)
    assert _scores() == before


def test_engagement_frozen_at_the_cutoff(judging_contest):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    cutoff = judging_contest.engagement_cutoff
    for offset, views in ((-2, 100), (-1, 150), (1, 999)):
        EngagementSnapshot.objects.create(
            entry=entry,
            platform="youtube",
            views=views,
            taken_at=cutoff + datetime.timedelta(hours=offset),
        )
    EngagementSnapshot.objects.create(
        entry=entry, platform="site", views=7, likes=3, taken_at=cutoff - datetime.timedelta(days=1)
    )
    counts = counts_at_cutoff(judging_contest, [entry.pk])
    assert counts[entry.pk]["views"] == 157 and counts[entry.pk]["likes"] == 3


def _score_all(contest, judge, entry, points):
    for c in contest.criteria():
        JudgeScore.objects.create(entry=entry, judge=judge, criterion=c, points=points)


def test_ranking_combines_judges_and_engagement(judging_contest, judges):
    lam_ha, phu_van = (
        EntryPage.objects.get(title="Bài Lam Hạ"),
        EntryPage.objects.get(title="Bài Phù Vân"),
    )
    _score_all(judging_contest, judges[0], lam_ha, Decimal("8"))
    _score_all(judging_contest, judges[0], phu_van, Decimal("6"))
    EngagementSnapshot.objects.create(
        entry=phu_van,
        platform="youtube",
        views=1000,
        taken_at=judging_contest.engagement_cutoff - datetime.timedelta(hours=1),
    )
    rows = contest_ranking(judging_contest)
    by_title = {r.entry.title: r for r in rows}
    assert by_title["Bài Lam Hạ"].judge_score == pytest.approx(80)
    assert by_title["Bài Phù Vân"].judge_score == pytest.approx(60)
    # w_e = 0.2; only views count, so Phù Vân's engagement is 40 (views weight 0.4 of 100)
    assert by_title["Bài Phù Vân"].engagement_score == pytest.approx(40)
    assert by_title["Bài Phù Vân"].final == pytest.approx(0.8 * 60 + 0.2 * 40)
    assert [r.rank for r in rows] == [1, 2] and rows[0].entry.title == "Bài Lam Hạ"


def test_ranking_permissions_exports_and_public_results(client, judging_contest, judges, centre_a):
    url = f"/admin/contests/{judging_contest.pk}/ranking/"
    exports = [url.replace("ranking/", "ranking.csv"), url.replace("ranking/", "ranking.xlsx")]
    for refused in [url, *exports]:
        _to_login(client.get(refused), refused)  # anonymous
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    for refused in [url, *exports]:
        _redirected(client, client.get(refused), "/admin/", DENIED)
    client.force_login(judges[0])
    breakdown = f"/admin/contests/entry/{judging_contest.get_children().first().pk}/breakdown/"
    for refused in [url, *exports, breakdown]:  # judging is open: their own scores only
        _redirected(client, client.get(refused), "/admin/", DENIED)
    scoring = client.get(f"/admin/contests/{judging_contest.pk}/judging/").content.decode()
    assert "Xem xếp hạng" not in scoring and "Bài Lam Hạ" in scoring
    ContestPage.objects.filter(pk=judging_contest.pk).update(
        results_published=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(url).status_code == 200
    assert "Bài Lam Hạ" in client.get(url).content.decode()
    assert client.get(breakdown).status_code == 200
    data = client.get(url.replace("ranking/", "ranking.csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][:3] == ["Hạng", "Bài dự thi", "Trung tâm"] and len(rows) == 3
    book = load_workbook(io.BytesIO(client.get(url.replace("ranking/", "ranking.xlsx")).content))
    assert book.active["B1"].value == "Bài dự thi" and book.active.max_row == 3
    # a judge gets the criteria sheet, never the other judges' points
    assert book.sheetnames == ["Xếp hạng", "Theo tiêu chí"]
    public = judging_contest.relative_url(judging_contest.get_site()) + "ket-qua/"
    client.logout()
    assert "Bài Phù Vân" in client.get(public).content.decode()
    ContestPage.objects.filter(pk=judging_contest.pk).update(results_published=None)
    assert client.get(public).status_code == 404


def test_ranking_queries_stay_constant(
    judging_contest, judges, centre_a, centre_b, django_assert_max_num_queries
):
    def measure():
        contest = ContestPage.objects.get(pk=judging_contest.pk)  # its rounds not read yet
        with CaptureQueriesContext(connection) as ctx:
            contest_ranking(contest)
        return len(ctx)

    small = measure()
    for n in range(10):
        entry = add_entry(judging_contest, centre_b if n % 2 else centre_a, title=f"Bài thêm {n}")
        _score_all(judging_contest, judges[0], entry, Decimal(n % 10))
        EngagementSnapshot.objects.create(
            entry=entry, platform="site", views=n, taken_at=judging_contest.engagement_cutoff
        )
    assert measure() == small <= 6


def test_published_results_are_cached_once_judging_has_closed(client, judging_contest, judges):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contests.ranking import forget_ranking

    public = judging_contest.relative_url(judging_contest.get_site()) + "ket-qua/"
    past = timezone.now() - datetime.timedelta(minutes=1)
    ContestPage.objects.filter(pk=judging_contest.pk).update(
        results_published=past, judging_end=past, judging_start=past - datetime.timedelta(days=1)
    )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert "Bài Phù Vân" in client.get(public).content.decode()
        return len(captured)

    first, cached = queries(), queries()
    assert cached <= first - 3  # criteria, scores and engagement counts come from the cache
    forget_ranking(judging_contest.pk)  # what excluding a link does
    assert queries() >= cached + 3  # computed again


def test_exports_write_formula_titles_as_text(client, judging_contest, centre_b):
    add_entry(judging_contest, centre_b, title="\t=cmd|' /C calc'!A0")
    add_entry(judging_contest, centre_b, title="\r@SUM(A1)")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/admin/contests/{judging_contest.pk}/ranking.csv"
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    titles = {row[1] for row in rows[1:]}
    assert "'\t=cmd|' /C calc'!A0" in titles and "'\r@SUM(A1)" in titles
    book = load_workbook(io.BytesIO(client.get(url.replace(".csv", ".xlsx")).content))
    cells = {row[1].value for row in book.active.iter_rows(min_row=2)}
    assert "'\t=cmd|' /C calc'!A0" in cells and "'\r@SUM(A1)" in cells


def test_centre_staff_reach_no_admin_page_of_another_centres_entry(
    client, open_contest, centre_a, centre_b
):
    """Wagtail's permissions cover the contest subtree; every admin URL about one page (draft,
    revisions, compare, history, preview, the admin API) is limited to what the explorer shows."""
    theirs = add_entry(open_contest, centre_b, title="Bài Phù Vân – bản nháp")
    theirs.title = "Bài Phù Vân – bản nháp sửa"
    revision = theirs.save_revision()
    own = add_entry(open_contest, centre_a, title="Bài Lam Hạ")
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    urls = [
        "/admin/pages/{}/view_draft/",
        "/admin/pages/{}/history/",
        f"/admin/pages/{{}}/revisions/{revision.pk}/view/",
        f"/admin/pages/{{}}/revisions/compare/earliest...{revision.pk}/",
        "/admin/pages/{}/workflow_history/",
        "/admin/api/main/pages/{}/",
    ]
    for url in urls:
        _redirected(client, client.get(url.format(theirs.pk)), "/admin/", DENIED)
    assert client.get(f"/admin/pages/{own.pk}/view_draft/").status_code == 200
    assert client.get(f"/admin/api/main/pages/{own.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{open_contest.pk}/").status_code == 200  # shared contest


def test_conflict_derived_from_the_judges_centre_groups(client, judging_contest, centre_a):
    """An editor of Lam Hạ made judge without "thuộc trung tâm" cannot score Lam Hạ's entry."""
    from contests.models import ContestJudge, JudgeScore
    from contests.permissions import judges_own_centre, scoring_refusal
    from home.factories import UserFactory

    editor = UserFactory(username="bientap.giamkhao", groups=[centre_a.editors_group])
    judge = ContestJudge.objects.create(contest=judging_contest, user=editor)
    assert judge.centre_id is None  # the organiser did not declare it
    own = next(e for e in judging_contest.get_children().specific() if e.centre_id == centre_a.pk)
    other = next(e for e in judging_contest.get_children().specific() if e.centre_id != centre_a.pk)
    assert judges_own_centre(judge, own) and not judges_own_centre(judge, other)
    judging_contest = type(judging_contest).objects.get(pk=judging_contest.pk)
    assert scoring_refusal(editor, own, judging_contest) == (
        "Bài này của trung tâm bạn, bạn không chấm được (tránh xung đột lợi ích)."
    )
    assert scoring_refusal(editor, other, judging_contest) is None
    client.force_login(editor)
    criterion = judging_contest.criteria()[0]
    before = JudgeScore.objects.count()
    response = client.post(
        reverse("contests_score_entry", args=[own.pk]), {f"c{criterion.pk}": "10"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("contests_judging_entries", args=[judging_contest.pk])
    assert JudgeScore.objects.count() == before
    assert client.get(reverse("contests_score_entry", args=[own.pk])).status_code == 302


def test_organiser_sees_derived_conflicts(client, judging_contest, centre_a, superuser):
    from contests.models import ContestJudge
    from home.factories import UserFactory

    editor = UserFactory(
        username="bientap.xungdot", first_name="Hà", last_name="Vũ", groups=[centre_a.editors_group]
    )
    ContestJudge.objects.create(contest=judging_contest, user=editor)
    client.force_login(superuser)
    page = client.get(reverse("contests_ranking", args=[judging_contest.pk])).content.decode()
    section = page[page.index('data-testid="conflicts"') :].split("</section>")[0]
    assert "Hà Vũ: TTHTCĐ phường Lam Hạ (nhận ra từ nhóm cán bộ" in section


def test_submission_time_is_when_the_centre_sent_it_not_when_it_was_approved(judging_contest):
    """The centre that sent its entry first keeps "earlier submission" even when the committee
    approved it last (the tie-break ranked it last before)."""
    from wagtail.models import Workflow, WorkflowState

    from contests.models import EntryPage
    from contests.ranking import submission_times
    from home.factories import UserFactory

    first, second = EntryPage.objects.child_of(judging_contest).order_by("pk")[:2]
    now = timezone.now()
    EntryPage.objects.filter(pk=first.pk).update(
        first_published_at=now - datetime.timedelta(hours=1)
    )
    EntryPage.objects.filter(pk=second.pk).update(
        first_published_at=now - datetime.timedelta(hours=5)
    )
    workflow = Workflow.objects.create(name="Duyệt bài dự thi (thử)")
    sender = UserFactory(username="gui.bai")
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    for entry, hours in ((first, 10), (second, 6)):
        state = WorkflowState.objects.create(
            content_type=ContentType.objects.get_for_model(EntryPage),
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(entry.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_APPROVED,
            requested_by=sender,
        )
        WorkflowState.objects.filter(pk=state.pk).update(
            created_at=now - datetime.timedelta(hours=hours)
        )
    entries = {e.pk: e for e in EntryPage.objects.filter(pk__in=[first.pk, second.pk])}
    times = submission_times(entries)
    assert times[first.pk] == now - datetime.timedelta(hours=10)
    assert times[second.pk] == now - datetime.timedelta(hours=6)


def test_a_judge_saves_a_draft_and_returns(client, judging_contest, judges):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    client.force_login(judges[0])
    url = f"/admin/contests/entry/{entry.pk}/score/"
    first, second, *rest = judging_contest.criteria()
    response = client.post(url, {f"c{first.pk}": "7,5", f"c{second.pk}": "", "action": "draft"})
    assert response.status_code == 302 and response["Location"] == url  # back to the same form
    assert list(
        JudgeScore.objects.filter(entry=entry, judge=judges[0]).values_list(
            "criterion_id", "points"
        )
    ) == [(first.pk, Decimal("7.50"))]
    page = client.get(url).content.decode()
    assert "Đã lưu nháp 1/6 tiêu chí; bài này chưa tính là chấm xong." in page
    assert 'value="7,50"' in page or 'value="7.50"' in page
    # a bad value in a draft is refused like any other, nothing saved
    client.post(url, {f"c{second.pk}": "mười", "action": "draft"})
    assert JudgeScore.objects.filter(entry=entry, judge=judges[0]).count() == 1
    # submitting needs every criterion and the "checked" box
    all_ten = {f"c{c.pk}": "10" for c in judging_contest.criteria()}
    response = client.post(url, {**all_ten, "action": "submit"})
    assert response.status_code == 200
    assert "Tôi đã xem lại điểm" in response.content.decode()
    assert JudgeScore.objects.filter(entry=entry, judge=judges[0]).count() == 1
    response = client.post(url, {**all_ten, "action": "submit", "checked": "1"})
    assert response.status_code == 302
    assert JudgeScore.objects.filter(entry=entry, judge=judges[0]).count() == 6


def test_the_organisers_workbook_has_criteria_and_judges_sheets(
    client, judging_contest, judges, superuser
):
    entry = EntryPage.objects.get(title="Bài Phù Vân")
    client.force_login(judges[0])
    url = f"/admin/contests/entry/{entry.pk}/score/"
    points = ["8", "7,5", "6", "9", "10", "5"]
    client.post(url, _score_form(judging_contest, points))
    client.force_login(superuser)
    data = client.get(reverse("contests_ranking_export", args=[judging_contest.pk, "xlsx"])).content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Xếp hạng", "Theo tiêu chí", "Theo giám khảo"]
    criteria_rows = {r[1]: r for r in book["Theo tiêu chí"].iter_rows(min_row=2, values_only=True)}
    assert [float(v) for v in criteria_rows["Bài Phù Vân"][3:]] == [8, 7.5, 6, 9, 10, 5]
    judge_rows = list(book["Theo giám khảo"].iter_rows(min_row=2, values_only=True))
    assert len(judge_rows) == 6
    assert {r[1] for r in judge_rows} == {"gk-doc-lap"} and {r[4] for r in judge_rows} == {"Tốt"}
    assert {r[6] for r in judge_rows} == {"Bài chỉn chu."}  # the general comment beside
