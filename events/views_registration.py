"""Registration, waiting list, cancellation and check-in (to be built)."""

from django.http import Http404

from hub.pagekit.routes import page_view


@page_view("events:register")
def register(request, event):
    raise Http404


@page_view("events:check_in")
def check_in(request, event):
    raise Http404
