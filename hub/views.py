"""Site-wide views that belong to no content app: robots.txt, the offline service worker, the web
app manifest and /favicon.ico, the error pages (400, 403, 404 and a refused form in the site's
frame; 500/503 without the database) and the language choice."""

import json
import logging
import sys

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .federation import network
from .models import SiteBranding

logger = logging.getLogger(__name__)
DATABASE_DOWN = (OperationalError, InterfaceError)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Per-site robots.txt pointing at that site's own sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, asked for by browsers and feed readers whatever the page links: the static
    icon (a temporary redirect: the static address changes with the file in production)."""
    return HttpResponseRedirect(static("hub/icons/favicon.ico"))


# the icons every site shares (hub/static/hub/icons/); each site's name and colour differ
MANIFEST_ICONS = [
    ("hub/icons/icon-192.png", "192x192"),
    ("hub/icons/icon-512.png", "512x512"),
]


@require_GET
@cache_control(max_age=3600, public=True)
def web_manifest(request):
    """The web app manifest of the site serving the request (linked from base.html): a phone that
    installs a centre's site names it after the centre and colours it with its branding; the hub
    takes its name from the network settings. Read from the network copy, no query."""
    current = network(request)
    site = Site.find_for_request(request)
    centre = current.centre_by_site_id.get(site.pk) if site else None
    branding = current.branding(site) if site else SiteBranding()
    name = centre.title if centre else current.settings.hub_name
    manifest = {
        "name": name,
        "short_name": centre.name if centre else name,
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": branding.primary_colour,
        "background_color": "#ffffff",
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png"}
            for path, sizes in MANIFEST_ICONS
        ],
    }
    if branding.tagline:
        manifest["description"] = branding.tagline
    return JsonResponse(
        manifest,
        content_type="application/manifest+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


SERVICE_WORKER = """// HọcTập Hub service worker: pages the reader saved open without a connection.
const CACHE = "hoctap-offline-v1";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(() =>
      caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: request.mode === "navigate" }))
        .then((hit) => hit || new Response(
          "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
          "<body style='font:18px system-ui;padding:1rem'>" + OFFLINE_PAGE,
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }))
    )
  );
});
"""


# every site's lesson repository is at /bai-giang/ (home.provisioning), its saved list below it
SAVED_LESSONS_PATH = "/bai-giang/da-luu/"


@require_GET
def service_worker(request):
    """The offline service worker, served from the site root so its scope is the whole site."""
    offline_page = format_html(
        '<h1>{}</h1><p>{}</p><p><a href="{}">{}</a></p>',
        _("Không có kết nối mạng"),
        _(
            "Trang này chưa được lưu trên máy. Những bài giảng bạn đã bấm “Lưu để xem khi không "
            "có mạng” vẫn mở được."
        ),
        SAVED_LESSONS_PATH,
        _("Xem các bài đã lưu"),
    )
    script = SERVICE_WORKER.replace(
        "OFFLINE_PAGE", json.dumps(str(offline_page), ensure_ascii=False), 1
    )
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def server_error(request):
    """handler500, rendered without the database or the site frame (either may be what failed).
    A database that is down or restarting answers 503 with Retry-After, so visitors and crawlers
    come back instead of seeing a broken page; only the 500 offers the search (it needs the
    database)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        status, title, message = (
            503,
            _("Hệ thống đang bảo trì trong giây lát"),
            _(
                "Máy chủ dữ liệu đang khởi động lại. Nội dung của bạn không bị mất; "
                "hãy thử lại sau khoảng nửa phút."
            ),
        )
    else:
        status, title, message = (
            500,
            _("Đã có lỗi xảy ra"),
            _(
                "Trang này gặp lỗi ngoài ý muốn và đội kỹ thuật đã được báo. "
                "Hãy thử lại sau ít phút."
            ),
        )
    context = {"title": title, "message": message}
    if status == 500:
        context["search_url"] = reverse("search")
    html = loader.get_template("error.html").render(context)
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def page_not_found(request, exception=None):
    """handler404: Wagtail raises Http404 for a path no page answers, on the hub and on every
    centre. The admin keeps its own 404 page (wagtail.admin.urls catches Http404 under /admin/)."""
    return error_page(
        request,
        404,
        _("Không tìm thấy trang"),
        [
            _(
                "Trang bạn tìm không có ở đây. Có thể địa chỉ bị gõ sai, hoặc trang đã được "
                "chuyển đi hay gỡ xuống."
            ),
            _("Hãy thử tìm nội dung bạn cần, hoặc về trang chủ."),
        ],
    )


