"""Choosing centres in the admin when the network has thousands of them (issue #24).

A list of every centre (a `<select>`, a column of checkboxes, a site switcher) is fine for the
demo's eight centres and unusable for 3,300: the page weighs hundreds of kilobytes and nobody
scrolls it. Above `hub.centre_widgets.LONG_LIST` centres the admin's centre fields become Wagtail
choosers instead:

- `CentreChooserViewSet`: the chooser modal, 20 centres a page, found by name typed with or
  without diacritics ("phu van" finds "Xã Phù Vân") or by hostname; centre staff see only their
  own centres in it (and cannot choose another by its id).
- `CentreChooserWidget`: its widget, for one centre (a learner's home centre, an organisation's).
- `hub.centre_widgets.CentresWidget`: several centres (a news item sent to chosen centres).
- `centre_field_html`: the centre field of a GET filter form (the reports), a `<select>` in a
  small network, the chooser in a large one.
- `setting_for_centre`: the per-site settings' site switcher as a chooser
  (`hub/templates/wagtailsettings/edit.html`).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.forms.utils import flatatt
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .centre_widgets import is_long_list
from .federation import centres_matching, network
from .models import Centre


def visible_centres(user):
    """The centres a staff member may choose: every one for hub staff, their own otherwise."""
    confined = Centre.objects.confining(user)
    centres = Centre.objects.with_site()
    if confined is not None:
        centres = centres.filter(pk__in=[c.pk for c in confined])
    return centres


class CentreFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Tìm theo tên hoặc tên miền"),
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: phu van")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join(self.cleaned_data.get("q", "").split())[:100]
        if query:
            # folded in Python over the process's network copy: no query, as the directory
            found = centres_matching(network().centres_by_name, query)
            objects = objects.filter(pk__in=[c.pk for c in found])
            self.is_searching = True
            self.search_query = query
        return objects


class CentreChooseMixin:
    filter_form_class = CentreFilterForm
    ordering = "name"

    def get_object_list(self):
        return visible_centres(self.request.user)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("hostname", label=_("Tên miền"), accessor=lambda c: c.site.hostname),
            Column("status", label=_("tình trạng"), accessor="get_status_display"),
        ]


class CentreChooseView(CentreChooseMixin, chooser_views.ChooseView):
    pass


class CentreChooseResultsView(CentreChooseMixin, chooser_views.ChooseResultsView):
    pass


class CentreChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return visible_centres(self.request.user).get(pk=pk)


class CentreChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return visible_centres(self.request.user).filter(pk__in=[p for p in pks if p.isdigit()])


class CentreChooserViewSet(ChooserViewSet):
    """The centre chooser: searchable, paginated, confined to the staff member's centres."""

    model = Centre
    icon = "site"
    choose_one_text = _("Chọn trung tâm")
    choose_another_text = _("Chọn trung tâm khác")
    edit_item_text = _("Sửa")
    per_page = 20
    register_widget = False  # used where a field is chosen to be a chooser, not everywhere
    choose_view_class = CentreChooseView
    choose_results_view_class = CentreChooseResultsView
    chosen_view_class = CentreChosenView
    chosen_multiple_view_class = CentreChosenMultipleView


centre_chooser_viewset = CentreChooserViewSet("centre_chooser", url_prefix="trung-tam/chon")
CentreChooserWidget = centre_chooser_viewset.widget_class


def centre_field_html(request, name: str, chosen: str, empty_label: str) -> SafeString:
    """The centre field of a GET filter form (hub staff): a `<select>` of every centre in a small
    network, the centre chooser (with its script) in a large one. `chosen` is the centre's id
    as typed in the address ("" for none)."""
    if not is_long_list(request):
        return render_to_string(
            "hub/admin/centre_select.html",
            {
                "name": name,
                "chosen": chosen,
                "empty_label": empty_label,
                "centres": network(request).centres_by_name,
            },
        )
    widget = CentreChooserWidget()
    value = int(chosen) if chosen.isdigit() else None
    html = widget.render(name, value, attrs={"id": f"id_{name}"})
    scripts = mark_safe("".join(widget.media.render_js()))  # noqa: S308 (our static paths)
    return format_html(
        '<span class="centre-field"{}>{}{}</span>',
        flatatt({"data-empty-label": str(empty_label)}),
        scripts,
        html,
    )


def setting_for_centre(request, app_name: str, model_name: str):
    """The site switcher of a per-site setting in a large network: the chosen centre's settings
    (the settings' own view checks the permission)."""
    chosen = request.GET.get("trung-tam", "")
    if not chosen.isdigit():
        raise Http404
    centre = visible_centres(request.user).filter(pk=chosen).first()
    if centre is None:
        raise PermissionDenied
    return redirect("wagtailsettings:edit", app_name, model_name, quote(centre.site_id))
