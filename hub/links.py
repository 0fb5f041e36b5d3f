"""Recognising video links of the platforms the committee publishes on (plain functions).
Used by lessons (YouTube blocks) and contests (engagement sync)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(
    r"^(?:https?://)?(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)|youtu\.be/)"
    r"([A-Za-z0-9_-]{11})(?:[?&#].*)?$"
)


def youtube_id(url: str) -> str | None:
    match = YOUTUBE_ID.match((url or "").strip())
    return match.group(1) if match else None


def facebook_object(url: str, page_id: str = "") -> tuple[str, str] | None:
    """("video", id) or ("post", "PAGEID_POSTID") for a Facebook video or post URL, else None."""
    parsed = urlparse((url or "").strip())
    if not parsed.netloc.endswith(("facebook.com", "fb.watch")):
        return None
    query = parse_qs(parsed.query)
    parts = [p for p in parsed.path.split("/") if p]
    if "videos" in parts and parts.index("videos") + 1 < len(parts):
        candidate = parts[parts.index("videos") + 1]
        return ("video", candidate) if candidate.isdigit() else None
    if parsed.path.startswith("/watch") and query.get("v", [""])[0].isdigit():
        return ("video", query["v"][0])
    if "posts" in parts and parts.index("posts") + 1 < len(parts):
        post = parts[parts.index("posts") + 1]
        owner = parts[0] if parts[0].isdigit() else page_id
        return ("post", f"{owner}_{post}") if owner and post.isdigit() else None
    if query.get("story_fbid", [""])[0].isdigit() and query.get("id", [""])[0].isdigit():
        return ("post", f"{query['id'][0]}_{query['story_fbid'][0]}")
    return None
