"""Request wiring: the language rule and the request's Site from the network copy."""

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
                request._wagtail_site = site_for_request(request)
                return self.get_response(request)
        finally:
            current_request.reset(token)
