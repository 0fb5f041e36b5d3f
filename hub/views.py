from django.http import HttpResponse
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
          "<body style='font:18px system-ui;padding:1rem'><h1>Không có kết nối mạng</h1>" +
          "<p>Trang này chưa được lưu trên máy. Những bài giảng bạn đã bấm “Lưu để xem khi không có mạng” vẫn mở được.</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }))
    )
  );
});
"""


@require_GET
def service_worker(request):
    """The offline service worker, served from the site root so its scope is the whole site."""
    response = HttpResponse(SERVICE_WORKER, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
