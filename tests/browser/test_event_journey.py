"""A learner on a phone at the largest text size (issue #23): finds a talk in the centre's
calendar, registers, checks in by the QR code staff show at the door, and the attendance is in
their record (offered as evidence in the self-assessment), ticked on the staff's list and counted
in the committee's activity report. Each
page the learner sees passes axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import REMEMBER_LARGEST_TEXT
from tests.browser.test_learner_journey import no_blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

TITLE = "Nói chuyện chuyên đề: ngủ ngon tuổi 60"
PASSWORD = "su-kien-thu-2026"

SETUP = """
import datetime
from django.contrib.auth.models import User
from django.utils import timezone
from events.models import EventIndexPage, EventPage
from hub.models import Centre
from learners.models import Learner
centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
index = EventIndexPage.objects.child_of(centre.site.root_page).get()
now = timezone.now()
event = EventPage(title="TITLE", slug="noi-chuyen-ngu-ngon", kind="noi_chuyen",
    place="Hội trường tổ dân phố 1", starts_at=now - datetime.timedelta(minutes=10),
    ends_at=now + datetime.timedelta(hours=2), capacity=20)
index.add_child(instance=event)
event.save_revision().publish()
user = User.objects.create_user("hv-su-kien", password="PASSWORD")
Learner.objects.create(user=user, phone="+84913246803", name="Lê Văn Hoà", home_centre=centre,
    consent_at=now, phone_verified_at=now)
print("EVENT", event.pk, event.url_path[len(centre.site.root_page.url_path) - 1:])
""".replace("TITLE", TITLE).replace("PASSWORD", PASSWORD)

TOKEN = """
from django.utils import timezone
from events.checkin import make_token, meeting_day
from events.models import EventPage
event = EventPage.objects.get(pk=PK)
print("TOKEN", make_token(event, meeting_day(event)))
"""


def report_attendance(admin) -> int:
    """This month's attendance at Lam Hạ in the activity report's table."""
    row = admin.locator("[data-testid=activity-centres] tbody tr", has_text="phường Lam Hạ")
    return int(row.locator("td[data-metric=attendance]").inner_text())


def test_find_register_check_in_by_qr_and_see_it_in_the_record(demo_server, phone_390, browser):
    made = demo_server.manage("shell", "-c", SETUP).stdout
    pk, path = re.search(r"EVENT (\d+) (\S+)", made).groups()
    page = phone_390
    page.context.add_init_script(REMEMBER_LARGEST_TEXT)
    centre = f"http://lam-ha.localhost:{demo_server.port}"

    page.goto(centre + "/tai-khoan/dang-nhap/?next=/lich-hoat-dong/")
    page.fill("#id_login", "0913 246 803")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").tap()
    page.wait_for_url(centre + "/lich-hoat-dong/")
    no_blocking_violations(page, "events-calendar")
    page.locator("[data-testid=calendar-list]").get_by_role("link", name=TITLE).tap()
    page.wait_for_url(centre + path)
    no_blocking_violations(page, "events-event")
    page.locator("[data-testid=register-link]").tap()
    page.wait_for_url(centre + path + "dang-ky/")
    no_blocking_violations(page, "events-register")
    page.locator("[data-testid=registration-submit]").tap()
    page.wait_for_selector("[data-testid=registration-status]")
    assert "Đã đăng ký" in page.locator("[data-testid=registration-status]").inner_text()

    # staff at the door: the tick list has the learner; the QR screen shows the code
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = desk.new_page()
    sign_in(admin, demo_server, "lamha.bientap", "bientap-demo")
    admin.goto(f"{demo_server.url}/admin/su-kien/{pk}/diem-danh/")
    assert "Lê Văn Hoà" in admin.locator("[data-testid=tick-list]").inner_text()
    admin.locator("[data-testid=open-qr]").click()
    admin.wait_for_url(re.compile(r"/ma-qr/$"))
    admin.locator("[data-testid=check-in-qr] svg").wait_for()
    assert admin.locator("[data-testid=check-in-qr] svg").count() == 1

    # the committee's report before the check-in (statistics collected as the hourly task does)
    demo_server.manage("collect_statistics")
    admin.goto(f"{demo_server.url}/admin/bao-cao/hoat-dong/")
    attended_before = report_attendance(admin)

    # the learner scans the code shown at the door
    token = re.search(
        r"TOKEN (\S+)", demo_server.manage("shell", "-c", TOKEN.replace("PK", pk)).stdout
    ).group(1)
    page.goto(f"{centre}{path}diem-danh/?ma={token}")
    assert page.locator("[data-testid=check-in-done]").is_visible()
    no_blocking_violations(page, "events-check-in")
    page.goto(f"{centre}{path}diem-danh/?ma={token}")  # a second scan
    assert "Bạn đã điểm danh lúc" in page.locator("[data-testid=check-in-done]").inner_text()

    admin.goto(f"{demo_server.url}/admin/su-kien/{pk}/diem-danh/")
    row = admin.locator("[data-testid=tick-row]", has_text="Lê Văn Hoà")
    assert row.locator("input[type=checkbox]").is_checked()

    # the next collection: the check-in is in the committee's report
    demo_server.manage("collect_statistics")
    admin.goto(f"{demo_server.url}/admin/bao-cao/hoat-dong/")
    assert report_attendance(admin) == attended_before + 1
    desk.close()

    # the attendance is in the learner's record: offered as evidence in the self-assessment
    page.goto(centre + "/cong-dan-hoc-tap/don-vi/NB-LAMHA-TDP2/")
    page.locator("[data-testid=cycle-row]", has_text="Công dân học tập năm 2026").locator(
        "[data-testid=start]"
    ).tap()
    page.wait_for_url(re.compile(r"/cong-dan-hoc-tap/ho-so/\d+/$"))
    offered = page.locator("[data-testid=platform-form]").first.text_content()  # folded
    assert f"Tham dự “{TITLE}”" in offered
