"""Request wiring: the language rule and the request's Site from the network copy."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose another language (cookie), whatever the phone's locale.

    Many learners' phones are set to English; the sites are for Vietnamese readers first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NetworkSiteMiddleware:
    """Pins the content version for the request (one cache read; every content cache the request
    reads uses it) and finds the request's Wagtail Site in the process's copy of the network
    (hub.federation) instead of Wagtail's query per request; Site.find_for_request returns it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .caching.invalidation import pinned_content_version
        from .federation import current_request, site_for_request

        token = current_request.set(request)
        try:
            with pinned_content_version():
                moved = former_host_redirect(request)
                if moved is not None:
                    return moved
                request._wagtail_site = site_for_request(request)
                return self.get_response(request)
        finally:
            current_request.reset(token)


def former_host_redirect(request):
    """A permanent redirect to the same path on the site that took over a former hostname (a
    renamed or merged centre, a moved hub), or None."""
    from django.http import HttpResponsePermanentRedirect
    from django.http.request import split_domain_port

    from .federation import network

    host, _port = split_domain_port(request.get_host())
    site = network(request).former_hosts.get(host)
    if site is None:
        return None
    return HttpResponsePermanentRedirect(site.root_url + request.get_full_path())


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body is larger than anything the site accepts, before
    any of it is read (CSRF checks and form parsing would otherwise write it all to disk first):
    public pages take at most PUBLIC_MAX_REQUEST_BYTES (a learner's shared lesson), the admin
    ADMIN_MAX_REQUEST_BYTES (a video). Answers 413 with a page in the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        admin = request.path.startswith("/admin/")
        limit = settings.ADMIN_MAX_REQUEST_BYTES if admin else settings.PUBLIC_MAX_REQUEST_BYTES
        if declared > limit:
            return _too_large(request, limit)
        return self.get_response(request)


def _too_large(request, limit: int):
    from django.http import HttpResponse
    from django.template import loader
    from django.utils.translation import gettext as _

    message = _(
        "Tệp gửi lên quá lớn (tối đa %(mb)s MB); chưa có gì được lưu. Hãy chọn tệp nhỏ hơn."
    ) % {"mb": limit // 1_000_000}
    html = loader.get_template("error.html").render({"title": _("Tệp quá lớn"), "message": message})
    response = HttpResponse(html, status=413)
    response["Connection"] = "close"  # do not wait for the rest of the body
    return response


ADMIN_PAGE_URL = re.compile(r"^/admin/(?:api/main/)?pages/(\d+)/")


class CentreStaffPageMiddleware:
    """Every admin URL about one page (edit, preview, view draft, revisions, compare, history,
    workflow history, the admin API...) is refused to centre staff unless the page is one they
    may see in the explorer (their centre's subtree and what apps share with them, e.g. their own
    centre's contest entries). Wagtail's permissions work on subtrees: centre staff may add
    entries under the shared contest index, so without this they could read other centres'
    drafts there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = ADMIN_PAGE_URL.match(request.path)
        if match and request.user.is_authenticated:
            from wagtail.admin.auth import permission_denied
            from wagtail.models import Page

            from .federation import staff_centres
            from .wagtail_hooks import pages_visible_to

            centres = staff_centres(request.user)
            if centres is not None and not (
                Page.objects.filter(pk=int(match.group(1)))
                .filter(pages_visible_to(centres))
                .exists()
            ):
                return permission_denied(request)  # as Wagtail refuses: /admin/ + a message
        return self.get_response(request)


class BrowserIdMiddleware:
    """Sets the cookie of a browser id minted during the request (hub.counters.browser_id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .counters import remember_browser

        response = self.get_response(request)
        remember_browser(request, response)
        return response


class ContentSecurityPolicyMiddleware:
    """django-csp's middleware with one policy for the public sites (CONTENT_SECURITY_POLICY) and
    a looser one for the admin (ADMIN_CONTENT_SECURITY_POLICY), plus the Permissions-Policy
    header (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        from csp.middleware import CSPMiddleware

        self.get_response = get_response
        self.csp = CSPMiddleware(get_response)

    def __call__(self, request):
        self.csp.process_request(request)
        response = self.get_response(request)
        if request.path_info.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        response = self.csp.process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
