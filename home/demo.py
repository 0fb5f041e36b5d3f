"""The Phủ Lý demo network: the hub, eight ward/commune centres and their news."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Site

from hub.models import Centre, NetworkSettings, SiteBranding
from hub.text import vietnamese_slug
from lessons.factories import publish_lesson
from lessons.models import LessonIndexPage
from library.factories import publish_item
from library.models import LibraryIndexPage

from .demo_media import font_file
from .factories import CentreFactory, news_index_of, publish_news
from .models import HubHomePage
from .provisioning import setup_network

# (name, hostname slug, address, colour, phone): made-up numbers in Hà Nam's 0226 area code
CENTRES = [
    (
        "Phường Lam Hạ",
        "lam-ha",
        "Số 1 đường Lê Công Thanh, phường Lam Hạ",
        "#0b6e4f",
        "0226 3851 101",
    ),
    (
        "Phường Minh Khai",
        "minh-khai",
        "Nhà văn hóa tổ 3, phường Minh Khai",
        "#1f5f99",
        "0226 3852 214",
    ),
    (
        "Phường Hai Bà Trưng",
        "hai-ba-trung",
        "Số 12 đường Trần Phú, phường Hai Bà Trưng",
        "#8a3b12",
        "0226 3853 320",
    ),
    (
        "Phường Quang Trung",
        "quang-trung",
        "Số 5 đường Biên Hòa, phường Quang Trung",
        "#6b2d8a",
        "0226 3854 436",
    ),
    (
        "Phường Châu Sơn",
        "chau-son",
        "Nhà văn hóa thôn Đồng Ao, phường Châu Sơn",
        "#0d6b73",
        "0226 3855 542",
    ),
    (
        "Phường Liêm Chính",
        "liem-chinh",
        "Số 8 đường Lý Thường Kiệt, phường Liêm Chính",
        "#7a5c00",
        "0226 3856 658",
    ),
    ("Xã Tiên Tân", "tien-tan", "Nhà văn hóa thôn Mễ Nội, xã Tiên Tân", "#2f6b1f", "0226 3857 764"),
    ("Xã Phù Vân", "phu-van", "Nhà văn hóa thôn Phù Đạo, xã Phù Vân", "#9c1c3b", "0226 3858 870"),
]
NEWS_PER_CENTRE = 5
ITEMS_PER_CENTRE = 3
LESSONS_PER_CENTRE = 3
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "hoctap-demo"  # noqa: S105 (demo network only; printed at the end of make run)
STAFF_PASSWORD = "bientap-demo"  # noqa: S105


@transaction.atomic
def load_demo_network(
    port: int | None = None,
    log: Callable[[str], None] = print,
    video_centres: int | None = None,
) -> dict:
    """Build the demo network; running it again adds nothing that is already there.

    The first lesson of each centre and each centre's contest entry get a short generated video
    (home/demo_media.py, ~1.5 s each through the pipeline); `video_centres` limits that to the
    first N centres (the test session uses 1)."""
    port = port or settings.HUB_SITE_PORT
    network = setup_network(port=port)  # the same steps as a real install
    hub, hub_site = network["hub"], network["site"]
    demo_hosts = [f"{slug}.{settings.HUB_CENTRE_DOMAIN}" for _name, slug, *_rest in CENTRES]
    for site in Site.objects.filter(hostname__in=demo_hosts).exclude(port=port):
        site.port = port  # `make run PORT=…` again: the demo centres follow the hub
        site.save()

    settings_row = NetworkSettings.load()
    settings_row.hub_name = settings_row.hub_name or "Phủ Lý – Thành phố học tập"
    settings_row.facebook_url = (
        settings_row.facebook_url or "https://www.facebook.com/khuyenhocphuly"
    )
    settings_row.youtube_url = settings_row.youtube_url or "https://www.youtube.com/@khuyenhocphuly"
    if not settings_row.portals:
        settings_row.portals = [
            ("link", {"title": "Hội Khuyến học Việt Nam", "url": "https://khuyenhocvietnam.vn"}),
            ("link", {"title": "Bộ Giáo dục và Đào tạo", "url": "https://moet.gov.vn"}),
            (
                "link",
                {"title": "Cổng thông tin điện tử tỉnh Hà Nam", "url": "https://hanam.gov.vn"},
            ),
        ]
    settings_row.show_visitor_counter = True  # the footer's counter, from the daily statistics
    settings_row.save()
    if not publish_news_count(hub):
        publish_news(news_index_of(hub), 3)

    users = []
    for number, (name, slug, address, colour, phone) in enumerate(CENTRES):
        if Centre.objects.filter(name=name).exists():
            continue
        centre = CentreFactory(
            name=name,
            hostname=f"{slug}.{settings.HUB_CENTRE_DOMAIN}",
            port=port,
            address=address,
            phone=phone,
            # the last centre has no e-mail: "Trung tâm cần hỗ trợ" shows how that looks
            email=f"tthtcd.{slug.replace('-', '')}@example.vn" if number < len(CENTRES) - 1 else "",
        )
        SiteBranding.objects.update_or_create(site=centre.site, defaults={"primary_colour": colour})
        publish_news(news_index_of(centre.site.root_page), NEWS_PER_CENTRE)
        library = LibraryIndexPage.objects.child_of(centre.site.root_page).get()
        for _ in range(ITEMS_PER_CENTRE):  # each book's PDF opens with a drawn cover
            publish_item(library, collection=centre.collection, font=font_file())
        lessons = LessonIndexPage.objects.child_of(centre.site.root_page).get()
        with_video = video_centres is None or number < video_centres
        for n in range(LESSONS_PER_CENTRE):
            lesson = publish_lesson(lessons)
            if n == 0 and with_video:
                _add_lesson_video(lesson, centre, colour)
        editor = get_user_model().objects.create_user(
            f"{slug.replace('-', '')}.bientap",
            f"{slug}@example.vn",
            STAFF_PASSWORD,
            first_name="Biên tập",
            last_name=name,
        )
        editor.groups.add(centre.editors_group)
        users.append(editor.username)
        _demo_day_counts(centre)
        log(f"  + {centre.title}: {centre.url}")

    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.vn", ADMIN_PASSWORD)
    _demo_contests(hub, video_centres)
    _demo_organiser_and_contributor()
    from .demo_learners import demo_learner_account, load_demo_learners

    load_demo_learners(
        CENTRES, log
    )  # two courses, ~40 learners and their record (home/demo_learners.py)
    from .demo_recognition import load_recognition_demo

    # the association tree, last year's and this year's cycles (home/demo_recognition.py)
    load_recognition_demo(CENTRES, log)
    from .demo_events import load_events_demo

    # the Lifelong Learning Week, openings and weekly classes (home/demo_events.py)
    load_events_demo(CENTRES, log)
    from .demo_statistics import load_statistics_demo

    # a year of daily statistics for the committee's reports (home/demo_statistics.py)
    load_statistics_demo(log)
    return {
        "hub_url": hub_site.root_url + "/",
        "staff": users,
        "accounts": [*demo_accounts(), demo_learner_account()],
    }


ORGANISER_USERNAME, ORGANISER_PASSWORD = "banchidao", "banchidao-demo"  # noqa: S105 (demo only)
CONTRIBUTOR_USERNAME, CONTRIBUTOR_PASSWORD = "lamha.congtac", "congtac-demo"  # noqa: S105


def _demo_organiser_and_contributor() -> None:
    """The city organiser (the committee's staff group: every centre, contests, settings) and a
    contributor of Lam Hạ (writes drafts that the centre's editor approves)."""
    from hub.provisioning import ensure_hub_staff_group

    User = get_user_model()
    if not User.objects.filter(username=ORGANISER_USERNAME).exists():
        organiser = User.objects.create_user(
            ORGANISER_USERNAME, "banchidao@example.vn", ORGANISER_PASSWORD, first_name="Ban chỉ đạo"
        )
        organiser.groups.add(ensure_hub_staff_group())
    lam_ha = Centre.objects.filter(name=CENTRES[0][0]).first()
    if lam_ha and not User.objects.filter(username=CONTRIBUTOR_USERNAME).exists():
        contributor = User.objects.create_user(
            CONTRIBUTOR_USERNAME,
            "lamha.congtac@example.vn",
            CONTRIBUTOR_PASSWORD,
            first_name="Cộng tác viên",
            last_name=lam_ha.name,
        )
        contributor.groups.add(lam_ha.contributors_group)
        _demo_editors_work(lam_ha, contributor)


def _demo_editors_work(centre: Centre, contributor) -> None:
    """Something on the Lam Hạ editor's dashboard: their own unfinished draft and the
    contributor's news waiting for their approval (home/dashboard.py)."""
    from django.test.utils import override_settings

    from .factories import NewsPageFactory

    news = news_index_of(centre.site.root_page)
    editor = get_user_model().objects.filter(groups=centre.editors_group).first()
    for title, owner, submit in (
        ("Lịch khai giảng lớp tin học cho người cao tuổi (đang soạn)", editor, False),
        ("Kế hoạch Tuần lễ hưởng ứng học tập suốt đời 2026", contributor, True),
    ):
        page = NewsPageFactory.build(title=title, live=False, owner=owner)
        news.add_child(instance=page)
        page.save_revision(user=owner)
        if submit:  # Wagtail e-mails the editors: not during the demo load
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                page.get_workflow().start(page, owner)


def _demo_day_counts(centre: Centre) -> None:
    """Two weeks of daily views and reads of the centre's lessons and books, so the staff
    dashboard's "last 7 days" has figures (what `hub.counters` records as visitors come)."""
    import datetime

    from django.utils import timezone

    from hub.models import PageDayCount
    from lessons.models import LessonPage
    from library.models import LibraryItemPage

    today = timezone.localdate()
    rows = []
    for model, event in ((LessonPage, "views"), (LibraryItemPage, "reads")):
        for pk in model.objects.descendant_of(centre.site.root_page).values_list("pk", flat=True):
            for back in range(14):
                count = (pk * 7 + back * 3) % 11 + (4 if back < 7 else 1)
                rows.append(
                    PageDayCount(
                        page_id=pk,
                        day=today - datetime.timedelta(days=back),
                        event=event,
                        count=count,
                    )
                )
    PageDayCount.objects.bulk_create(rows, ignore_conflicts=True)


def demo_accounts() -> list[tuple[str, str, str]]:
    """(role, usernames, password) of every demo account, for load_demo_data's output and the
    README (tests/home/test_demo_content.py checks both list the same)."""
    from django.utils.translation import gettext as _

    from .demo_recognition import recognition_accounts

    editors = ", ".join(f"{slug.replace('-', '')}.bientap" for _name, slug, *_rest in CENTRES)
    return [
        (_("Quản trị toàn hệ thống (superuser)"), ADMIN_USERNAME, ADMIN_PASSWORD),
        (_("Ban chỉ đạo: mọi trung tâm, hội thi, cài đặt"), ORGANISER_USERNAME, ORGANISER_PASSWORD),
        (_("Biên tập viên, mỗi người một trung tâm"), editors, STAFF_PASSWORD),
        (
            _("Cộng tác viên TTHTCĐ phường Lam Hạ (viết, chờ duyệt)"),
            CONTRIBUTOR_USERNAME,
            CONTRIBUTOR_PASSWORD,
        ),
        (_("Giám khảo hội thi"), "giamkhao1, giamkhao2, giamkhao3", JUDGE_PASSWORD),
        *recognition_accounts(),
    ]


def _add_lesson_video(lesson, centre: Centre, colour: str) -> None:
    """Put a generated video at the top of the lesson (a new published revision)."""
    from .demo_media import add_video

    video = add_video(
        centre.collection,
        lesson.title,
        f"Bài giảng mẫu – {centre.title}",
        (colour, "#1b2a33"),
        f"{lesson.slug}",
    )
    lesson.body.insert(0, ("video", {"video": video, "caption": lesson.title}))
    lesson.save_revision().publish()


def publish_news_count(page) -> int:
    from .models import NewsPage

    return NewsPage.objects.child_of(news_index_of(page)).count()


JUDGE_PASSWORD = "giamkhao-demo"  # noqa: S105 (demo only)


def _demo_contests(hub: HubHomePage, video_centres: int | None) -> None:
    """Contests at every stage: one open for entries, one judged with engagement snapshots and
    prize tiers, a blind one in its final round, last year's with results and certificates
    (home/demo_contests.py)."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from contests.factories import add_contest, add_entry
    from contests.models import (
        ContestIndexPage,
        ContestPage,
        Criterion,
        EngagementSnapshot,
        JudgeScore,
        PrizeTier,
    )
    from contests.provisioning import ensure_judges_group

    index = ContestIndexPage.objects.child_of(hub).get()
    if ContestPage.objects.exists():
        return
    judges_group = ensure_judges_group()
    centres = list(Centre.objects.order_by("name"))
    judges = []
    for n, centre in enumerate([None, centres[0], centres[1]], start=1):
        user = get_user_model().objects.create_user(
            f"giamkhao{n}", f"giamkhao{n}@example.vn", JUDGE_PASSWORD, first_name=f"Giám khảo {n}"
        )
        user.groups.add(judges_group)
        judges.append((user, centre))
    now = timezone.now()
    add_contest(index, judges=judges, title="Tuyên truyền viên giỏi các TTHTCĐ 2026")
    judged = add_contest(
        index,
        judges=judges,
        title="Thiết kế video giới thiệu Tủ sách cộng đồng 2025",
        parts=[
            (
                "Video giới thiệu tủ sách",
                1,
                [("Nội dung", 10, 2), ("Hình ảnh, âm thanh", 10, 1), ("Sức lan toả", 10, 1)],
            )
        ],
        submissions_open=now - datetime.timedelta(days=60),
        submissions_close=now - datetime.timedelta(days=30),
        judging_start=now - datetime.timedelta(days=29),
        judging_end=now + datetime.timedelta(days=5),
        engagement_cutoff=now + datetime.timedelta(days=5),  # public voting ends with the judging
        engagement_weight=Decimal("0.3"),
    )
    criteria = list(Criterion.objects.filter(part__contest=judged))
    # its prizes: "Trao giải" proposes them from the ranking once the organiser locks the scores
    PrizeTier.objects.bulk_create(
        PrizeTier(contest=judged, name=name, count=count, sort_order=order)
        for order, (name, count) in enumerate(
            [("Giải Nhất", 1), ("Giải Nhì", 1), ("Giải Ba", 1), ("Giải Khuyến khích", 2)]
        )
    )
    with_video = {name for name, *_rest in CENTRES[:video_centres]}
    for i, centre in enumerate(centres):
        title = f"Tủ sách {centre.name[0].lower()}{centre.name[1:]} – mở cửa tri thức"
        video = None
        if video_centres is None or centre.name in with_video:
            from .demo_media import add_video

            video = add_video(
                centre.collection,
                title,
                f"Bài dự thi – {centre.title}",
                ("#7a5c00", "#0b3d2e"),
                vietnamese_slug(title)[:50],
            )
        # No YouTube or Facebook copies: a made-up link would lead a visitor to someone else's
        # video. The counts below stand for what this site recorded.
        entry = add_entry(judged, centre, title=title, video=video)
        for user, judge_centre in judges:
            if judge_centre and judge_centre.pk == centre.pk:
                continue
            scored = criteria
            if user.username == "giamkhao3" and i >= len(centres) - 3:
                # the third judge is not done yet: one entry half scored, the last two waiting
                scored = criteria[:1] if i == len(centres) - 3 else []
            for c in scored:
                JudgeScore.objects.create(
                    entry=entry,
                    judge=user,
                    criterion=c,
                    points=Decimal(5 + (i * 3 + c.pk + user.pk) % 6),
                )
        for day in range(6, 0, -1):
            for platform, base in (("site", 160),):
                views = base * (i + 1) * (7 - day)
                EngagementSnapshot.objects.create(
                    entry=entry,
                    platform=platform,
                    taken_at=now - datetime.timedelta(days=day),
                    views=views,
                    likes=views // 10,
                    shares=views // 40,
                    comments=views // 60,
                )
    from .demo_contests import load_demo_round_contests

    load_demo_round_contests(index, judges, centres)  # round 2 of a blind contest; last year's
