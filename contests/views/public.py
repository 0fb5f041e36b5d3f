"""Public sub-page views of contests and entries, served by the page models' routes:
the published results, an entry's public page, its state for this browser, its like (a toggle,
once per browser) and shares (per target).

The entry page is the same HTML for everyone, so the page cache serves it (docs/
CONTEST_ENTRY_CACHE.md); what is this browser's own (its like, its CSRF token, its id) comes from
the state route, one small request never cached, or from the like page for browsers without
script. Likes and shares are CSRF-protected POSTs keyed on the browser's random id
(hub.counters.browser_id, minted by the state route or the like page, else on first use), with
generous per-address limits (a hall behind one router); bots are not counted; every count is
atomic and appended to the event log with its anomaly flags (contests.engagement.events)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Value
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from wagtail.models import Site

from hub.caching.pagecache import count_on_cache_hits
from hub.counters import browser_id, is_bot, rate_limited, visitor_key
from hub.documents import document_page_response, download_disposition
from hub.pagekit import page_view, paginate

from ..engagement.events import carry_view, count_view, log_event, voting
from ..models import (
    RESULTS_PER_PAGE,
    ContestPage,
    EngagementEvent,
    SiteCounter,
    SiteLike,
)
from ..models.structure import liker_key
from ..ranking import published_ranking

ENTRY_VIEW_COUNTER = "contest-entry-view"  # the page cache counts hits under this name
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
    """An entry's public page: the same HTML for every visitor (no cookie, no CSRF token, nothing
    about this visitor), so the page cache serves the burst a shared link brings. The page's
    script asks `entry_state` for this browser's like and its CSRF token; without script, the
    like link opens `like` (a page with its own form). A view is counted once a day and logged,
    on page-cache hits too (ENTRY_VIEW_COUNTER)."""
    if not getattr(request, "is_preview", False):
        count_view(request, entry.pk)
        count_on_cache_hits(request, ENTRY_VIEW_COUNTER, entry.pk)
    return entry.render(request)


def _give_browser_id(request, entry, count: bool = True) -> None:
    """A browser that has no id yet (its view was counted under its address and user agent, or
    not at all) gets one here, where a cookie may be set, with its view (`carry_view`; with
    `count`, its view is counted now if it was not)."""
    if browser_id(request) is not None or is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return
    earlier = visitor_key(request)
    if browser_id(request, mint=True, limit=settings.CONTEST_NEW_IDS_PER_IP_PER_HOUR):
        carry_view(request, entry, earlier, count=count)


def _state(request, entry) -> dict:
    """This browser's own state for the entry, and nothing else: whether it liked it, whether
    it may like (else why, and what to tell it), the likes now. One query and one cache read
    (`voting`): every visitor's script asks for it."""
    facts = voting(entry.pk) or {}
    likes_by = facts.get("likes_by", ContestPage.LikesBy.ANYONE)
    visitor = liker_key(likes_by, request)
    # for "anyone" a like is keyed on the browser's id, never on an address and user agent
    # (visitor_key's fallback), which neighbours with the same phone share
    own = visitor is not None and (
        likes_by == ContestPage.LikesBy.LEARNERS or browser_id(request) is not None
    )
    mine = SiteLike.objects.filter(entry_id=entry.pk, visitor=visitor)
    likes, liked = SiteCounter.objects.filter(entry_id=entry.pk).values_list(
        "likes", Exists(mine) if own else Value(False)
    ).first() or (0, False)  # (a like creates the counter row first)
    if not facts or timezone.now() >= facts["until"]:
        reason, message = "closed", _("Đã hết hạn bình chọn.")
    elif visitor is None and hasattr(request.user, "learner"):
        reason = "unverified"
        message = _(
            "Số điện thoại của bạn chưa được xác nhận; hãy nhờ trung tâm xác nhận để bình chọn."
        )
    elif visitor is None:
        reason = "sign_in"
        message = _("Hội thi này chỉ nhận lượt thích của người học đã đăng nhập.")
    else:
        reason, message = "", ""
    return {
        "liked": bool(liked),
        "likes": likes,
        "may_like": not reason,
        "reason": reason,
        "message": message,
    }


def _private(response):
    """Never stored anywhere: it holds this browser's state and CSRF token."""
    patch_cache_control(response, private=True, no_store=True)
    return response


@page_view("contests:state")
def entry_state(request, entry) -> JsonResponse:
    """The entry page's one request for this browser's own state (`_state`) and the CSRF token
    of its like and share requests; never cached."""
    if request.method not in ("GET", "HEAD"):
        return _private(_refuse(_("Chỉ nhận yêu cầu GET."), 405))
    _give_browser_id(request, entry)
    state = _state(request, entry)
    return _private(JsonResponse({"ok": True, **state, "csrf_token": get_token(request)}))