def permission_denied(request, exception=None):
    """handler403 (a view raised PermissionDenied; a refused form has csrf_failure)."""
    return error_page(
        request,
        403,
        _("Bạn không có quyền xem trang này"),
        [
            _(
                "Trang này chỉ dành cho những người đã được cấp quyền. Nếu bạn cần xem, hãy "
                "liên hệ trung tâm học tập của bạn."
            )
        ],
    )


def bad_request(request, exception=None):
    """handler400: a request Django refuses as malformed or suspicious (e.g. an unknown Host)."""
    return error_page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        [
            _(
                "Máy chủ không hiểu yêu cầu vừa gửi, có thể vì đường dẫn bị hỏng hoặc bị cắt mất "
                "một phần. Hãy mở lại trang từ trang chủ hoặc tìm nội dung bạn cần."
            )
        ],
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token, nearly always one left open too long
    or a browser that dropped the site's cookies. What the visitor typed is not kept here (the
    request is refused before anything reads it), so the page says so and how to send it again;
    the button opens the form afresh when the browser told us where it was (same site only)."""
    paragraphs = [
        _(
            "Để giữ an toàn, mỗi biểu mẫu chỉ gửi được trong một thời gian. Biểu mẫu bạn vừa gửi "
            "đã mở quá lâu, hoặc trình duyệt đã xoá cookie của trang, nên hệ thống chưa nhận "
            "được nội dung."
        ),
        _(
            "Rất tiếc, những gì bạn đã nhập không được giữ lại ở đây. Hãy quay lại trang trước, "
            "tải lại trang rồi nhập và gửi lại."
        ),
        _(
            "Mẹo: nếu bấm nút quay lại của trình duyệt mà chữ bạn đã nhập vẫn còn, hãy sao chép "
            "chúng trước khi tải lại trang."
        ),
    ]
    if reason == REASON_NO_CSRF_COOKIE:
        paragraphs.append(_("Nếu lỗi này lặp lại, hãy bật cookie cho trang này trong trình duyệt."))
    return error_page(
        request, 403, _("Biểu mẫu đã hết hạn"), paragraphs, back_url=_referer_on_this_site(request)
    )


def _referer_on_this_site(request) -> str:
    """The page the visitor came from, if it is on this site; "" otherwise."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        return referer
    return ""


def error_page(request, status: int, title: str, paragraphs: list[str], back_url: str = ""):
    """An error page in the request's site frame (header, menu and footer of its centre or of the
    hub) with a search form and the way home. If the frame cannot be drawn (the database is down,
    or anything else fails while rendering), the bare error.html instead: an error page never
    errors."""
    context = {
        "status": status,
        "title": title,
        "paragraphs": paragraphs,
        "back_url": back_url,
        "search_url": reverse("search"),
    }
    try:
        html = loader.render_to_string("errors/page.html", context, request)
    except Exception as error:  # whatever broke the frame (logged), show the bare page
        logger.warning("the %s page fell back to the bare page", status, exc_info=True)
        if isinstance(error, DATABASE_DOWN):
            context["search_url"] = ""  # the search needs the database
        html = loader.get_template("error.html").render(context)
    return HttpResponse(html, status=status)


@require_GET
def choose_language(request):
    """Set the language cookie and go back. A GET link, so pages carry no CSRF token and stay
    cacheable; the only effect is a display preference."""
    from django.conf import settings
    from django.shortcuts import redirect

    code = request.GET.get("lang", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
