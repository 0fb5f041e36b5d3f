"""The error pages (hub/views.py): 400, 403, 404 and a refused form in the site's frame, in
Vietnamese, with a search form and the way home; 500/503 and any frame that fails to render on
the bare page, without the database."""

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.test import Client

from home.models import CentreHomePage, HubHomePage
from hub.context_processors import Federation
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
HUB_NAME = "Phủ Lý – Thành phố học tập"
SEARCH = "/tim-kiem/"


def framed(response, status: int, heading: str, site_name: str):
    """The page's document, after checking what every framed error page has."""
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("string(//main//h1)") == heading
    assert doc.xpath("string(//a[@class='site-header__brand']//strong)").strip() == site_name
    assert doc.xpath("//footer[@class='site-footer']")  # the network's footer
    assert doc.xpath("//form[@data-testid='error-search']/@action") == [SEARCH]
    assert doc.xpath("//form[@data-testid='error-search']/@method") == ["get"]
    assert doc.xpath("//form[@data-testid='error-search']//input[@type='search']/@name") == ["q"]
    assert doc.xpath("//a[@data-testid='error-home']/@href") == ["/"]
    assert doc.xpath("string(//a[@data-testid='error-home'])") == "Về trang chủ"
    return doc


def hub_link(doc) -> list[str]:
    return doc.xpath("//a[@data-testid='error-hub']/@href")


@pytest.fixture
def hub_url(hub_site):
    return hub_site.root_url + "/"


def test_unknown_path_on_a_centre_gives_its_framed_404(client, centre_a, hub_url):
    response = client.get("/khong-co-trang-nay/", **host_of(centre_a))
    doc = framed(response, 404, "Không tìm thấy trang", centre_a.title)
    assert "Có thể địa chỉ bị gõ sai" in doc.text_content()
    assert hub_link(doc) == [hub_url]
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert centre_a.title in doc.xpath("string(//title)")


def test_unknown_path_on_the_hub_gives_the_hubs_framed_404(client, hub_home):
    response = client.get("/khong-co-trang-nay/")
    doc = framed(response, 404, "Không tìm thấy trang", HUB_NAME)
    assert hub_link(doc) == []  # the home link already is the hub


def test_unknown_admin_path_keeps_wagtails_own_404(admin_client):
    response = admin_client.get("/admin/khong-co-trang-nay/")
    assert response.status_code == 404
    used = [template.name for template in response.templates]
    assert "wagtailadmin/404.html" in used and "errors/page.html" not in used


def test_permission_denied_on_a_centre_gives_its_framed_403(client, monkeypatch, centre_a, hub_url):
    # no public view refuses with PermissionDenied today; a page that would is stood in for
    def refuse(*args, **kwargs):
        raise PermissionDenied("not for you")

    monkeypatch.setattr(CentreHomePage, "serve", refuse)
    response = client.get("/", **host_of(centre_a))
    doc = framed(response, 403, "Bạn không có quyền xem trang này", centre_a.title)
    assert "not for you" not in doc.text_content()
    assert hub_link(doc) == [hub_url]


def test_unknown_host_gives_the_hubs_framed_400(client, hub_home):
    response = client.get("/", HTTP_HOST="trang-la.example.com")  # not in ALLOWED_HOSTS
    doc = framed(response, 400, "Yêu cầu không hợp lệ", HUB_NAME)
    assert "đường dẫn bị hỏng" in doc.text_content()


def test_suspicious_request_on_a_centre_gives_its_framed_400(
    client, monkeypatch, centre_a, hub_url
):
    def suspicious(*args, **kwargs):
        raise SuspiciousOperation("tampered")

    monkeypatch.setattr(CentreHomePage, "serve", suspicious)
    doc = framed(client.get("/", **host_of(centre_a)), 400, "Yêu cầu không hợp lệ", centre_a.title)
    assert hub_link(doc) == [hub_url]


def test_expired_share_form_gives_the_framed_csrf_page(centre_a, hub_url):
    share = f"http://{centre_a.site.hostname}/bai-giang/chia-se/"
    response = Client(enforce_csrf_checks=True).post(
        "/bai-giang/chia-se/",
        {"name": "Bà Hoa", "title": "Cách làm tương bần"},
        HTTP_REFERER=share,
        **host_of(centre_a),
    )
    doc = framed(response, 403, "Biểu mẫu đã hết hạn", centre_a.title)
    text = doc.text_content()
    assert "những gì bạn đã nhập không được giữ lại ở đây" in text
    assert "Hãy quay lại trang trước, tải lại trang rồi nhập và gửi lại." in text
    assert "hãy bật cookie cho trang này" in text  # this browser sent no CSRF cookie at all
    assert doc.xpath("//a[@data-testid='error-back']/@href") == [share]
    assert hub_link(doc) == [hub_url]


def test_csrf_page_links_back_only_to_its_own_site(centre_a, centre_b):
    response = Client(enforce_csrf_checks=True).post(
        "/bai-giang/chia-se/",
        {"title": "Cách làm tương bần"},
        HTTP_REFERER=f"http://{centre_b.site.hostname}/bai-giang/chia-se/",
        **host_of(centre_a),
    )
    doc = framed(response, 403, "Biểu mẫu đã hết hạn", centre_a.title)
    assert doc.xpath("//a[@data-testid='error-back']") == []


def test_unexpected_error_with_the_database_unreachable_gives_the_bare_500(
    client, monkeypatch, hub_home
):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    def broken(*args, **kwargs):
        monkeypatch.setattr(connection, "ensure_connection", unreachable)  # from here on
        raise ValueError("bug")

    monkeypatch.setattr(HubHomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    monkeypatch.undo()
    assert response.status_code == 500
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("string(//h1)") == "Đã có lỗi xảy ra"
    assert doc.xpath("//form[@role='search']/@action") == [SEARCH]
    assert doc.xpath("//a[.='Về trang chủ']/@href") == ["/"]
    assert doc.xpath("//link[@rel='stylesheet']") == []  # not the site frame


def test_database_down_gives_the_bare_503_without_search(client, monkeypatch, hub_home):
    def down(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(HubHomePage, "serve", down)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("string(//h1)") == "Hệ thống đang bảo trì trong giây lát"
    assert "Máy chủ dữ liệu đang khởi động lại" in response.content.decode()
    assert doc.xpath("//form") == []  # the search needs the database
    assert doc.xpath("//a[.='Về trang chủ']/@href") == ["/"]


def test_a_frame_that_cannot_render_falls_back_to_the_bare_page(client, monkeypatch, centre_a):
    def down(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(Federation, "centre", property(down))
    response = client.get("/khong-co-trang-nay/", **host_of(centre_a))
    assert response.status_code == 404
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("string(//h1)") == "Không tìm thấy trang"
    assert "Có thể địa chỉ bị gõ sai" in doc.text_content()
    assert doc.xpath("//form") == []  # the search needs the database
    assert doc.xpath("//a[.='Về trang chủ']/@href") == ["/"]
    assert doc.xpath("//link[@rel='stylesheet']") == []


def test_a_frame_that_fails_for_another_reason_keeps_the_search(monkeypatch, centre_a):
    def bug(self):
        raise ValueError("bug in the frame")

    monkeypatch.setattr(Federation, "centre", property(bug))
    response = Client(enforce_csrf_checks=True).post("/bai-giang/chia-se/", **host_of(centre_a))
    assert response.status_code == 403
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("string(//h1)") == "Biểu mẫu đã hết hạn"
    assert "những gì bạn đã nhập không được giữ lại ở đây" in doc.text_content()
    assert doc.xpath("//form[@role='search']/@action") == [SEARCH]