def _like_page(request, entry, refusal: tuple[str, int] | None = None):
    """The like page for browsers without script: this browser's state and a form (with its
    CSRF token) that likes or withdraws the like; never cached."""
    _give_browser_id(request, entry)
    context = _state(request, entry)
    if refusal:
        context["message"] = refusal[0]
    response = entry.render(request, template="contests/entry_like.html", context_overrides=context)
    response.status_code = refusal[1] if refusal else 200
    return _private(response)


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


def _checks(request, entry) -> tuple[str, int] | None:
    """None when the POST may count, for a browser with an id (minted now if it has none, which
    a browser's script or the like page has done already); else why not and the status."""
    if request.method != "POST":
        return _("Chỉ nhận yêu cầu POST."), 405
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return _("Không tính lượt từ máy tự động."), 403
    _give_browser_id(request, entry, count=False)  # a like is no view
    if browser_id(request) is None:
        return (
            _(
                "Quá nhiều trình duyệt mới từ cùng một mạng trong giờ này; hãy thử lại sau, "
                "hoặc bật cookie cho trang này."
            ),
            429,
        )
    if rate_limited(request, settings.CONTEST_EVENTS_PER_IP_PER_HOUR):
        return _("Bạn thao tác quá nhiều; hãy thử lại sau ít phút."), 429
    return None


def _closed(contest) -> tuple[str, int] | None:
    if contest.likes_open():
        return None
    return _("Đã hết hạn bình chọn của hội thi này; lượt thích không còn được tính."), 403


@page_view("contests:like")
def toggle_like(request, entry):
    """GET: the like page (`_like_page`, for browsers without script). POST: like ("thich": 1)
    or withdraw ("thich": 0), so sending it twice changes nothing; without "thich", a toggle.
    The page's script gets JSON; the like page's form (Accept: text/html) a redirect to it."""
    contest = entry.get_parent().specific
    if request.method in ("GET", "HEAD"):
        return _like_page(request, entry)
    from_form = "text/html" in request.headers.get("Accept", "")
    if refusal := _closed(contest) or _checks(request, entry):
        return _like_page(request, entry, refusal) if from_form else _refuse(*refusal)
    # one like per browser, or per learner on every device ("learners only"); only it can withdraw
    visitor = contest.liker_key(request)
    if visitor is None:
        signed_in = request.user.is_authenticated and hasattr(request.user, "learner")
        message = (
            _("Số điện thoại của bạn chưa được xác nhận; hãy xác nhận để bình chọn.")
            if signed_in
            else _("Hội thi này chỉ nhận lượt thích của người học đã đăng nhập.")
        )
        if from_form:
            return _like_page(request, entry, (message, 403))
        response = _refuse(message, 403)
        response["X-Sign-In"] = f"{reverse('account_login')}?next={entry.url}"
        return response
    want = {"1": True, "0": False}.get(request.POST.get("thich", ""))
    liked = _set_like(request, contest, entry, visitor, want)
    if from_form:
        response = HttpResponseRedirect(request.path)
        response.status_code = 303  # see the like page with a GET
        return response
    likes = SiteCounter.objects.filter(entry=entry).values_list("likes", flat=True).first() or 0
    return JsonResponse({"ok": True, "liked": liked, "likes": likes})


def _set_like(request, contest, entry, visitor: str, want: bool | None) -> bool:
    """Like (`want` True), withdraw (False) or toggle (None) the visitor's like, atomically, the
    counter and the event log with it; whether the visitor likes the entry now."""
    with transaction.atomic():
        SiteCounter.objects.get_or_create(entry=entry)
        if want is not False:
            try:
                with transaction.atomic():
                    SiteLike.objects.create(entry=entry, visitor=visitor)
            except IntegrityError:
                if want:  # liked already: nothing changes
                    return True
            else:
                SiteCounter.objects.filter(entry=entry).update(likes=F("likes") + 1)
                log_event(request, contest, entry, EngagementEvent.Kind.LIKE, visitor)
                return True
        deleted, _details = SiteLike.objects.filter(entry=entry, visitor=visitor).delete()
        if deleted:
            SiteCounter.objects.filter(entry=entry, likes__gt=0).update(likes=F("likes") - 1)
            log_event(request, contest, entry, EngagementEvent.Kind.UNLIKE, visitor)
        return False


@page_view("contests:share")
def count_share(request, entry, target: str) -> JsonResponse:
    if target not in SHARE_TARGETS:
        return _refuse(_("Nơi chia sẻ không hợp lệ."), 404)
    contest = entry.get_parent().specific
    if refusal := _closed(contest) or _checks(request, entry):
        return _refuse(*refusal)
    counted = SiteCounter.objects.count_once(
        request, entry.pk, SHARE_TARGETS[target], f"share:{target}"
    )
    if counted:
        log_event(request, contest, entry, SHARE_TARGETS[target])
    return JsonResponse({"ok": True, "counted": counted})
