"""Sub-page views of routable pages: the page model declares the URL, the app's views module
supplies the view.

A Wagtail RoutablePageMixin route is a method on the page model. So that models never import
views (views depend on models, never the other way), a route method hands the request to a view
registered under a name:

    # lessons/models.py
    @path("chia-se/", name="share")
    def share(self, request):
        return serve_page_view("lessons:share", request, self)

    # lessons/views.py
    @page_view("lessons:share")
    def share_lesson(request, index): ...

A views module registers its views when it is imported: each app's AppConfig.ready() imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

_views: dict[str, Callable[..., HttpResponse]] = {}


def page_view(name: str):
    """Register the decorated function as the view `name`: it is called as
    `view(request, page, *args, **kwargs)`."""

    def register(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        if _views.get(name, view) is not view:
            raise ImproperlyConfigured(f"two views are registered as {name!r}")
        _views[name] = view
        return view

    return register


def serve_page_view(name: str, request: HttpRequest, page, *args, **kwargs) -> HttpResponse:
    """Answer a route of `page` with the view registered as `name`."""
    try:
        view = _views[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"no view is registered as {name!r}: does the app's ready() import its views?"
        ) from None
    return view(request, page, *args, **kwargs)
