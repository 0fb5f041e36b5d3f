"""Centre staff choose which of the hub's news sent to their centre shows on its site
("Tin từ Ban chỉ đạo"): every item sent to them, shown or hidden, one button to switch."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from hub.models import Centre

from .models import HiddenSyndication, NewsPage

LIMIT = 50


def _centres(user) -> list[Centre]:
    centres = Centre.objects.confining(user)
    if not centres:  # hub staff (None) send; nobody else has a centre
        raise PermissionDenied
    return centres


def sent_to(centre: Centre):
    hub = Site.objects.get(is_default_site=True).root_page
    return (
        NewsPage.objects.live()
        .filter(path__startswith=hub.path)
        .filter(Q(to_all_centres=True) | Q(to_centres=centre))
        .annotate(
            hidden=Exists(HiddenSyndication.objects.filter(page=OuterRef("pk"), centre=centre))
        )
        .distinct()
        .order_by("-date", "-pk")
    )


def syndicated_news(request):
    rows = [(centre, list(sent_to(centre)[:LIMIT])) for centre in _centres(request.user)]
    return TemplateResponse(request, "home/admin/syndication.html", {"rows": rows})


@require_POST
def toggle(request, centre_id: int, page_id: int):
    centre = next((c for c in _centres(request.user) if c.pk == centre_id), None)
    if centre is None:
        raise PermissionDenied
    page = get_object_or_404(sent_to(centre), pk=page_id)
    if page.hidden:
        HiddenSyndication.objects.filter(centre=centre, page=page).delete()
        messages.success(
            request, _("Đã hiện lại “%(title)s” trên trang của trung tâm.") % {"title": page.title}
        )
    else:
        HiddenSyndication.objects.get_or_create(
            centre=centre, page=page, defaults={"hidden_by_user": request.user}
        )
        messages.success(
            request, _("Đã ẩn “%(title)s” khỏi trang của trung tâm.") % {"title": page.title}
        )
    from hub.caching.invalidation import content_changed

    content_changed()  # the centre's cached home and news pages
    return redirect(reverse("syndicated_news"))


urlpatterns = [
    path("tin-lien-thong/", syndicated_news, name="syndicated_news"),
    path(
        "tin-lien-thong/<int:centre_id>/<int:page_id>/",
        toggle,
        name="syndicated_news_toggle",
    ),
]
