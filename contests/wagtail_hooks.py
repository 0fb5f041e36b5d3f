"""Contests in the admin: the judging menu and screens, and centre staff confined to their own
centre's entries while a contest is open."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .dashboard import contest_panels
from .models import ContestIndexPage, ContestPage, EntryPage
from .permissions import entry_refusal, is_organiser
from .views.judging import judged_contests

CONTEST_TYPES = (ContestIndexPage, ContestPage, EntryPage)


def _refuse(request, message: str, page=None):
    messages.error(request, message)
    return (
        redirect("wagtailadmin_explore", page.pk)
        if page is not None
        else redirect("wagtailadmin_home")
    )


@hooks.register("before_create_page")
def only_open_contests_take_entries(request, parent_page, page_class):
    if is_organiser(request.user) or not issubclass(page_class, CONTEST_TYPES):
        return None
    if page_class is not EntryPage:
        return _refuse(request, _("Chỉ Ban chỉ đạo tạo và sửa hội thi."), parent_page)
    reason = entry_refusal(request.user, None, parent_page.specific)
    return _refuse(request, reason, parent_page) if reason else None


@hooks.register("before_edit_page")
def only_own_open_entries(request, page):
    specific = page.specific
    if is_organiser(request.user) or not isinstance(specific, CONTEST_TYPES):
        return None
    if not isinstance(specific, EntryPage):
        return _refuse(request, _("Chỉ Ban chỉ đạo tạo và sửa hội thi."), page.get_parent())
    reason = entry_refusal(request.user, specific)
    return _refuse(request, reason, page.get_parent()) if reason else None


@hooks.register("before_delete_page")
@hooks.register("before_move_page")
@hooks.register("before_copy_page")
def contest_tree_is_the_organisers(request, page, *args):
    if not is_organiser(request.user) and isinstance(page.specific, CONTEST_TYPES):
        return _refuse(
            request,
            _("Chỉ Ban chỉ đạo xoá, chuyển hay sao chép hội thi và bài dự thi."),
            page.get_parent(),
        )
    return None


@hooks.register("hub_shared_pages")
def contests_shared_with_centres(centres):
    """Centre staff see the way to the contests, the contests, and their own centre's entries."""
    index = ContestIndexPage.objects.only("path", "depth").first()
    if index is None or not centres:
        return Q(pk__in=[])
    ancestors = [index.path[:i] for i in range(index.steplen, len(index.path) + 1, index.steplen)]
    return (
        Q(path__in=ancestors)
        | Q(path__startswith=index.path, depth=index.depth + 1)
        | Q(
            pk__in=list(
                EntryPage.objects.filter(centre__in=[c.pk for c in centres]).values_list(
                    "pk", flat=True
                )
            )
        )
    )


@hooks.register("register_admin_urls")
def register_contest_urls():
    return admin_urls.urlpatterns


class JudgingMenuItem(MenuItem):
    def is_shown(self, request):
        return judged_contests(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_judging_menu_item():
    return JudgingMenuItem(
        gettext_lazy("Chấm thi"), reverse_lazy("contests_judging"), icon_name="tasks", order=330
    )


class FeedbackMenuItem(MenuItem):
    """Shown to staff whose centres have judges' feedback to read."""

    def is_shown(self, request):
        from .feedback import released_entries

        return released_entries(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item():
    return FeedbackMenuItem(
        gettext_lazy("Nhận xét giám khảo"),
        reverse_lazy("contests_feedback"),
        icon_name="comment",
        order=331,
    )


@hooks.register("construct_homepage_panels")
def contests_on_the_dashboard(request, panels):
    """A judge's contests with progress; every contest by stage for organisers."""
    panels.extend(contest_panels(request.user))
