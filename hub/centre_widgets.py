"""The admin's field for several centres (`CentresWidget`) and what decides that a network is too
large to list its centres in one field. Apart from hub/choosers.py (the chooser's views) so page
models can use the widget without importing admin views; see hub/choosers.py for the whole."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from .federation import network
from .models import Centre

# Above this many centres, centre fields are choosers (the footer's threshold too).
LONG_LIST = 40


def is_long_list(request=None) -> bool:
    """Whether the network has too many centres to list them in one field (no query)."""
    return len(network(request).centres) > LONG_LIST


class CentresWidget(forms.CheckboxSelectMultiple):
    """Several centres: every centre's checkbox in a small network; in a large one only the
    chosen centres' boxes (untick to drop one) and "Chọn thêm trung tâm", which opens the chooser
    (several at once) and adds boxes for what was chosen."""

    template_name = "hub/admin/centres_widget.html"

    class Media:
        js = ["wagtailadmin/js/chooser-modal.js", "hub/js/centres_widget.js"]

    def get_context(self, name, value, attrs):
        long_list = is_long_list()
        if long_list:
            chosen = [str(v) for v in value or [] if str(v).isdigit()]
            self.choices = [
                (centre.pk, centre.title)
                for centre in Centre.objects.filter(pk__in=chosen).order_by("name")
            ]
        context = super().get_context(name, value, attrs)
        context["long_list"] = long_list
        context["chooser_url"] = reverse("centre_chooser:choose")
        return context
