"""A learner who shared a lesson learns what became of it (issue #18): a status page from the link
given after sending, and an e-mail when the centre asks for changes or publishes it."""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import TaskState

from home.factories import UserFactory
from lessons.follow_up import status_token
from lessons.models import LessonPage
from tests.conftest import host_of
from tests.lessons.test_sharing import SHARE, form_data

pytestmark = pytest.mark.django_db


def _share(client, centre, **changes) -> tuple[LessonPage, str, str]:
    response = client.post(SHARE, form_data(**changes), **host_of(centre))
    assert response.status_code == 200
    html = response.content.decode()
    link = re.search(r'data-testid="share-status-link">([^<]+)</a>', html).group(1)
    lesson = LessonPage.objects.get(title=form_data()["title"])
    assert (
        link == f"http://{centre.site.hostname}/bai-giang/chia-se/theo-doi/{status_token(lesson)}/"
    )
    return lesson, link.split(centre.site.hostname, 1)[1], html


def _to_learner() -> list:
    """The e-mails sent to the learner (Wagtail also e-mails the centre's editors)."""
    return [m for m in mail.outbox if m.to == ["hoa.nguyen@example.vn"]]


def _status(client, centre, path) -> str:
    response = client.get(path, **host_of(centre))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]
    return re.search(r'data-state="(\w+)"', response.content.decode()).group(1)


def _editor_acts(lesson, centre, action: str, comment: str):
    task_state = TaskState.objects.get(
        workflow_state=lesson.current_workflow_state, status="in_progress"
    )
    staff = Client()
    staff.force_login(UserFactory(groups=[centre.editors_group]))
    url = f"/admin/pages/workflow/action/{lesson.pk}/{action}/{task_state.pk}/"
    assert staff.post(url, {"comment": comment}).status_code == 302


def test_changes_asked_for_reach_the_learner_by_page_and_email(client, centre_a):
    lesson, path, html = _share(client, centre_a, contact="hoa.nguyen@example.vn")
    assert "Chúng tôi cũng sẽ báo kết quả qua e-mail hoa.nguyen@example.vn." in html
    assert _status(client, centre_a, path) == "waiting"
    assert _to_learner() == []

    _editor_acts(lesson, centre_a, "reject", "Xin bác ghi rõ lượng muối cho 1 kg dưa.")
    response = client.get(path, **host_of(centre_a))
    assert "Trung tâm đề nghị sửa trước khi đăng." in response.content.decode()
    assert "Xin bác ghi rõ lượng muối cho 1 kg dưa." in response.content.decode()
    assert _status(client, centre_a, path) == "changes"
    (message,) = _to_learner()
    assert message.to == ["hoa.nguyen@example.vn"]
    assert message.subject == "Bài “Cách muối dưa cải ngon” cần sửa trước khi đăng"
    assert "Xin bác ghi rõ lượng muối cho 1 kg dưa." in message.body
    assert f"http://{centre_a.site.hostname}{path}" in message.body
    lesson.refresh_from_db()
    assert not lesson.live


def test_publishing_is_told_once_and_the_page_links_the_lesson(client, centre_a):
    lesson, path, _html = _share(client, centre_a, contact="hoa.nguyen@example.vn")
    _editor_acts(lesson, centre_a, "approve", "")
    lesson.refresh_from_db()
    assert lesson.live
    assert _status(client, centre_a, path) == "published"
    assert lesson.full_url in client.get(path, **host_of(centre_a)).content.decode()
    (message,) = _to_learner()
    assert message.subject == "Bài “Cách muối dưa cải ngon” đã được đăng"
    assert lesson.full_url in message.body
    lesson.save_revision().publish()  # a later edit by the centre: no second e-mail
    assert len(_to_learner()) == 1


def test_a_phone_number_gets_no_email_and_the_page_still_works(client, centre_a):
    lesson, path, html = _share(client, centre_a)  # contact is a phone number
    assert "báo kết quả qua e-mail" not in html
    _editor_acts(lesson, centre_a, "reject", "")
    assert [m for m in mail.outbox if "0912 345 678" in " ".join(m.to)] == []
    assert all("@" in address for m in mail.outbox for address in m.to)
    assert _status(client, centre_a, path) == "changes"


@pytest.mark.parametrize("token", ["abc", "1-" + "0" * 32, "150-abc", "-" * 10])
def test_a_made_up_or_foreign_token_answers_404(client, centre_a, centre_b, token):
    assert (
        client.get(f"/bai-giang/chia-se/theo-doi/{token}/", **host_of(centre_a)).status_code == 404
    )


def test_a_token_opens_only_on_its_own_centre(client, centre_a, centre_b):
    _lesson, path, _html = _share(client, centre_a)
    assert client.get(path, **host_of(centre_b)).status_code == 404
    own = LessonPage.objects.filter(shared_by="").first()  # a lesson written by staff
    url = f"/bai-giang/chia-se/theo-doi/{status_token(own)}/"
    assert client.get(url, **host_of(centre_a)).status_code == 404
