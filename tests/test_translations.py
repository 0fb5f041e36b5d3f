"""The English catalogue keeps up with the code, is complete and compiled, and pages come out in
the visitor's language: Vietnamese by default, English with the language cookie."""

import contextlib
import fnmatch
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lessons.forms import form_stamp
from scripts.translate_en import IGNORE, MAKEMESSAGES_ARGS, Entry, parse_po
from tests.conftest import host_of

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "hub/locale/en/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
REFRESH = "refresh it with `.venv/bin/python scripts/translate_en.py --refresh`"


def _messages(path: Path) -> list[Entry]:
    """The catalogue's entries, without the header."""
    return [entry for entry in parse_po(path.read_text(encoding="utf-8")) if entry.msgid]


def _ids(path: Path) -> set[tuple[str, str | None]]:
    """(msgid with its context, msgid_plural) of every entry."""
    return {(entry.key, entry.fields.get("msgid_plural")) for entry in _messages(path)}


def _listed(items) -> str:
    return "".join(f"\n    {item!r}" for item in items)


def _copy_ignoring(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name.startswith(".")
        or name == "__pycache__"
        or any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORE)
    }


@pytest.fixture(scope="module")
def extracted_po(tmp_path_factory) -> Path:
    """makemessages exactly as scripts/translate_en.py runs it, on a copy of the checkout and its
    catalogue, so that the working tree is never written to (makemessages leaves temporary files
    beside the templates it reads)."""
    copy = tmp_path_factory.mktemp("makemessages") / "checkout"
    shutil.copytree(ROOT, copy, ignore=_copy_ignoring)
    with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[copy / "hub" / "locale"]):
        call_command(*MAKEMESSAGES_ARGS, verbosity=0)
    return copy / "hub/locale/en/LC_MESSAGES/django.po"


def test_the_catalogue_holds_every_string_the_code_marks_for_translation(extracted_po):
    missing = sorted(_ids(extracted_po) - _ids(PO), key=str)
    assert missing == [], f"not in {PO.relative_to(ROOT)} ({REFRESH}):{_listed(missing)}"


def test_the_catalogue_holds_no_string_the_code_no_longer_has(extracted_po):
    stale = sorted(_ids(PO) - _ids(extracted_po), key=str)
    assert stale == [], f"gone from the code ({REFRESH}):{_listed(stale)}"


def test_every_english_translation_is_filled_in_and_none_is_fuzzy():
    header = parse_po(PO.read_text(encoding="utf-8"))[0]
    assert "Language: en\n" in header.fields["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.fields["msgstr"]
    assert "fuzzy" not in header.flags
    messages = _messages(PO)
    assert messages
    fuzzy = [entry.key for entry in messages if "fuzzy" in entry.flags]
    empty = [entry.key for entry in messages if not all(entry.translations)]
    plural_forms = {
        entry.key: sorted(name for name in entry.fields if name.startswith("msgstr"))
        for entry in messages
        if entry.is_plural
    }
    assert fuzzy == []
    assert empty == [], f"no English (add it to scripts/translate_en.py):{_listed(empty)}"
    assert plural_forms and all(
        names == ["msgstr[0]", "msgstr[1]"] for names in plural_forms.values()
    )


def test_the_committed_mo_is_compiled_from_the_committed_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        [shutil.which("msgfmt"), "--check-format", "-o", str(fresh), str(PO)], check=True
    )

    def catalog(path: Path) -> dict:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)._catalog

    assert catalog(MO) == catalog(fresh), f"{MO.relative_to(ROOT)} is out of date; {REFRESH}"


# --- pages in each language -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_hub_home_is_vietnamese_by_default_and_english_on_request(client):
    vietnamese = client.get("/").content.decode()  # also fills the page cache, in Vietnamese
    assert '<html lang="vi"' in vietnamese
    assert "Tin mới từ các trung tâm" in vietnamese
    assert "8 trung tâm học tập cộng đồng" in vietnamese
    assert '<a href="/" aria-current="page">Trang chủ</a>' in vietnamese
    assert "Latest news from the centres" not in vietnamese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert '<html lang="en"' in english
    assert "Latest news from the centres" in english
    assert "8 community learning centres" in english
    assert '<a href="/" aria-current="page">Home</a>' in english
    assert '<label class="visually-hidden" for="header-q">Search</label>' in english
    assert "Skip to main content" in english
    assert "Tin mới từ các trung tâm" not in english


@pytest.mark.django_db
def test_a_centre_library_in_both_languages(client, centre_a):
    vietnamese = client.get("/thu-vien/", **host_of(centre_a)).content.decode()
    assert "Lọc và sắp xếp" in vietnamese and "Mọi lĩnh vực" in vietnamese
    assert ">Mới nhất</a>" in vietnamese
    assert "Filter and sort" not in vietnamese

    # the filter links are cached per language: the Vietnamese copy above must not be served
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/thu-vien/", **host_of(centre_a)).content.decode()
    assert "Filter and sort" in english and "All subjects" in english
    assert ">Newest</a>" in english and ">Most read</a>" in english
    assert "Lọc và sắp xếp" not in english and ">Mới nhất</a>" not in english


