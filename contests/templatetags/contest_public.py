"""What the public contest pages ask of contests.timeline and hub.links: the status chip, the
timeline, whether centres are hidden, and the id of an entry's YouTube video."""

from __future__ import annotations

from django import template
from django.db.models import prefetch_related_objects

from hub.links import youtube_id

from ..timeline import Step, centre_hidden, public_status, timeline

register = template.Library()


@register.simple_tag
def contest_status(contest) -> tuple[str, str]:
    """{% contest_status contest as status %}: (css modifier, label)."""
    return public_status(contest)


@register.simple_tag
def contests_with_status(contests) -> list[tuple[object, tuple[str, str]]]:
    """[(contest, status)] for a listing, with every contest's rounds read in one query."""
    contests = list(contests)
    prefetch_related_objects(contests, "rounds")
    return [(contest, public_status(contest)) for contest in contests]


@register.simple_tag
def contest_timeline(contest) -> list[Step]:
    return timeline(contest)


@register.filter
def hides_centres(contest) -> bool:
    """{% if contest|hides_centres %}: a blind contest during judging names no centre."""
    return centre_hidden(contest)


@register.filter
def youtube_video_id(url: str) -> str:
    return youtube_id(url) or ""
