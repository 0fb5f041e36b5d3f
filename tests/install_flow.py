"""Run by tests/test_real_install.py in a subprocess, on a database that has only had `migrate`,
`setup_network` and `add_centre` (no demo data): a learner's shared lesson is approved by the
centre's editor, a centre's contest entry by the committee's staff. Prints the outcome as JSON."""

import json
import os
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import TaskState  # noqa: E402

from contests.factories import add_contest  # noqa: E402
from contests.models import ContestIndexPage, EntryPage  # noqa: E402
from hub.models import Centre, Field  # noqa: E402
from hub.provisioning import HUB_STAFF_GROUP  # noqa: E402
from lessons.forms import form_stamp  # noqa: E402
from lessons.models import LessonPage  # noqa: E402

settings.LESSON_SHARE_MIN_SECONDS = 0
centre = Centre.objects.with_site().get()
outcome = {}


def approve(page, user) -> list:
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state, status="in_progress"
    )
    staff = Client()
    staff.force_login(user)
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    response = staff.post(url, {"comment": ""})
    location = response.get("Location", "").replace(f"/{page.pk}/", "/<id>/")
    return [response.status_code, location]


learner = Client()


def share(host_name: str, name: str, title: str, description: str):
    """A learner's "share a lesson" form, sent on the site of `host_name`."""
    return learner.post(
        "/bai-giang/chia-se/",
        {
            "name": name,
            "contact": "0912 345 678",
            "title": title,
            "field": Field.objects.order_by("pk").first().pk,
            "description": description,
            "link": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "licence": "on",
            "website": "",
            "stamp": form_stamp(),
        },
        HTTP_HOST=host_name,
    )


# 1. a learner shares a lesson on the centre's site; the centre's editor approves it
response = share(
    centre.site.hostname,
    "Bà Nguyễn Thị Hoa",
    "Cách muối dưa cải ngon",
    "Tôi hướng dẫn cách muối dưa cải vàng giòn, để được lâu, làm tại nhà.",
)
outcome["share_status"] = response.status_code
lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
outcome["lesson_live_before"] = lesson.live
outcome["lesson_workflow"] = lesson.current_workflow_state.workflow.name
editor = User.objects.create_user("bientap", password="x")
editor.groups.add(centre.editors_group)
outcome["lesson_approve_status"] = approve(lesson, editor)
lesson.refresh_from_db()
outcome["lesson_live_after"] = lesson.live

officer = User.objects.create_user("bancd", password="x")
officer.groups.add(Group.objects.get(name=HUB_STAFF_GROUP))

# 2. a learner shares a lesson on the hub's site; the committee's staff approve it
response = share(
    "hoctap.localhost",
    "Ông Trần Văn Nam",
    "Trồng rau sạch trên sân thượng",
    "Cách tôi trồng rau sạch trong thùng xốp trên sân thượng, tưới và bón phân.",
)
outcome["hub_share_status"] = response.status_code
hub_lesson = LessonPage.objects.get(title="Trồng rau sạch trên sân thượng")
outcome["hub_lesson_workflow"] = hub_lesson.current_workflow_state.workflow.name
outcome["hub_lesson_editor_approve"] = approve(hub_lesson, editor)  # a centre's editor: refused
outcome["hub_lesson_officer_approve"] = approve(hub_lesson, officer)
hub_lesson.refresh_from_db()
outcome["hub_lesson_live"] = hub_lesson.live

# 3. the centre's editor enters a contest; the committee's staff approve the entry
now = timezone.now()
index = ContestIndexPage.objects.get()
contest = add_contest(
    index,
    judges=[],
    submissions_open=now - timedelta(days=1),
    submissions_close=now + timedelta(days=10),
    judging_start=now + timedelta(days=11),
    judging_end=now + timedelta(days=20),
    engagement_cutoff=now + timedelta(days=19),
)
staff = Client()
staff.force_login(editor)
response = staff.post(
    f"/admin/pages/add/contests/entrypage/{contest.pk}/",
    {
        "title": "Tủ sách phường Một",
        "slug": "tu-sach-phuong-mot",
        "centre": centre.pk,
        "participants": "Nguyễn Văn A",
        "summary": "",
        "youtube_url": "",
        "facebook_url": "",
        "action-submit": "1",
    },
)
outcome["entry_submit_status"] = response.status_code
entry = EntryPage.objects.get(slug="tu-sach-phuong-mot")
outcome["entry_live_before"] = entry.live
outcome["entry_workflow"] = entry.current_workflow_state.workflow.name
outcome["editor_approve_status"] = approve(entry, editor)  # a centre cannot approve its own
entry.refresh_from_db()
outcome["entry_live_after_editor"] = entry.live
outcome["officer_approve_status"] = approve(entry, officer)
entry.refresh_from_db()
outcome["entry_live_after_officer"] = entry.live
print(json.dumps(outcome))  # noqa: T201 (read by the test)
