"""Every admin screen a staff member can reach reads in Vietnamese (issue #18).

Each screen is rendered for the role that uses it (superuser, the city organiser's group, a centre
editor, a judge, and the anonymous login pages); the text a person sees (text nodes outside
scripts and styles, placeholders, titles, aria-labels, button values) must hold no English word.
English words are those of the installed packages' English catalogues (Wagtail, wagtailmedia,
django-taggit, Django's admin and auth); the words the Vietnamese catalogues keep on purpose
(Wagtail, URL, email, video…) and the proper nouns below are allowed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from lxml import html as lxml_html
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from contests.models import ContestPage, EntryPage
from home.models import CentreHomePage, HubHomePage, NewsPage, StandardPage
from hub.models import Centre, Field
from hub.video.models import Video
from lessons.models import LessonIndexPage, LessonPage
from library.models import LibraryIndexPage, LibraryItemPage
from scripts.build_admin_vi import SOURCES, msgids, site_packages

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Names and terms that stay as they are in Vietnamese text
PROPER = {
    "wagtail", "youtube", "facebook", "zalo", "google", "hls", "mp4", "pdf", "csv", "xlsx", "epub",
    "json", "html", "ical", "oai", "pmh", "api", "url", "urls", "id", "ids", "email", "e-mail",
    "video", "videos", "admin", "markdown", "unicode", "utf", "http", "https", "www", "svg",
    "png", "jpeg", "jpg", "gif", "webp", "avif", "heic", "mp3", "ogg", "webm", "mov", "txt",
    "docx", "xls", "doc", "odt", "pptx", "ppt", "zip", "hoctap", "hub", "localhost", "example",
    "creative", "commons", "giamkhao", "bientap", "lamha", "minhkhai", "haibatrung",
    "quangtrung", "chauson", "liemchinh", "tientan", "phuvan", "phuly", "khuyenhocphuly",
}  # fmt: skip
SKIP_TAGS = ("script", "style", "template", "noscript", "svg", "code", "pre")
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


def _words(text: str) -> set[str]:
    return {w.lower().strip("'") for w in WORD.findall(text)}


def _prose(msg: str) -> str:
    """A catalogue message without its placeholders, markup and escapes."""
    msg = re.sub(r"<code>.*?</code>", " ", msg)
    return re.sub(r"%\([^)]*\)[sdf]|%[sdf]|\{[^}]*\}|<[^>]+>|&\w+;|\\n", " ", msg)


def _english_catalogues() -> list[Path]:
    root = site_packages()
    found = []
    for package in ("wagtail", "wagtailmedia", "taggit"):
        found += sorted((root / package).rglob("locale/en/LC_MESSAGES/django*.po"))
    for app in ("admin", "auth"):
        found.append(root / f"django/contrib/{app}/locale/en/LC_MESSAGES/django.po")
    return found


@cache
def english_words() -> frozenset[str]:
    words = set()
    for catalogue in _english_catalogues():
        for _context, msgid in msgids(catalogue):
            words |= {w for w in _words(_prose(msgid)) if len(w) >= 3}
    return frozenset(words - kept_in_vietnamese() - PROPER)


@cache
def kept_in_vietnamese() -> frozenset[str]:
    """ASCII words the reviewed Vietnamese catalogues keep on purpose (website, menu, email…)."""
    text = []
    for catalogue in SOURCES.rglob("*.po"):
        lines = catalogue.read_text().splitlines()
        text += [line[line.index('"') :] for line in lines if line.startswith("msgstr")]
    return frozenset(_words(_prose(" ".join(text))))


def visible_text(content: str) -> str:
    tree = lxml_html.fromstring(content)
    for element in tree.xpath("|".join(f"//{tag}" for tag in SKIP_TAGS)):
        element.drop_tree()
    for element in tree.xpath("//*[@hidden]|//*[@aria-hidden='true']"):
        element.drop_tree()
    parts = list(tree.itertext())
    for attribute in ATTRIBUTES:
        parts += tree.xpath(f"//@{attribute}")
    parts += tree.xpath("//input[@type='submit' or @type='button']/@value")
    return " ".join(parts)


def english_in(content: str, allowed: set[str]) -> list[str]:
    """The English words of the visible text, each with a little context."""
    text = re.sub(r"\s+", " ", visible_text(content))
    found = []
    for word in sorted(_words(text) & english_words() - allowed):
        at = re.search(rf"(?i)\b{re.escape(word)}\b", text)
        start = at.start() if at else 0
        found.append(f"{word!r} in …{text[max(0, start - 40) : start + 40]}…")
    return found


def _content_words() -> set[str]:
    """Words of the demo's own data (usernames, slugs, file names): content, not interface."""
    words = set()
    for user in get_user_model().objects.all():
        words |= _words(f"{user.username} {user.email} {user.first_name} {user.last_name}")
    for page in Page.objects.all():
        words |= _words(f"{page.title} {page.slug}")
    for model in (get_document_model(), get_image_model(), Video):
        for item in model.objects.all():
            words |= _words(f"{item.title} {item.file.name}")
    for site in Site.objects.all():
        words |= _words(site.hostname)
    for content_type in ContentType.objects.all():  # "home.newspage" in the page types report
        words |= _words(f"{content_type.app_label} {content_type.model}")
    return words


