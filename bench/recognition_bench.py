"""Learning models report benchmark (issue #22), on PostgreSQL (run through scripts/services.sh):
a province with 100 branches of 30 units (3,000 units), 100,000 declarations in this year's cycle
and 80,000 in last year's, in every status, grade, sex and age band. Times the report on the
province (100 rows), on one branch (30 rows) and the XLSX copy of the province's, with the number
of queries each makes (it must not grow with the units)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-recognition-"))

base_url = os.environ.get("DATABASE_URL", "")
if not base_url.startswith("postgres"):
    sys.exit(
        "recognition_bench.py needs PostgreSQL: run it through scripts/services.sh (make bench)"
    )
DB_URL = base_url.rsplit("/", 1)[0] + "/hoctap_recognition"
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

BRANCHES, UNITS = 100, 30  # units per branch
DECLARATIONS, PREVIOUS = 100_000, 80_000
BATCH = 5000


def build_tree():
    """The province and its 3,100 nodes, treebeard's paths written directly in bulk."""
    from recognition.factories import bulk_tree

    return bulk_tree("Hội Khuyến học tỉnh Đo Tải", "DT", BRANCHES, UNITS)


def build_people(centre):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from learners.models import Learner

    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"dt-{i}", password=unusable) for i in range(DECLARATIONS)],
        batch_size=BATCH,
    )
    now = timezone.now()
    return Learner.objects.bulk_create(
        [
            Learner(
                user=user,
                phone=f"+84199{i:07d}",  # a range the demo never uses
                name=f"Người khai {i}",
                home_centre=centre,
                consent_at=now,
            )
            for i, user in enumerate(users)
        ],
        batch_size=BATCH,
    )


def build_declarations(cycle, previous, units, learners) -> None:
    from recognition.models import Declaration

    statuses = list(Declaration.Status)
    sexes = ["nam", "nu", "", "nu", "nam", "khac"]
    approved = {Declaration.Status.APPROVED, Declaration.Status.RECOGNISED}
    for target, count in ((cycle, DECLARATIONS), (previous, PREVIOUS)):
        rows = []
        for i in range(count):
            status = statuses[(i * 7 + target.year) % len(statuses)]
            rows.append(
                Declaration(
                    cycle=target,
                    unit=units[i % len(units)],
                    learner=learners[i],
                    name=f"Người khai {i}",
                    status=status,
                    grade=("Tiêu biểu" if i % 5 == 0 else "Đạt") if status in approved else "",
                    sex=sexes[i % len(sexes)],
                    birth_year=None if i % 13 == 0 else target.year - 16 - i % 70,
                )
            )
            if len(rows) == BATCH:
                Declaration.objects.bulk_create(rows)
                rows = []
        Declaration.objects.bulk_create(rows)


def timed(function, runs: int) -> tuple[float, set]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], set()
    for _ in range(runs):
        reset_queries()  # DEBUG's query log is a bounded deque, full after the setup
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            function()
            timings.append(time.perf_counter() - start)
        queries.add(len(ctx))
    return statistics.median(timings) * 1000, queries


def main() -> None:
    subprocess.run(
        ["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_recognition"], check=True
    )
    subprocess.run(["psql", base_url, "-qc", "CREATE DATABASE hoctap_recognition"], check=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.common import write
    from home.demo import load_demo_network
    from hub.models import Centre
    from recognition import reports
    from recognition.criteria import SAMPLE_CITIZEN, create_set
    from recognition.factories import add_cycle
    from recognition.models import Cycle, Declaration, Organisation

    call_command("migrate", verbosity=0)
    load_demo_network(log=lambda _m: None, video_centres=0)
    started = time.perf_counter()
    province = build_tree()
    criteria_set = create_set({**SAMPLE_CITIZEN, "version": "DO-TAI-1", "title": "Bộ đo tải"})
    cycle = add_cycle(province, criteria_set, title="Công dân học tập (đo tải)")
    previous = add_cycle(
        province, criteria_set, year=cycle.year - 1, title="Công dân học tập (đo tải) năm trước"
    )
    units = list(Organisation.objects.filter(path__startswith=province.path, is_unit=True))
    learners = build_people(Centre.objects.order_by("pk").first())
    build_declarations(cycle, previous, units, learners)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup = time.perf_counter() - started

    cycle = Cycle.objects.select_related("organisation").get(pk=cycle.pk)
    branch = Organisation.objects.get(code="DT-42")
    checks = []

    in_branch = Declaration.objects.filter(cycle=cycle, unit__path__startswith=branch.path)
    expected_branch = (in_branch.count(), in_branch.filter(status="cong_nhan").count())
    expected_previous = Declaration.objects.filter(cycle=previous, status="cong_nhan").count()

    def province_report():
        report = reports.build(cycle, None, province)
        checks.append(
            (report.total.now.registered, report.total.before.recognised, len(report.rows))
            == (DECLARATIONS, expected_previous, BRANCHES)
        )

    def branch_report():
        report = reports.build(cycle, None, branch)
        checks.append((report.total.now.registered, report.total.now.recognised) == expected_branch)

    def export():
        checks.append(len(reports.xlsx(reports.build(cycle, None, province))) > 0)

    province_report()  # warm
    province_ms, province_q = timed(province_report, 5)
    branch_ms, branch_q = timed(branch_report, 5)
    export_ms, export_q = timed(export, 3)
    counted = Declaration.objects.filter(cycle__in=[cycle, previous]).count()
    # the same queries for 3,000 units as for one branch's 30 (and as tests/recognition measure)
    constant = province_q == branch_q == export_q and len(province_q) == 1
    ok = all(checks) and counted == DECLARATIONS + PREVIOUS and constant
    write(
        "recognition",
        [
            {
                "metric": f"report on the province: {BRANCHES} rows over {BRANCHES * UNITS} units, "
                f"{DECLARATIONS:,} + {PREVIOUS:,} declarations (median of 5)",
                "value": round(province_ms),
                "unit": "ms",
                "note": f"{sorted(province_q)} queries; PostgreSQL",
            },
            {
                "metric": f"report on one branch: {UNITS} rows (median of 5)",
                "value": round(branch_ms),
                "unit": "ms",
                "note": f"{sorted(branch_q)} queries",
            },
            {
                "metric": f"XLSX of the province's report, {BRANCHES} rows (median of 3)",
                "value": round(export_ms),
                "unit": "ms",
                "note": f"{sorted(export_q)} queries; report built and written",
            },
            {
                "metric": "figures checked against the data",
                "value": "ok" if ok else "WRONG",  # figures, row counts, constant queries
                "unit": "",
                "note": f"setup {setup:.0f} s",
            },
        ],
    )
    connection.close()
    subprocess.run(
        ["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_recognition WITH (FORCE)"],
        check=False,
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