@pytest.mark.django_db
def test_the_share_form_labels_and_errors_follow_the_language(client, centre_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/bai-giang/chia-se/", {"contact": "abc", "stamp": form_stamp()}, **host_of(centre_a)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Share your lesson</h1>" in html
    assert ">Full name</label>" in html
    assert "Enter a phone number (8–20 digits) or an email address." in html
    assert "Họ và tên" not in html


@pytest.mark.django_db
def test_view_messages_follow_the_language(client):
    assert "Từ khoá chỉ có ký hiệu; hãy nhập chữ hoặc số." in client.get(
        "/tim-kiem/", {"q": "%%%"}
    ).content.decode("utf-8")
    assert "Không có kết nối mạng" in client.get("/sw.js").content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert (
        "The search has only symbols; type letters or digits."
        in client.get("/tim-kiem/", {"q": "%%%"}).content.decode()
    )
    worker = client.get("/sw.js").content.decode()
    assert '"<h1>No internet connection</h1><p>This page has not been saved' in worker


@pytest.mark.django_db
def test_a_lesson_page_hands_its_script_the_messages_in_the_visitor_language(client):
    from lessons.models import LessonPage

    lesson = LessonPage.objects.live().order_by("pk").first()  # every demo lesson has a quiz
    _site_id, root_url, path = lesson.get_url_parts()
    host = {"HTTP_HOST": root_url.split("://")[1]}
    vietnamese = client.get(path, **host).content.decode()
    assert 'data-quiz-right="Chính xác!"' in vietnamese
    assert 'aria-label="Địa chỉ bài giảng"' in vietnamese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(path, **host).content.decode()
    assert 'data-quiz-none="Choose an answer."' in english
    assert 'data-quiz-right="Correct!"' in english
    assert 'data-quiz-wrong="Not quite; try again."' in english
    assert 'aria-label="Address of the lesson"' in english
    assert 'data-offline-failed="Not saved; try again when you are online"' in english


@pytest.mark.django_db
def test_the_error_page_follows_the_language(client, monkeypatch):
    from home.models import HubHomePage

    def broken(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(HubHomePage, "serve", broken)
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html
    assert "<h1>Something went wrong</h1>" in html
    assert '<a href="/">Back to the home page</a>' in html


@pytest.mark.django_db
def test_a_contest_page_and_its_entries_in_both_languages(client):
    from contests.models import ContestPage, EntryPage

    contest = ContestPage.objects.get(title="Tuyên truyền viên giỏi các TTHTCĐ 2026")
    _site_id, root_url, path = contest.get_url_parts()
    host = {"HTTP_HOST": root_url.split("://")[1]}
    vietnamese = client.get(path, **host).content.decode()
    assert "<dt>Nhận bài</dt>" in vietnamese and "<h2>Cơ cấu điểm</h2>" in vietnamese
    assert "(10đ)" in vietnamese
    assert "Scoring" not in vietnamese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(path, **host).content.decode()
    assert "<dt>Submissions</dt>" in english and "<h2>Scoring</h2>" in english
    assert "(10 pts)" in english
    assert "Engagement on the website, YouTube and Facebook" in english
    assert "Cơ cấu điểm" not in english

    entry = EntryPage.objects.live().order_by("pk").first()
    _site_id, root_url, path = entry.get_url_parts()
    page = client.get(path, HTTP_HOST=root_url.split("://")[1]).content.decode()
    assert 'data-copy-prompt="Copy the link:"' in page and "views on the site" in page


@pytest.mark.django_db
def test_the_judging_screens_follow_the_judge_language(client):
    """A judge reads the judging screens, the scoring errors and the refusal to score their own
    centre's entry in their language; the refusal works the same in English (no test on its
    wording)."""
    from contests.models import ContestJudge, EntryPage

    seat = (
        ContestJudge.objects.select_related("user", "contest")
        .filter(
            contest__title="Thiết kế video giới thiệu Tủ sách cộng đồng 2025", centre__isnull=False
        )
        .order_by("pk")
        .first()
    )
    contest = seat.contest
    own = EntryPage.objects.child_of(contest).get(centre=seat.centre_id)
    other = EntryPage.objects.child_of(contest).exclude(centre=seat.centre_id).first()
    entries = f"/admin/contests/{contest.pk}/judging/"
    client.force_login(seat.user)
    vietnamese = client.get("/admin/contests/judging/").content.decode()
    assert ">Xếp hạng</a>" in vietnamese and "Thời gian chấm" in vietnamese
    assert "Bài của trung tâm bạn – không chấm" in client.get(entries).content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/admin/contests/judging/").content.decode()
    assert ">Ranking</a>" in english and "Judging period" in english
    assert "Xếp hạng" not in english
    listing = client.get(entries).content.decode()
    assert "Your centre's entry – not for you to score" in listing
    assert "Judging is open until" in listing

    response = client.get(f"/admin/contests/entry/{own.pk}/score/")
    assert (response.status_code, response["Location"]) == (302, entries)
    assert "so you cannot score it (conflict of interest)." in client.get(entries).content.decode()

    criterion = contest.criteria()[0]
    response = client.post(f"/admin/contests/entry/{other.pk}/score/", {f"c{criterion.pk}": "11"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Points must be from 0 to 10." in html and ">Submit scores</button>" in html
