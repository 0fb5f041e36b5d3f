"""A citizen on a phone at the largest text size (issue #22): opens their residential group's QR
address, signs up (the centre pre-filled), self-assesses with a photo and a link as evidence,
submits; the group's reviewer returns it with a comment on one criterion; the citizen fixes and
resubmits; the unit accepts, the branch approves and issues a decision; the citizen downloads
the certificate and its QR address checks it. Each page the citizen sees passes axe."""

from __future__ import annotations

import io
import re

import psycopg
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import REMEMBER_LARGEST_TEXT
from tests.browser.test_learner_journey import no_blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

PHONE = "0913 246 802"
NAME = "Phạm Văn Tâm"
PASSWORD = "cong-dan-hoc-tap-2026"
STAFF_PASSWORD = "bt-mat-khau-2026"

SETUP = """
from django.contrib.auth.models import Permission, User
from hub.models import Centre
from recognition.criteria import SAMPLE_CITIZEN, create_set
from recognition.factories import add_child, add_cycle, add_root, add_staff
from recognition.models import Organisation
PASSWORD = "STAFF_PASSWORD"
centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
branch = Organisation.objects.filter(centre=centre).first()
if branch is None:
    root = add_root("Hội Khuyến học (thử trình duyệt)", "BT-ROOT")
    branch = add_child(root, "Chi hội thử", "BT-CHI", "chi_hoi", centre=centre)
unit = add_child(branch, "Tổ dân phố thử trình duyệt", "BT-TDP", "to_dan_pho", is_unit=True)
criteria_set = create_set({**SAMPLE_CITIZEN, "version": "BT-1"})
cycle = add_cycle(branch, criteria_set, title="CDHT thử trên điện thoại")
for name, approve in (("bt.duyet", False), ("bt.pheduyet", True)):
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    add_staff(branch, user, can_approve=approve)
print("CYCLE", cycle.pk, "BRANCH", branch.pk)
""".replace("STAFF_PASSWORD", STAFF_PASSWORD)


def photo(path):
    Image.new("RGB", (1200, 900), (30, 120, 200)).save(path, "JPEG")
    return path


