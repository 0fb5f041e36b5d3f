"""On-site counters of contest entries: views once per visitor per day, likes as a toggle once per
visitor, shares per target. CSRF-protected POSTs, per-IP rate limits, bots excluded, atomic."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse

from hub.counters import bump, count_once, is_bot, rate_limited, visitor_key

from .models import SiteCounter, SiteLike

SHARE_TARGETS = {"facebook": "shares_facebook", "zalo": "shares_zalo", "copy": "shares_copy"}


def _bump(entry, field: str, delta: int = 1) -> None:
    bump(SiteCounter, "entry_id", entry.pk, field, delta)


def count_view(request, entry) -> bool:
    return count_once(request, f"entry:{entry.pk}:view", SiteCounter, "entry_id", entry.pk, "views")


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _checks(request):
    if request.method != "POST":
        return _refuse("Chỉ nhận yêu cầu POST.", 405)
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return _refuse("Không tính lượt từ máy tự động.", 403)
    if rate_limited(request):
        return _refuse("Bạn thao tác quá nhiều; hãy thử lại sau ít phút.", 429)
    return None


def toggle_like(request, entry) -> JsonResponse:
    if refused := _checks(request):
        return refused
    visitor = visitor_key(request)
    with transaction.atomic():
        SiteCounter.objects.get_or_create(entry=entry)
        try:
            with transaction.atomic():
                SiteLike.objects.create(entry=entry, visitor=visitor)
            liked = True
            SiteCounter.objects.filter(entry=entry).update(likes=F("likes") + 1)
        except IntegrityError:
            deleted, _ = SiteLike.objects.filter(entry=entry, visitor=visitor).delete()
            liked = False
            if deleted:
                SiteCounter.objects.filter(entry=entry, likes__gt=0).update(likes=F("likes") - 1)
    likes = SiteCounter.objects.filter(entry=entry).values_list("likes", flat=True).first() or 0
    return JsonResponse({"ok": True, "liked": liked, "likes": likes})


def count_share(request, entry, target: str) -> JsonResponse:
    if target not in SHARE_TARGETS:
        return _refuse("Nơi chia sẻ không hợp lệ.", 404)
    if refused := _checks(request):
        return refused
    counted = False
    subject = f"entry:{entry.pk}:share:{target}"
    if count_once(request, subject, SiteCounter, "entry_id", entry.pk, SHARE_TARGETS[target]):
        counted = True
    return JsonResponse({"ok": True, "counted": counted})
