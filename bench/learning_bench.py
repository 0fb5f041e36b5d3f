"""Learning record benchmark (issue #20), on PostgreSQL (run through scripts/services.sh):

- 200 learners finish the same one-lesson course at once, each sending "done" twice at the same
  moment (a double tap), from 100 threads with their own connections: afterwards there must be
  exactly one progress row per learner, stamped done once, with both reports' seconds added, one
  completed enrolment and one certificate each, every serial distinct;
- the time to render one course certificate PDF (WeasyPrint, warm).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-learning-"))

base_url = os.environ.get("DATABASE_URL", "")
if not base_url.startswith("postgres"):
    sys.exit("learning_bench.py needs PostgreSQL: run it through scripts/services.sh (make bench)")
DB_URL = base_url.rsplit("/", 1)[0] + "/hoctap_learning"
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

LEARNERS = 200
THREADS = 100
SECONDS = 30


def main() -> None:
    subprocess.run(["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_learning"], check=True)
    subprocess.run(["psql", base_url, "-qc", "CREATE DATABASE hoctap_learning"], check=True)
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.common import write
    from home.demo import load_demo_network
    from hub.certificate_pdf import certificate_pdf
    from hub.models import Centre
    from learners import learning
    from learners.models import Certificate, Enrolment, Learner, LessonProgress
    from lessons.models import CourseLesson, CoursePage, LessonIndexPage, LessonPage

    call_command("migrate", verbosity=0)
    load_demo_network(log=lambda _m: None, video_centres=0)
    centre = Centre.objects.with_site().order_by("name").first()
    index = LessonIndexPage.objects.descendant_of(centre.site.root_page).first()
    lesson = LessonPage.objects.child_of(index).live().first()
    course = CoursePage(title="Khoá đo tải", require_quizzes=False)
    index.add_child(instance=course)
    CourseLesson.objects.create(course=course, lesson=lesson, sort_order=0)
    course.save_revision().publish()
    course = CoursePage.objects.get(pk=course.pk)

    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [User(username=f"bench-{i}", password=password) for i in range(LEARNERS)]
    )
    now = timezone.now()
    learners = Learner.objects.bulk_create(
        [
            Learner(
                user=user,
                phone=f"+8491{i:07d}",
                name=f"Người học {i}",
                home_centre=centre,
                consent_at=now,
                phone_verified_at=now,
            )
            for i, user in enumerate(users)
        ]
    )
    for learner in learners:
        learning.enrol(learner, course)
    connection.close()

    start = threading.Barrier(THREADS)
    latencies: list[float] = []
    lock = threading.Lock()
    waited = threading.local()

    def finish(learner_id: int) -> None:
        from django.db import connection as thread_connection

        if not getattr(waited, "done", False):
            start.wait()  # every thread begins together
            waited.done = True
        learner = Learner.objects.get(pk=learner_id)
        began = time.perf_counter()
        learning.record_progress(learner, lesson, SECONDS, "button")
        with lock:
            latencies.append(time.perf_counter() - began)
        thread_connection.close()

    jobs = [learner.pk for learner in learners for _twice in range(2)]
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(finish, jobs))
    elapsed = time.perf_counter() - began

    rows = LessonProgress.objects.filter(lesson=lesson, learner__in=learners)
    ok_rows = rows.count() == LEARNERS
    ok_done = rows.filter(completed_at__isnull=False).count() == LEARNERS
    ok_seconds = set(rows.values_list("seconds", flat=True)) == {2 * SECONDS}
    completed = Enrolment.objects.filter(course=course, completed_at__isnull=False).count()
    certificates = Certificate.objects.filter(enrolment__course=course)
    serials = set(certificates.values_list("serial", flat=True))
    ok = (
        ok_rows
        and ok_done
        and ok_seconds
        and completed == LEARNERS
        and certificates.count() == LEARNERS
        and len(serials) == LEARNERS
    )

    certificate = certificates.first()
    kwargs = {
        "name": certificate.name,
        "course": certificate.course_title,
        "centre": certificate.centre_name,
        "issued_on": certificate.issued_on,
        "serial": certificate.serial,
        "verify_url": "https://phuly.example/tai-khoan/kiem-tra-chung-nhan/abc/",
    }
    certificate_pdf(**kwargs)  # warm: fonts and templates loaded
    times = []
    for _ in range(10):
        t = time.perf_counter()
        pdf = certificate_pdf(**kwargs)
        times.append(time.perf_counter() - t)

    write(
        "learning",
        [
            {
                "metric": f"{LEARNERS} learners finishing a lesson concurrently, each twice at once",
                "value": round(elapsed, 2),
                "unit": "s",
                "note": f"{THREADS} threads on PostgreSQL; "
                f"rows {rows.count()}/{LEARNERS}, done once {ok_done}, seconds added "
                f"{ok_seconds}, courses completed {completed}, certificates "
                f"{certificates.count()} with {len(serials)} distinct serials: "
                + ("no lost or doubled records" if ok else "RECORDS WRONG"),
            },
            {
                "metric": "one progress write (median / 95th percentile)",
                "value": f"{statistics.median(latencies) * 1000:.0f} / "
                f"{statistics.quantiles(latencies, n=20)[18] * 1000:.0f}",
                "unit": "ms",
                "note": "under the concurrent load above",
            },
            {
                "metric": "certificate PDF (WeasyPrint, warm; median of 10)",
                "value": round(statistics.median(times) * 1000),
                "unit": "ms",
                "note": f"{len(pdf) // 1024} KB, Be Vietnam Pro embedded",
            },
        ],
    )
    connection.close()
    subprocess.run(
        ["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_learning WITH (FORCE)"],
        check=False,
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