def superuser_screens() -> list[str]:
    from learners.models import Learner
    from lessons.models import CoursePage

    hub = HubHomePage.objects.get()
    centre_home = CentreHomePage.objects.first()
    news = NewsPage.objects.first()
    lesson = LessonPage.objects.first()
    item = LibraryItemPage.objects.first()
    contest = ContestPage.objects.first()
    entry = EntryPage.objects.first()
    standard = StandardPage.objects.first()
    user = get_user_model().objects.filter(is_superuser=False).first()
    group = user.groups.first()
    document = get_document_model().objects.first()
    image = get_image_model().objects.first()
    video = Video.objects.first()
    centre = Centre.objects.first()
    field = Field.objects.first()
    lessons = LessonIndexPage.objects.first()
    library = LibraryIndexPage.objects.first()
    news_index = news.get_parent()
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{hub.pk}/",
        f"/admin/pages/{lessons.pk}/",
        *(f"/admin/pages/{p.pk}/edit/" for p in (hub, centre_home, news, lesson, item, standard)),
        *(f"/admin/pages/{p.pk}/edit/" for p in (contest, entry, lessons, library, news_index)),
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
        f"/admin/pages/add/lessons/lessonpage/{lessons.pk}/",
        f"/admin/pages/add/library/libraryitempage/{library.pk}/",
        f"/admin/pages/{news.pk}/history/",
        f"/admin/pages/{news.pk}/move/",
        f"/admin/pages/{news.pk}/copy/",
        f"/admin/pages/{news.pk}/delete/",
        f"/admin/pages/{news.pk}/unpublish/",
        "/admin/pages/search/?q=sách",
        "/admin/images/",
        "/admin/images/multiple/add/",
        f"/admin/images/{image.pk}/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        f"/admin/documents/edit/{document.pk}/",
        "/admin/media/",
        "/admin/media/video/add/",
        f"/admin/media/edit/{video.pk}/",
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{user.pk}/",
        "/admin/groups/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
        "/admin/sites/",
        "/admin/sites/new/",
        "/admin/collections/",
        "/admin/collections/add/",
        "/admin/redirects/",
        "/admin/redirects/add/",
        "/admin/workflows/list/",
        "/admin/workflows/add/",
        "/admin/workflows/tasks/index/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/search-misses/",
        "/admin/reports/learners/",
        "/admin/bao-cao/hoat-dong/",
        "/admin/bao-cao/hoat-dong/?ky=2026-Q4",
        "/admin/bao-cao/can-ho-tro/",
        "/admin/nguoi-hoc/",
        f"/admin/nguoi-hoc/edit/{Learner.objects.first().pk}/",
        f"/admin/pages/{CoursePage.objects.first().pk}/edit/",
        "/admin/settings/hub/networksettings/",
        f"/admin/settings/hub/sitebranding/{centre.site_id}/",
        "/admin/snippets/hub/field/",
        "/admin/snippets/hub/field/add/",
        f"/admin/snippets/hub/field/edit/{field.pk}/",
        "/admin/centres/",
        "/admin/centres/new/",
        f"/admin/centres/edit/{centre.pk}/",
        "/admin/account/",
        "/admin/video-status/",
        "/admin/library/import/",
        "/admin/contests/judging/",
        f"/admin/contests/{contest.pk}/ranking/",
        f"/admin/contests/{contest.pk}/progress/",
        f"/admin/contests/{contest.pk}/finalise/cong-bo/",
        f"/admin/contests/{contest.pk}/prizes/",
        f"/admin/contests/{contest.pk}/assign/",
        f"/admin/contests/{contest.pk}/advance/",
        f"/admin/contests/{contest.pk}/events/",
        f"/admin/contests/{contest.pk}/finalise/mo-nhan-bai/",
        "/admin/contests/feedback/",
        f"/admin/contests/{ContestPage.objects.get(title='Kể chuyện sách hay 2026').pk}/progress/",
        *recognition_screens(),
    ]


