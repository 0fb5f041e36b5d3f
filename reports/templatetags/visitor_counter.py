"""`{% visitor_counter %}` for the public footer (hub/templates/components/footer.html loads it by
name when the network settings turn the counter on)."""

from django import template

from hub.federation import centre_for_request

from ..counter import visitor_counts

register = template.Library()


@register.inclusion_tag("reports/visitor_counter.html", takes_context=True)
def visitor_counter(context):
    request = context.get("request")
    centre = centre_for_request(request) if request is not None else None
    return {"counts": visitor_counts(centre.pk if centre else None), "centre": centre}
