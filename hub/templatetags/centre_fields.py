"""The admin's centre fields in templates: the reports' centre (`centre_field`) and the per-site
settings' site switcher (`site_switch`), a list in a small network, the centre chooser in a large
one (hub/choosers.py)."""

from django import template
from django.utils.safestring import SafeString

from hub.centre_widgets import is_long_list
from hub.choosers import centre_field_html
from hub.federation import network

register = template.Library()


@register.simple_tag(takes_context=True)
def centre_field(context, name: str, chosen, empty_label: str) -> SafeString:
    return centre_field_html(context.get("request"), name, str(chosen or ""), empty_label)


@register.simple_tag(takes_context=True)
def site_switch(context, site) -> dict:
    """For wagtailsettings/edit.html: whether to switch sites with the chooser, the centre of
    the site being edited and the hub's site (no query: the network copy)."""
    request = context.get("request")
    copy = network(request)
    centre = copy.centre_by_site_id.get(site.pk) if site is not None else None
    return {
        "long_list": is_long_list(request),
        "chosen": centre.pk if centre else "",
        "hub_site": next((s for s in copy.sites if s.is_default_site), None),
    }
