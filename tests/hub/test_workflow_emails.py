"""Wagtail's workflow e-mails reach centre staff in Vietnamese (issue #18): a contributor submits
a page, an editor asks for changes, the contributor resubmits, the editor approves; every message
of each step, subject and both bodies, is checked for English left in it."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from wagtail.models import TaskState

from home.factories import NewsPageFactory, news_index_of
from hub.models import Centre
from tests.hub.test_admin_vietnamese import _content_words, english_in

pytestmark = pytest.mark.django_db


URL = re.compile(r"https?://\S+")


def _english(message) -> list[str]:
    """English words of the subject and both bodies, addresses left out."""
    parts = [
        f"<p>{html.escape(message.subject)}</p>",
        f"<pre-wrap>{html.escape(message.body)}</pre-wrap>",
    ]
    parts += [
        content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"
    ]
    return english_in(URL.sub(" ", "<div>" + "".join(parts) + "</div>"), _content_words())


def _act(editor, page, action: str, comment: str = ""):
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state, status="in_progress"
    )
    staff = Client()
    staff.force_login(editor)
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"
    assert staff.post(url, {"comment": comment}).status_code == 302


def test_every_workflow_email_is_vietnamese():
    User = get_user_model()
    centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
    contributor = User.objects.get(username="lamha.congtac")
    editor = User.objects.get(username="lamha.bientap")
    page = NewsPageFactory.build(title="Thông báo lịch học hè", live=False, owner=contributor)
    news_index_of(centre.site.root_page).add_child(instance=page)
    page.save_revision(user=contributor)
    mail.outbox.clear()

    page.get_workflow().start(page, contributor)
    submitted = list(mail.outbox)
    _act(editor, page, "reject", "Thêm giờ học buổi chiều.")
    page.refresh_from_db()
    page.save_revision(user=contributor)
    page.current_workflow_state.resume(contributor)
    _act(editor, page, "approve")
    page.refresh_from_db()

    assert page.live
    assert {address for m in submitted for address in m.to} == {editor.email, "admin@example.vn"}
    workflow, step = "Duyệt bài – TTHTCĐ phường Lam Hạ", "Biên tập viên TTHTCĐ phường Lam Hạ duyệt"
    title = 'Trang "Thông báo lịch học hè"'
    assert {(m.subject, tuple(m.to)) for m in mail.outbox} == {
        (f'{title} đã được gửi duyệt theo quy trình "{workflow}"', ("admin@example.vn",)),
        (f'{title} đã được gửi duyệt ở bước duyệt "{step}"', ("admin@example.vn",)),
        (f'{title} đã được gửi duyệt ở bước duyệt "{step}"', (editor.email,)),
        (f'{title} được yêu cầu sửa lại trong quy trình "{workflow}".', (contributor.email,)),
        (f'{title} đã được duyệt theo quy trình "{workflow}".', (contributor.email,)),
    }
    for message in mail.outbox:
        assert _english(message) == [], message.subject