def test_register_by_unit_qr_self_assess_returned_resubmit_approved_verified(
    demo_server, phone_390, browser, tmp_path
):
    made = demo_server.manage("shell", "-c", SETUP).stdout
    cycle_id, branch_id = re.search(r"CYCLE (\d+) BRANCH (\d+)", made).groups()
    page = phone_390
    page.context.add_init_script(REMEMBER_LARGEST_TEXT)
    centre = f"http://lam-ha.localhost:{demo_server.port}"

    # the QR code's address: the unit's page on its centre's site
    page.goto(centre + "/cong-dan-hoc-tap/don-vi/BT-TDP/")
    assert page.locator("[data-testid=unit-name]").inner_text() == "Tổ dân phố thử trình duyệt"
    no_blocking_violations(page, "recognition-unit")
    page.locator("[data-testid=signup-link]").tap()
    page.wait_for_url(re.compile(r"/tai-khoan/dang-ky/"))
    assert page.locator("#id_home_centre option:checked").inner_text() == "TTHTCĐ phường Lam Hạ"
    page.fill("#id_name", NAME)
    page.fill("#id_phone", PHONE)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("#id_consent").tap()
    log_size = len((demo_server.workdir / "server.log").read_text())
    page.locator("[data-testid=signup-submit]").tap()
    page.wait_for_url(re.compile(r"/tai-khoan/xac-nhan-so/"))
    page.fill("#id_code", code_from_log_for(demo_server, log_size))
    page.locator("[data-testid=verify-submit]").tap()
    page.wait_for_url(centre + "/cong-dan-hoc-tap/don-vi/BT-TDP/")  # back at the unit

    row = page.locator("[data-testid=cycle-row]", has_text="CDHT thử trên điện thoại")
    row.locator("[data-testid=start]").tap()
    page.wait_for_url(re.compile(r"/cong-dan-hoc-tap/ho-so/\d+/$"))
    declaration_url = page.url
    no_blocking_violations(page, "recognition-declaration")

    # answer every criterion: "Đạt" for checks, a number of points for 1.3 (autosaved)
    cards = page.locator("[data-testid=criterion]")
    assert cards.count() == 8
    for index in range(8):
        card = cards.nth(index)
        labels = card.locator("label.choice")
        labels.nth(labels.count() - 1).tap()
    page.wait_for_function(
        "() => document.querySelector('[data-answered]').textContent.includes('8/8')"
    )
    assert "100/100" in page.locator("[data-score]").inner_text()

    # evidence: a photo for 1.2 (from the phone's files), a link for 2.1
    card = cards.filter(has_text="1.2.")
    card.locator("summary", has_text="Thêm minh chứng").tap()
    card.locator("input[type=file]").set_input_files(str(photo(tmp_path / "lop-hoc.jpg")))
    card.locator("button", has_text="Gửi ảnh / tệp").tap()
    page.wait_for_selector("text=Đã thêm minh chứng.")
    card = page.locator("[data-testid=criterion]").filter(has_text="2.1.")
    card.locator("summary", has_text="Thêm minh chứng").tap()
    card.locator("input[type=url]").fill("https://zalo.me/anh-xac-nhan")
    card.locator("button", has_text="Thêm liên kết").tap()
    page.wait_for_selector("text=Đã thêm minh chứng.")
    assert page.locator("[data-testid=evidence-list]").count() == 2

    page.locator("[data-testid=check]").tap()
    page.wait_for_url(re.compile(r"/nop/$"))
    assert "100/100" in page.locator("[data-testid=total]").inner_text()
    no_blocking_violations(page, "recognition-submit")
    page.locator("[data-testid=submit]").tap()
    page.wait_for_url(declaration_url)
    assert page.locator("[data-testid=status]").inner_text() == "Đã nộp, chờ duyệt"

    # the reviewer returns it with a comment on 2.1
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = desk.new_page()
    sign_in(admin, demo_server, "bt.duyet", STAFF_PASSWORD)
    admin.goto(f"{demo_server.url}/admin/xa-hoi-hoc-tap/ho-so/?dot={cycle_id}")
    admin.get_by_role("link", name=NAME).click()
    row = admin.locator("tr", has_text="2.1.")
    row.locator("textarea").fill("Ảnh xác nhận chưa có dấu; hãy gửi ảnh giấy có dấu của tổ.")
    admin.locator("[data-testid=return]").click()
    admin.wait_for_url(re.compile(r"/admin/xa-hoi-hoc-tap/ho-so/\?dot="))

    # the citizen sees what to fix, adds evidence and resubmits
    page.goto(declaration_url)
    assert "Ảnh xác nhận chưa có dấu" in page.locator("[data-testid=returned]").inner_text()
    no_blocking_violations(page, "recognition-returned")
    card = page.locator("[data-testid=criterion]").filter(has_text="2.1.")
    card.locator("summary", has_text="Thêm minh chứng").tap()
    card.locator("input[type=file]").set_input_files(str(photo(tmp_path / "giay-co-dau.jpg")))
    card.locator("button", has_text="Gửi ảnh / tệp").tap()
    page.wait_for_selector("text=Đã thêm minh chứng.")
    page.locator("[data-testid=check]").tap()
    page.wait_for_url(re.compile(r"/nop/$"))
    page.locator("[data-testid=submit]").tap()
    page.wait_for_url(declaration_url)
    assert page.locator("[data-testid=status]").inner_text() == "Đã nộp, chờ duyệt"

    # the unit accepts, the branch approves and decides
    admin.goto(f"{demo_server.url}/admin/xa-hoi-hoc-tap/ho-so/?dot={cycle_id}")
    admin.get_by_role("link", name=NAME).click()
    admin.locator("[data-testid=accept]").click()
    admin.wait_for_url(re.compile(r"\?dot="))
    desk.clear_cookies()
    sign_in(admin, demo_server, "bt.pheduyet", STAFF_PASSWORD)
    admin.goto(f"{demo_server.url}/admin/xa-hoi-hoc-tap/ho-so/?dot={cycle_id}")
    admin.get_by_role("link", name=NAME).click()
    admin.locator("[data-testid=approve]").click()
    admin.wait_for_url(re.compile(r"\?dot="))
    admin.goto(f"{demo_server.url}/admin/xa-hoi-hoc-tap/quyet-dinh/moi/")
    admin.select_option("#id_organisation", value=branch_id)
    admin.select_option("#id_cycle", value=cycle_id)
    admin.locator("button[name=show]").click()
    admin.fill("#id_number", "27/QĐ-KH")
    admin.fill("#id_signer", "Nguyễn Văn An")
    admin.locator("[data-testid=issue]").click()
    admin.wait_for_url(re.compile(r"/quyet-dinh/\d+/$"))
    assert NAME in admin.locator("[data-testid=recognised]").inner_text()
    desk.close()

    # the citizen's certificate, and its public check
    page.goto(declaration_url)
    assert page.locator("[data-testid=status]").inner_text() == "Đã công nhận"
    with page.expect_download() as downloading:
        page.locator("[data-testid=certificate]").tap()
    text = PdfReader(io.BytesIO(downloading.value.path().read_bytes())).pages[0].extract_text()
    assert NAME in text and "27/QĐ-KH" in text
    with psycopg.connect(demo_server.env["DATABASE_URL"]) as conn:
        token, serial = conn.execute(
            "SELECT c.token, c.serial FROM recognition_recognitioncertificate c "
            "JOIN recognition_declaration d ON d.id = c.declaration_id WHERE d.cycle_id = %s",
            [int(cycle_id)],
        ).fetchone()
    assert serial in text
    page.goto(centre + "/cong-dan-hoc-tap/")
    assert "Đã công nhận" in page.locator("[data-testid=my-declarations]").inner_text()
    no_blocking_violations(page, "recognition-index")
    page.context.clear_cookies()
    page.goto(f"{demo_server.url}/cong-dan-hoc-tap/kiem-tra/{token}/")
    body = page.locator("main").inner_text()
    assert NAME in body and serial in body and "0913" not in body
    no_blocking_violations(page, "recognition-verify")


def code_from_log_for(server, after: int) -> str:
    """The code texted to 0913 *** 802 (the log sender writes it in the server's output)."""
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = (server.workdir / "server.log").read_text()[after:]
        found = re.findall(r"SMS to 0913 \*\*\* 802: .*? la (\d{6})", text)
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError("no code in the server's log")
