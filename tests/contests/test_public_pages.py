"""The public contest pages (issue #21, "Public pages"): an entry shows its video (own player,
YouTube or Facebook), its counts and share buttons, and a pasted link shows its title and poster;
a blind contest names no centre while it is judged; the contest page and the list of contests show
each contest's status in public words, and the contest page its timeline."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contests.factories import ContestPageFactory, add_contest, add_entry
from contests.models import ContestPage, ContestRound
from contests.timeline import centre_hidden, public_status, timeline
from hub.models import Video

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PHONE = "Mozilla/5.0 (Linux; Android 9; Redmi 8A) Chrome/120 Mobile"
FACEBOOK = "https://www.facebook.com/tusach.lamha/videos/1234567890123456/"
STEP = re.compile(
    r'<li class="timeline__step timeline__step--(\w+)"( aria-current="step")?>\s*<dl>\s*'
    r"<dt>([^<]+)</dt>"
)
CARD_STATUS = re.compile(
    r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a></h2>\s*<p class="card__status">'
    r'<span class="chip contest-status contest-status--(\w+)" data-status="\w+">'
    r'<span class="visually-hidden">Trạng thái: </span>([^<]+)</span>'
)


def _page(client, page) -> tuple[str, str]:
    """The page's HTML, asked for on its own site's host, and that host."""
    _site_id, root_url, path = page.get_url_parts()
    host = root_url.split("://")[1]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode(), host


def _main(html: str) -> str:
    """The page's own content (the frame's header and footer name centres of the network)."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _judged_blind(index, centre_a, centre_b) -> ContestPage:
    now = timezone.now()
    contest = add_contest(
        index,
        title="Hội thi chấm ẩn danh",
        blind=True,
        submissions_open=now - 20 * DAY,
        submissions_close=now - 10 * DAY,
        judging_start=now - 9 * DAY,
        judging_end=now + 5 * DAY,
        engagement_cutoff=now - DAY,
    )
    add_entry(contest, centre_a, title="Bài số một", participants="Nhóm A")
    add_entry(contest, centre_b, title="Bài số hai", participants="Nhóm B")
    return contest


# --- an entry's page ----------------------------------------------------------------------------


def test_a_pasted_entry_link_shows_its_title_summary_and_the_video_poster(
    client, open_contest, centre_a
):
    video = Video.objects.filter(collection=centre_a.collection).order_by("pk").last()
    assert video.is_ready and video.poster_url.startswith("/media/")
    entry = add_entry(
        open_contest,
        centre_a,
        title="Tủ sách mở cửa",
        summary="Một phút giới thiệu tủ sách của phường.",
        video=video,
    )
    html, host = _page(client, entry)
    head = html.split("</head>", 1)[0]
    assert '<meta property="og:title" content="Tủ sách mở cửa">' in head
    assert '<meta property="og:type" content="video.other">' in head
    assert (
        '<meta property="og:description" content="Một phút giới thiệu tủ sách của phường.">' in head
    )
    poster = f"http://{host}{video.poster_url}"
    assert f'<meta property="og:image" content="{poster}">' in head
    assert f'<meta name="twitter:image" content="{poster}">' in head
    main = _main(html)
    assert f'poster="{video.poster_url}"' in main and "<iframe" not in main  # its own player
    assert "<dd>TTHTCĐ phường Lam Hạ</dd>" in main


def test_a_youtube_only_entry_embeds_the_privacy_enhanced_player(client, open_contest, centre_a):
    entry = add_entry(open_contest, centre_a, title="Bài trên YouTube", youtube_url=YOUTUBE)
    html, _host = _page(client, entry)
    main = _main(html)
    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
        'title="Video dự thi trên YouTube"'
    ) in main
    assert "<video" not in main
    assert f'href="{YOUTUBE}" target="_blank" rel="noopener">Xem video trên YouTube</a>' in main
    # a pasted link shows the video's thumbnail, and a summary made from the contest's name
    thumbnail = "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert f'<meta property="og:image" content="{thumbnail}">' in html
    assert (
        '<meta property="og:description" content="Bài dự thi trong hội thi “Hội thi đang mở”">'
        in html
    )


def test_a_facebook_only_entry_embeds_the_facebook_video_plugin(client, open_contest, centre_a):
    entry = add_entry(open_contest, centre_a, title="Bài trên Facebook", facebook_url=FACEBOOK)
    main = _main(_page(client, entry)[0])
    assert (
        '<iframe src="https://www.facebook.com/plugins/video.php?href='
        "https%3A%2F%2Fwww.facebook.com%2Ftusach.lamha%2Fvideos%2F1234567890123456%2F"
        '&amp;show_text=false" title="Video dự thi trên Facebook"'
    ) in main
    assert "youtube" not in main