def recognition_screens() -> list[str]:
    """The learning models' screens (issue #22), on the demo's association tree."""
    from recognition.models import CriteriaSet, Cycle, Decision, Declaration, Organisation

    returned = Declaration.objects.filter(status="tra_lai").first()
    waiting = Declaration.objects.filter(status="da_nop").first()
    branch = Organisation.objects.get(code="NB-LAMHA")
    criteria_set = CriteriaSet.objects.filter(cycles__isnull=False).first()
    base = "/admin/xa-hoi-hoc-tap"
    return [
        f"{base}/ho-so/",
        f"{base}/ho-so/{waiting.pk}/",
        f"{base}/ho-so/{returned.pk}/",
        f"{base}/quyet-dinh/",
        f"{base}/quyet-dinh/moi/",
        f"{base}/quyet-dinh/{Decision.objects.first().pk}/",
        f"{base}/to-chuc/",
        f"{base}/to-chuc/?node={branch.pk}",
        f"{base}/to-chuc/{branch.pk}/sua/",
        f"{base}/to-chuc/{branch.pk}/chuyen/",
        f"{base}/to-chuc/{branch.pk}/nhap/?target=NB",
        f"{base}/dot/",
        f"{base}/dot/moi/",
        f"{base}/dot/{Cycle.objects.first().pk}/",
        f"{base}/bo-tieu-chi/",
        f"{base}/bo-tieu-chi/nhap/",
        f"{base}/bo-tieu-chi/{criteria_set.pk}/",
        f"{base}/bo-tieu-chi/{criteria_set.pk}/phien-ban-moi/",
        f"{base}/bao-cao/",
        f"{base}/bao-cao/?don-vi={branch.pk}",
    ]


@pytest.fixture
def content_words(hub_home):
    return _content_words()


def _check(client, urls, content_words) -> dict[str, list[str]]:
    problems = {}
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            problems[url] = [f"answered {response.status_code}"]
            continue
        found = english_in(response.content.decode(), content_words)
        if found:
            problems[url] = found
    return problems


def test_every_admin_screen_of_a_superuser_is_vietnamese(client, content_words):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert _check(client, superuser_screens(), content_words) == {}


def test_a_centre_editors_screens_are_vietnamese(client, content_words):
    editor = get_user_model().objects.get(username="lamha.bientap")
    client.force_login(editor)
    centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
    home = centre.site.root_page
    news = NewsPage.objects.live().descendant_of(home).first()
    urls = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{news.pk}/edit/",
        f"/admin/pages/add/home/newspage/{news.get_parent().pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/media/",
        "/admin/account/",
        "/admin/bao-cao/hoat-dong/",
    ]
    assert _check(client, urls, content_words) == {}


def test_a_reviewers_screens_are_vietnamese(client, content_words):
    """The Lam Hạ branch's reviewer of self-assessments (issue #22)."""
    from recognition.models import Declaration

    client.force_login(get_user_model().objects.get(username="duyethoso.lamha"))
    declaration = Declaration.objects.filter(unit__code__startswith="NB-LAMHA", status="da_nop")
    urls = [
        "/admin/",
        "/admin/xa-hoi-hoc-tap/ho-so/",
        f"/admin/xa-hoi-hoc-tap/ho-so/{declaration.first().pk}/",
        "/admin/xa-hoi-hoc-tap/to-chuc/",
        "/admin/xa-hoi-hoc-tap/bao-cao/",
    ]
    assert _check(client, urls, content_words) == {}


def test_a_judges_screens_are_vietnamese(client, content_words):
    client.force_login(get_user_model().objects.get(username="giamkhao2"))
    assert _check(client, ["/admin/", "/admin/contests/judging/"], content_words) == {}


def test_the_login_and_password_pages_are_vietnamese(client, content_words):
    urls = ["/admin/login/", "/admin/password_reset/"]
    assert _check(client, urls, content_words) == {}


def test_the_checker_finds_english_it_is_meant_to_find():
    """The checker itself: Wagtail's English words are caught, Vietnamese and names are not."""
    page = (
        "<html><body><h1>Trang</h1><button>Save draft</button><p>Xem trên YouTube</p>"
        '<input placeholder="Search all pages…"><script>var x = "Publish";</script></body></html>'
    )
    found = " ".join(english_in(page, set()))
    assert "'save'" in found and "'draft'" in found and "'search'" in found
    assert "'publish'" not in found and "youtube" not in found and "'trang'" not in found


def test_wagtails_default_groups_and_workflow_are_gone(client):
    """Editors/Moderators edited every centre and came first in the new-user form (#18)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow, WorkflowPage

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    default = Workflow.objects.get(name="Moderators approval")
    assert default.active is False
    assert not WorkflowPage.objects.filter(workflow=default).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    client.force_login(get_user_model().objects.get(username="admin"))
    form = client.get("/admin/users/new/").content.decode()
    assert "Moderators" not in form and ">Editors<" not in form
    assert "TTHTCĐ phường Lam Hạ – Biên tập viên" in form
