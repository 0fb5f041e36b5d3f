from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None/"" removes one); page resets."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_with_param(context, name: str, value) -> str:
    """query_with for a parameter whose name is only known at render time."""
    return query_with(context, **{name.replace("-", "_"): value})
