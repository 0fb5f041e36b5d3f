"""Site-wide views that belong to no content app: robots.txt, the offline service worker, the
500/503 page (rendered without the database) and the language choice."""

import json

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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


@require_GET
def service_worker(request):
    """The offline service worker, served from the site root so its scope is the whole site."""
    offline_page = format_html(
        "<h1>{}</h1><p>{}</p>",
        _("Không có kết nối mạng"),
        _(
            "Trang này chưa được lưu trên máy. Những bài giảng bạn đã bấm “Lưu để xem khi không "
            "có mạng” vẫn mở được."
        ),
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
    come back instead of seeing a broken page."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
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
    html = loader.get_template("error.html").render({"title": title, "message": message})
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


@require_GET
def choose_language(request):
    """Set the language cookie and go back. A GET link, so pages carry no CSRF token and stay
    cacheable; the only effect is a display preference."""
    from django.conf import settings
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

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
