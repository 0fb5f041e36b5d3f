"""Template tags for listings: query strings with one parameter changed, and the facet links
kept in the content cache (hub.caching.invalidation)."""

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


FACETS_SECONDS = 600


@register.simple_tag(takes_context=True)
def facets(context) -> str:
    """components/facets.html, kept in the cache per listing, filters (not the page number),
    language and content version: its ~70 filter links were a fifth of a catalogue request."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from hub.caching.invalidation import cached_for_content

    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    html = cached_for_content(
        "facets",
        f"{request.get_host()}{request.path}?{query.urlencode()}|{get_language()}",
        lambda: context.template.engine.get_template("components/facets.html").render(context),
        FACETS_SECONDS,
    )
    return mark_safe(html)  # noqa: S308 (our own template, autoescaped)