def test_the_share_buttons_counts_and_the_copy_fallback_field_are_there(open_contest, centre_a):
    entry = add_entry(open_contest, centre_a, title="Bài để chia sẻ")
    phone = Client(HTTP_USER_AGENT=PHONE)
    main = _main(_page(phone, entry)[0])
    url = entry.full_url
    assert (
        'data-share="facebook" href="https://www.facebook.com/sharer/sharer.php?u=http%3A' in main
    )
    assert 'data-share="zalo" href="https://zalo.me/share?url=http%3A' in main
    assert f'data-share="copy" data-copy-link="{url}"' in main
    assert 'data-copied="Đã sao chép liên kết."' in main
    # without the clipboard API the address is selected in a labelled read-only field
    assert '<label for="entry-link">Sao chép liên kết:</label>' in main
    assert f'<input id="entry-link" type="text" readonly value="{url}" data-copy-field>' in main
    counts = re.compile(r"<span>(\d+) lượt xem trên trang</span> <span>(\d+) lượt chia sẻ</span>")
    assert counts.findall(main) == [("1", "0")]  # this visit is counted before the page shows
    path = entry.get_url_parts()[2]
    assert phone.post(path + "chia-se/zalo/", HTTP_HOST=_page(phone, entry)[1]).json()["counted"]
    assert counts.findall(_main(_page(phone, entry)[0])) == [("1", "1")]  # one view a day


# --- centres in a blind contest -------------------------------------------------------------------


def test_a_blind_contest_names_no_centre_while_judging_and_names_them_once_results_are_out(
    client, index, centre_a, centre_b
):
    contest = _judged_blind(index, centre_a, centre_b)
    entry = contest.get_children().live().specific().get(title="Bài số một")
    names = (centre_a.title, centre_b.title)
    assert names == ("TTHTCĐ phường Lam Hạ", "TTHTCĐ xã Phù Vân")

    entry_page = _main(_page(client, entry)[0])
    contest_page = _main(_page(client, contest)[0])
    assert [name in entry_page or name in contest_page for name in names] == [False, False]
    assert 'data-testid="centre-hidden"' in entry_page
    assert 'data-testid="centres-hidden"' in contest_page
    assert contest_page.count('<h3 class="card__title">') == 2

    ContestPage.objects.filter(pk=contest.pk).update(
        results_published=timezone.now() - datetime.timedelta(minutes=1)
    )
    entry_page = _main(_page(client, entry)[0])
    contest_page = _main(_page(client, contest)[0])
    assert "<dd>TTHTCĐ phường Lam Hạ</dd>" in entry_page
    assert '<p class="card__meta">TTHTCĐ phường Lam Hạ</p>' in contest_page
    assert '<p class="card__meta">TTHTCĐ xã Phù Vân</p>' in contest_page
    assert "centre-hidden" not in entry_page and "centres-hidden" not in contest_page


def test_a_contest_that_is_not_blind_names_centres_while_judging(client, judging_contest):
    contest_page = _main(_page(client, judging_contest)[0])
    assert '<p class="card__meta">TTHTCĐ phường Lam Hạ</p>' in contest_page
    assert "centres-hidden" not in contest_page


@pytest.mark.parametrize(
    ("offset", "hidden"),
    [(-25, False), (-15, False), (-10, True), (-5, True), (1, False), (3, False)],
)
def test_centres_are_hidden_from_the_close_of_submissions_until_judging_ends(offset, hidden):
    contest = _contest(blind=True)
    assert centre_hidden(contest, now=_at(offset)) is hidden
    contest.blind = False
    assert centre_hidden(contest, now=_at(offset)) is False


# --- status and timeline ------------------------------------------------------------------------

NOW = timezone.make_aware(datetime.datetime(2026, 5, 1, 12, 0))


def _contest(rounds=(), **kwargs) -> ContestPage:
    """A contest in memory: submissions -20..-10 days from NOW, judging -8..0, vote closes -4,
    results published +2 (unless given)."""
    fields = {
        "submissions_open": NOW - 20 * DAY,
        "submissions_close": NOW - 10 * DAY,
        "judging_start": NOW - 8 * DAY,
        "judging_end": NOW,
        "engagement_cutoff": NOW - 4 * DAY,
        "results_published": NOW + 2 * DAY,
        **kwargs,
    }
    contest = ContestPageFactory.build(**fields)
    for order, (name, start, end) in enumerate(rounds):
        contest.rounds.add(
            ContestRound(
                name=name,
                judging_start=start,
                judging_end=end,
                engagement_cutoff=end,
                sort_order=order,
            )
        )
    return contest


def _at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "stage", "status"),
    [
        (-25, "upcoming", ("upcoming", "Sắp diễn ra")),
        (-15, "open", ("open", "Đang nhận bài")),
        (-9, "before_judging", ("judging", "Đang chấm")),
        (-5, "judging", ("judging", "Đang chấm")),
        (1, "to_publish", ("judging", "Đang chấm")),
        (3, "published", ("published", "Đã có kết quả")),
    ],
)
def test_each_stage_has_its_public_status(days, stage, status):
    contest = _contest()
    now = _at(days)
    assert contest.stage(now) == stage
    assert public_status(contest, now=now) == status


def _states(contest, days: float) -> list[tuple[str, str]]:
    return [(step.label, step.state) for step in timeline(contest, now=_at(days))]


