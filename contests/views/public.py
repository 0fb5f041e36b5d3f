"""Public sub-page views of contests and entries, served by the page models' routes:
the published results, and an entry's like (a toggle, once per browser) and shares (per target).
Likes and shares are CSRF-protected POSTs keyed on the browser's random id (hub.counters.browser_id,
minted on first use), with generous per-address limits (a hall behind one router); bots are not
counted; every count is atomic and appended to the event log with its anomaly flags
(contests.engagement.events)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from wagtail.models import Site

from hub.counters import browser_id, is_bot, rate_limited
from hub.documents import document_page_response, download_disposition
from hub.pagekit import page_view, paginate

from ..engagement.events import log_event
from ..models import RESULTS_PER_PAGE, EngagementEvent, SiteCounter, SiteLike
from ..ranking import published_ranking

SHARE_TARGETS = {"facebook": "shares_facebook", "zalo": "shares_zalo", "copy": "shares_copy"}
# (the counter fields are named like the event kinds: EngagementEvent.Kind.SHARE_ZALO …)


@page_view("contests:results")
def results(request, contest):
    if not contest.results_public() and not getattr(request, "is_preview", False):
        raise Http404(_("Kết quả chưa được công bố."))
    site = Site.find_for_request(request) or contest.get_site()
    page_obj = paginate(request, published_ranking(contest, site), per_page=RESULTS_PER_PAGE)
    return contest.render(
        request,
        template="contests/results.html",
        context_overrides={"ranking": page_obj.object_list, "page_obj": page_obj},
        entries=False,
    )


@page_view("contests:entry")
def entry_page(request, entry):
    """An entry's public page; a visitor's view is counted once a day and logged."""
    if not getattr(request, "is_preview", False):
        # the page is private anyway (it shows whether this visitor liked it); the like needs it
        browser_id(request, mint=True, limit=settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR)
        if SiteCounter.objects.count_view(request, entry.pk):
            log_event(request, entry.get_parent().specific, entry, EngagementEvent.Kind.VIEW)
    response = entry.render(request)
    patch_cache_control(response, private=True)
    return response


@page_view("contests:page-image")
def entry_page_image(request, entry, number: int):
    """A page of a written (PDF) entry as an image: the same reader as the library's."""
    restricted = (
        bool(entry.document_id) and entry.document.collection.get_view_restrictions().exists()
    )
    return document_page_response(
        request, entry.document, entry.analysis, number, restricted=restricted
    )


@page_view("contests:download")
def entry_download(request, entry):
    """A written entry's PDF, named after the entry (never after the uploaded file, which may
    name the centre in a blind contest)."""
    if entry.kind != entry.Kind.DOCUMENT or not entry.document_id:
        raise Http404(_("Bài dự thi này không có tệp để tải."))
    response = FileResponse(entry.document.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = download_disposition(entry.title, "pdf")
    return response


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _checks(request):
    """None when the POST may count, for a browser with an id (minted now if it has none)."""
    if request.method != "POST":
        return _refuse(_("Chỉ nhận yêu cầu POST."), 405)
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return _refuse(_("Không tính lượt từ máy tự động."), 403)
    if browser_id(request, mint=True, limit=settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR) is None:
        return _refuse(
            _(
                "Quá nhiều trình duyệt mới từ cùng một mạng trong giờ này; hãy thử lại sau, "
                "hoặc bật cookie cho trang này."
            ),
            429,
        )
    if rate_limited(request, settings.CONTEST_EVENTS_PER_IP_PER_HOUR):
        return _refuse(_("Bạn thao tác quá nhiều; hãy thử lại sau ít phút."), 429)
    return None


def _closed(contest) -> JsonResponse | None:
    if contest.likes_open():
        return None
    return _refuse(_("Đã hết hạn bình chọn của hội thi này; lượt thích không còn được tính."), 403)


@page_view("contests:like")
def toggle_like(request, entry) -> JsonResponse:
    contest = entry.get_parent().specific
    if refused := _closed(contest) or _checks(request):
        return refused
    # one like per browser, or per learner on every device ("learners only"); only it can withdraw
    visitor = contest.liker_key(request)
    if visitor is None:
        signed_in = request.user.is_authenticated and hasattr(request.user, "learner")
        message = (
            _("Số điện thoại của bạn chưa được xác nhận; hãy xác nhận để bình chọn.")
            if signed_in
            else _("Hội thi này chỉ nhận lượt thích của người học đã đăng nhập.")
        )
        response = _refuse(message, 403)
        response["X-Sign-In"] = f"{reverse('account_login')}?next={entry.url}"
        return response
    with transaction.atomic():
        SiteCounter.objects.get_or_create(entry=entry)
        try:
            with transaction.atomic():
                SiteLike.objects.create(entry=entry, visitor=visitor)
            liked = True
            SiteCounter.objects.filter(entry=entry).update(likes=F("likes") + 1)
            log_event(request, contest, entry, EngagementEvent.Kind.LIKE, visitor)
        except IntegrityError:
            deleted, _details = SiteLike.objects.filter(entry=entry, visitor=visitor).delete()
            liked = False
            if deleted:
                SiteCounter.objects.filter(entry=entry, likes__gt=0).update(likes=F("likes") - 1)
                log_event(request, contest, entry, EngagementEvent.Kind.UNLIKE, visitor)
    likes = SiteCounter.objects.filter(entry=entry).values_list("likes", flat=True).first() or 0
    return JsonResponse({"ok": True, "liked": liked, "likes": likes})


@page_view("contests:share")
def count_share(request, entry, target: str) -> JsonResponse:
    if target not in SHARE_TARGETS:
        return _refuse(_("Nơi chia sẻ không hợp lệ."), 404)
    contest = entry.get_parent().specific
    if refused := _closed(contest) or _checks(request):
        return refused
    counted = SiteCounter.objects.count_once(
        request, entry.pk, SHARE_TARGETS[target], f"share:{target}"
    )
    if counted:
        log_event(request, contest, entry, SHARE_TARGETS[target])
    return JsonResponse({"ok": True, "counted": counted})
