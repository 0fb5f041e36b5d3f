"""The root URLconf: admin, documents, language choice, sitemap/robots, OAI-PMH, the offline
service worker, the web app manifest and favicon, search, then Wagtail's page routing (every Site
shares these URLs)."""

from allauth.account import views as account_views
from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from library.views import oai_pmh
from search.views import autocomplete_view, search_view

from .views import choose_language, favicon, robots_txt, service_worker, web_manifest

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/", choose_language, name="hub_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("oai/", oai_pmh, name="oai_pmh"),
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("favicon.ico", favicon, name="favicon"),
    path("tim-kiem/", search_view, name="search"),
    path("tim-kiem/goi-y/", autocomplete_view, name="search_autocomplete"),
    # Learner accounts (django-allauth): allauth's own URLconf, then the addresses learners see in
    # Vietnamese under the same names (`reverse` gives the last pattern of a name: these);
    # allauth's English paths answer too.
    path("tai-khoan/", include("allauth.account.urls")),
    path("tai-khoan/dang-nhap/", account_views.login, name="account_login"),
    path("tai-khoan/dang-ky/", account_views.signup, name="account_signup"),
    path("tai-khoan/dang-xuat/", account_views.logout, name="account_logout"),
    path(
        "tai-khoan/xac-nhan-so/",
        account_views.verify_phone,
        name="account_verify_phone",
    ),
    path(
        "tai-khoan/quen-mat-khau/",
        account_views.request_login_code,
        name="account_request_login_code",
    ),
    path(
        "tai-khoan/nhap-ma/",
        account_views.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("tai-khoan/", include("learners.urls")),
    path("cong-dan-hoc-tap/", include("recognition.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA_FROM_DJANGO", False):
    # Local uploads with DEBUG off, for the screenshots and the DEBUG-off browser tests only; a
    # real install serves media from S3 or the web server (README, "A real install").
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
handler400 = "hub.views.bad_request"
handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"