def test_the_timeline_marks_one_current_step_the_one_the_status_speaks_of():
    contest = _contest()
    assert _states(contest, -25) == [
        ("Nhận bài", "upcoming"),
        ("Chấm thi", "upcoming"),
        ("Chốt bình chọn", "upcoming"),
        ("Công bố kết quả", "upcoming"),
    ]
    assert _states(contest, -15)[:2] == [("Nhận bài", "current"), ("Chấm thi", "upcoming")]
    # after the close of submissions the judging is what the public waits for
    assert _states(contest, -9)[:2] == [("Nhận bài", "done"), ("Chấm thi", "current")]
    assert _states(contest, -2) == [
        ("Nhận bài", "done"),
        ("Chấm thi", "current"),
        ("Chốt bình chọn", "done"),
        ("Công bố kết quả", "upcoming"),
    ]
    assert _states(contest, 1) == [
        ("Nhận bài", "done"),
        ("Chấm thi", "done"),
        ("Chốt bình chọn", "done"),
        ("Công bố kết quả", "current"),
    ]
    assert {state for _label, state in _states(contest, 3)} == {"done"}
    steps = timeline(contest, now=_at(-2))
    assert [(s.start, s.end) for s in steps] == [
        (contest.submissions_open, contest.submissions_close),
        (contest.judging_start, contest.judging_end),
        (contest.engagement_cutoff, None),
        (contest.results_published, None),
    ]


def test_a_vote_closing_before_judging_comes_first_and_results_without_a_date_come_last():
    contest = _contest(engagement_cutoff=NOW - 9 * DAY, results_published=None)
    steps = timeline(contest, now=_at(-5))
    assert [(s.label, s.state) for s in steps] == [
        ("Nhận bài", "done"),
        ("Chốt bình chọn", "done"),
        ("Chấm thi", "current"),
        ("Công bố kết quả", "upcoming"),
    ]
    assert (steps[-1].start, steps[-1].end) == (None, None)


def test_each_judging_round_is_a_step_of_its_own_and_the_vote_closes_with_the_last():
    contest = _contest(
        judging_end=NOW - 5 * DAY,
        rounds=[("Chung khảo", NOW - 3 * DAY, NOW)],  # its engagement cut-off: NOW
        first_round_name="Sơ khảo",
    )
    assert _states(contest, -6) == [
        ("Nhận bài", "done"),
        ("Sơ khảo", "current"),
        ("Chung khảo", "upcoming"),
        ("Chốt bình chọn", "upcoming"),
        ("Công bố kết quả", "upcoming"),
    ]
    # between the rounds the next round is the current step
    assert _states(contest, -4)[1:3] == [("Sơ khảo", "done"), ("Chung khảo", "current")]
    assert timeline(contest, now=_at(-4))[3].start == NOW


def test_the_contest_page_shows_its_status_and_timeline(client, judging_contest):
    main = _main(_page(client, judging_contest)[0])
    assert (
        '<span class="chip contest-status contest-status--judging" data-status="judging">'
        '<span class="visually-hidden">Trạng thái: </span>Đang chấm</span>'
    ) in main
    assert STEP.findall(main) == [
        ("done", "", "Nhận bài"),
        ("current", ' aria-current="step"', "Chấm thi"),
        ("done", "", "Chốt bình chọn"),
        ("upcoming", "", "Công bố kết quả"),
    ]
    assert main.count('aria-current="step"') == 1
    assert "Chưa định ngày" in main  # the results have no date yet


def test_the_list_of_contests_shows_each_status_in_a_fixed_number_of_queries(client, index):
    now = timezone.now()

    def add(title, days):  # submissions open `days` from now, each step 10 days long
        start = now + days * DAY
        add_contest(
            index,
            title=title,
            submissions_open=start,
            submissions_close=start + 10 * DAY,
            judging_start=start + 11 * DAY,
            judging_end=start + 20 * DAY,
            engagement_cutoff=start + 20 * DAY,
            results_published=start + 21 * DAY,
        )

    add("Hội thi sắp mở", 5)
    add("Hội thi đang nhận bài", -5)

    def statuses() -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, index)[0]
        return {t: (m, label) for t, m, label in CARD_STATUS.findall(html)}, len(queries)

    statuses()  # the first request after a publish reloads the network's copy
    found, before = statuses()
    add("Hội thi đang chấm", -15)
    add("Hội thi đã có kết quả", -30)
    statuses()
    found, after = statuses()
    assert after == before
    ours = {
        "Hội thi sắp mở": ("upcoming", "Sắp diễn ra"),
        "Hội thi đang nhận bài": ("open", "Đang nhận bài"),
        "Hội thi đang chấm": ("judging", "Đang chấm"),
        "Hội thi đã có kết quả": ("published", "Đã có kết quả"),
    }
    assert {title: found[title] for title in ours} == ours
    # the demo's contests have theirs too, each contest its own
    live = ContestPage.objects.live().child_of(index)
    assert set(found) == set(live.values_list("title", flat=True))
    assert all(found[c.title] == public_status(c) for c in live)
