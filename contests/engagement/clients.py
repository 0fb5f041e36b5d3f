"""YouTube Data API v3, YouTube Analytics and Facebook Graph API clients for engagement counts.

Base URLs come from settings so tests run this exact code against a local HTTP server returning
payloads shaped as the APIs document. Parsing is plain functions; HTTP has bounded retries.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field

import requests

logger = logging.getLogger(__name__)
YOUTUBE_BATCH = 50  # videos.list takes at most 50 ids, 1 quota unit per call
FACEBOOK_BATCH = 50  # Graph API batch requests take at most 50 operations


class ApiError(Exception):
    status = "server_error"


class QuotaExceeded(ApiError):
    status = "quota"


class Throttled(ApiError):
    status = "throttled"


class Timeout(ApiError):
    status = "timeout"


class Malformed(ApiError):
    status = "malformed"


@dataclass
class Counts:
    views: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0


@dataclass
class BatchResult:
    counts: dict[str, Counts] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # removed videos/posts
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (status, detail)
    units: int = 0


def _int(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def parse_youtube_videos(payload: dict, ids: list[str]) -> BatchResult:
    """videos.list?part=statistics → counts per id; ids absent from `items` were removed/private."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items", []), list):
        raise Malformed("Dữ liệu YouTube không có danh sách items.")
    result = BatchResult()
    for item in payload.get("items", []):
        stats = item.get("statistics") if isinstance(item, dict) else None
        if not isinstance(stats, dict) or "id" not in item:
            continue
        result.counts[item["id"]] = Counts(
            views=_int(stats.get("viewCount")),
            likes=_int(stats.get("likeCount")),
            comments=_int(stats.get("commentCount")),
        )
    result.missing = {i for i in ids if i not in result.counts}
    return result


def _youtube_error_reason(response) -> str:
    try:
        errors = response.json().get("error", {}).get("errors", [])
        return errors[0].get("reason", "") if errors else ""
    except ValueError:
        return ""


class HttpClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10,
        retries: int = 3,
        backoff: float = 0.5,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.session = session or requests.Session()
        self.calls = 0

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """Bounded retries with exponential backoff on timeouts, connection errors and 5xx."""
        last: Exception | None = None
        for attempt in range(self.retries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self.calls += 1
            try:
                response = self.session.request(
                    method, self.base_url + path, timeout=self.timeout, **kwargs
                )
            except requests.Timeout as error:
                last = Timeout(f"Hết {self.timeout:g} giây chờ ({attempt + 1} lần thử).")
                last.__cause__ = error
                continue
            except requests.ConnectionError as error:
                last = ApiError(f"Không kết nối được: {error.__class__.__name__}")
                continue
            if response.status_code >= 500:
                last = ApiError(f"Máy chủ trả lỗi {response.status_code} ({attempt + 1} lần thử).")
                continue
            return response
        raise last or ApiError("Không gọi được API.")


def _json(response) -> dict | list:
    try:
        return response.json()
    except ValueError as error:
        raise Malformed("Dữ liệu trả về không phải JSON hợp lệ.") from error


class YouTubeClient(HttpClient):
    def __init__(
        self, base_url: str, api_key: str, analytics_base: str = "", oauth_token: str = "", **kwargs
    ):
        super().__init__(base_url, **kwargs)
        self.api_key, self.analytics_base, self.oauth_token = (
            api_key,
            analytics_base.rstrip("/"),
            oauth_token,
        )

    def statistics(self, ids: list[str]) -> BatchResult:
        if not 0 < len(ids) <= YOUTUBE_BATCH:
            raise ValueError("videos.list takes 1 to 50 ids")
        response = self.request(
            "GET",
            "/youtube/v3/videos",
            params={"part": "statistics", "id": ",".join(ids), "key": self.api_key},
        )
        if response.status_code == 403 and _youtube_error_reason(response) in (
            "quotaExceeded",
            "dailyLimitExceeded",
        ):
            raise QuotaExceeded("YouTube báo hết hạn mức (quotaExceeded).")
        if response.status_code == 404:
            return BatchResult(missing=set(ids), units=1)
        if response.status_code >= 400:
            raise ApiError(
                f"YouTube trả lỗi {response.status_code} {_youtube_error_reason(response)}".strip()
            )
        result = parse_youtube_videos(_json(response), ids)
        result.units = 1
        return result

    def shares(self, video_id: str, start: str, end: str) -> int | None:
        """Shares from the owner-authorised YouTube Analytics API (only with an OAuth token)."""
        if not self.oauth_token or not self.analytics_base:
            return None
        response = self.session.get(
            self.analytics_base + "/v2/reports",
            timeout=self.timeout,
            headers={"Authorization": f"Bearer {self.oauth_token}"},
            params={
                "ids": "channel==MINE",
                "metrics": "shares",
                "filters": f"video=={video_id}",
                "startDate": start,
                "endDate": end,
            },
        )
        self.calls += 1
        if response.status_code != 200:
            return None
        rows = _json(response).get("rows") or []
        return _int(rows[0][0]) if rows and rows[0] else 0


def parse_facebook_usage(headers) -> int:
    """The highest percentage in X-App-Usage / X-Business-Use-Case-Usage (0 when absent)."""
    highest = 0
    for name in ("X-App-Usage", "X-Business-Use-Case-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        blocks = [data] if name == "X-App-Usage" else [b for items in data.values() for b in items]
        for block in blocks:
            for key in ("call_count", "total_cputime", "total_time"):
                highest = max(highest, _int(block.get(key)))
    return highest


def parse_facebook_object(kind: str, body: dict) -> Counts:
    if kind == "video":
        data = body.get("data") or []
        views = 0
        for metric in data:
            if metric.get("name") == "total_video_views":
                values = metric.get("values") or [{}]
                views = _int(values[0].get("value"))
        return Counts(views=views)
    return Counts(
        likes=_int((body.get("reactions") or {}).get("summary", {}).get("total_count")),
        shares=_int((body.get("shares") or {}).get("count")),
        comments=_int((body.get("comments") or {}).get("summary", {}).get("total_count")),
    )


class FacebookClient(HttpClient):
    POST_FIELDS = "shares,reactions.summary(total_count),comments.summary(true)"
    THROTTLE_AT = 90  # percent of the usage allowance

    def __init__(self, base_url: str, access_token: str, **kwargs):
        super().__init__(base_url, **kwargs)
        self.access_token = access_token
        self.usage = 0

    def relative_url(self, kind: str, object_id: str) -> str:
        if kind == "video":
            return f"{object_id}/video_insights?metric=total_video_views"
        return f"{object_id}?fields={self.POST_FIELDS}"

    def counts(self, objects: list[tuple[str, str]]) -> BatchResult:
        """One batch request for up to 50 (kind, id) objects; per-object errors stay per object."""
        if self.usage >= self.THROTTLE_AT:
            raise Throttled(f"Facebook báo đã dùng {self.usage}% hạn mức; dừng để tránh bị chặn.")
        batch = [
            {"method": "GET", "relative_url": self.relative_url(kind, oid)} for kind, oid in objects
        ]
        response = self.request(
            "POST",
            "/",
            data={
                "access_token": self.access_token,
                "batch": json.dumps(batch),
                "include_headers": "false",
            },
        )
        self.usage = parse_facebook_usage(response.headers)
        if response.status_code >= 400:
            raise ApiError(f"Facebook trả lỗi {response.status_code}.")
        items = _json(response)
        if not isinstance(items, list) or len(items) != len(objects):
            raise Malformed("Kết quả batch của Facebook không khớp số yêu cầu.")
        result = BatchResult()
        for (kind, oid), item in zip(objects, items, strict=True):
            if not isinstance(item, dict):
                result.errors[oid] = ("malformed", "Phần tử batch rỗng.")
                continue
            code = item.get("code")
            try:
                body = json.loads(item.get("body") or "{}")
            except ValueError:
                result.errors[oid] = ("malformed", "Nội dung không phải JSON.")
                continue
            if code == 404 or (code == 400 and (body.get("error") or {}).get("code") == 100):
                result.missing.add(oid)
            elif code and code >= 500:
                result.errors[oid] = ("server_error", f"Facebook trả lỗi {code}.")
            elif code != 200:
                result.errors[oid] = (
                    "server_error",
                    (body.get("error") or {}).get("message", f"Lỗi {code}")[:200],
                )
            else:
                result.counts[oid] = parse_facebook_object(kind, body)
        return result
