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


FACEBOOK_HOSTS = ("facebook.com", "fb.watch", "fb.com")
FACEBOOK_SHAPES = (
    "facebook.com/<trang>/videos/<số>, facebook.com/watch/?v=<số>, facebook.com/reel/<số>, "
    "fb.watch/<mã>, facebook.com/share/v/<mã>, facebook.com/share/r/<mã>, "
    "facebook.com/<trang>/posts/<số hoặc pfbid…>, facebook.com/share/p/<mã>"
)


def facebook_host(parsed) -> bool:
    host = (parsed.hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in FACEBOOK_HOSTS)


def facebook_shape(url: str) -> str | None:
    """What a Facebook link is, in the shapes people paste: "video" / "post" (their counts can be
    read by id), "short" (fb.watch and share/… links, which only Facebook can resolve: counts need
    the full address), "pfbid" (a post's opaque id), or None when it is no Facebook video or post."""
    parsed = urlparse((url or "").strip())
    if parsed.scheme not in ("http", "https") or not facebook_host(parsed):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if (parsed.hostname or "").lower().endswith("fb.watch"):
        return "short" if parts else None
    if len(parts) >= 3 and parts[0] == "share" and parts[1] in ("v", "r", "p"):
        return "short"
    obj = facebook_object(url)
    if obj:
        return obj[0]
    if "posts" in parts and parts.index("posts") + 1 < len(parts):
        if parts[parts.index("posts") + 1].startswith("pfbid"):
            return "pfbid"
        return "post"  # a page's post with its page named by slug: the id is read at sync
    query = parse_qs(parsed.query)
    if query.get("story_fbid", [""])[0].startswith("pfbid"):
        return "pfbid"
    return None


def facebook_object(url: str, page_id: str = "") -> tuple[str, str] | None:
    """("video", id) or ("post", "PAGEID_POSTID") for a Facebook video or post URL, else None."""
    parsed = urlparse((url or "").strip())
    if parsed.scheme not in ("http", "https") or not facebook_host(parsed):
        return None
    query = parse_qs(parsed.query)
    parts = [p for p in parsed.path.split("/") if p]
    if parts and parts[0] == "reel" and len(parts) > 1 and parts[1].isdigit():
        return ("video", parts[1])  # a reel is a video to the Graph API
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
