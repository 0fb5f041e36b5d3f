"""The learning-models demo ("Công dân học tập", recognition/): the province association of Ninh
Bình, one branch per demo centre with its residential groups (a school and an agency at some),
last year's citizen cycle finished (decisions signed, certificates issued) and this year's open
with declarations at every step of the review, plus an open family cycle with no declarations
yet; a reviewer and an approver at Lam Hạ; the demo learner's half-filled draft.

Fast (the test database loads it once per worker): the tree through the recognition factories,
the people, their declarations, answers, evidence and review steps in bulk, scored by
`recognition.scoring`; last year's recognition through `recognition.decisions.issue` (one call
per branch), then its dates moved back to the signing day. Deterministic (seeded) and added once:
a second run finds the province and only keeps this year's cycles open.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.utils import timezone

from hub.models import Centre
from learners.models import Learner
from recognition import criteria as criteria_data
from recognition import decisions, workflow
from recognition.factories import add_child, add_root, add_staff
from recognition.models import (
    Answer,
    Criterion,
    Cycle,
    Declaration,
    Evidence,
    LearningModel,
    Organisation,
    RecognitionCertificate,
    ReviewStep,
)
from recognition.scoring import score

from .demo_learners import (
    FAMILY,
    LEARNER_PHONE,
    MEN_GIVEN,
    MEN_MIDDLE_OLD,
    MEN_MIDDLE_YOUNG,
    WOMEN_GIVEN,
    WOMEN_MIDDLE_OLD,
    WOMEN_MIDDLE_YOUNG,
)

SEED = 2025
ROOT_NAME, ROOT_CODE = "Hội Khuyến học tỉnh Ninh Bình", "NB"
# "duyet.lamha" is the reviewer that tests/recognition/conftest.py makes for its own tree
REVIEWER_USERNAME, REVIEWER_PASSWORD = "duyethoso.lamha", "duyet-demo"  # noqa: S105 (demo only)
APPROVER_USERNAME, APPROVER_PASSWORD = "hoikhuyenhoc.lamha", "hoikhuyenhoc-demo"  # noqa: S105
STAFF_CENTRE = "lam-ha"  # the branch the two accounts above work at
USERNAME_PREFIX = "demo-hv-"
PHONE_PREFIX = "+84945"  # +84945000001 …: a Vinaphone range no test and no demo learner uses

LAST_YEAR, THIS_YEAR = 2025, 2026
LAST_OPENS, LAST_CLOSES = datetime.date(2025, 3, 1), datetime.date(2025, 11, 30)
LAST_REVIEW_UNTIL = datetime.date(2025, 12, 31)
SIGNED_ON = datetime.date(2025, 12, 15)
THIS_OPENS = datetime.date(2026, 3, 1)

# declarations per centre (hostname slug): last year's, this year's (unequal on purpose)
DECLARATIONS = {
    "lam-ha": (60, 80),
    "minh-khai": (48, 55),
    "hai-ba-trung": (40, 52),
    "quang-trung": (30, 38),
    "chau-son": (36, 50),
    "liem-chinh": (26, 30),
    "tien-tan": (28, 45),
    "phu-van": (32, 50),
}
RETURNING = 0.82  # of last year's people, the share who declare again this year
SCHOOLS = {"lam-ha", "hai-ba-trung", "chau-son", "tien-tan"}  # centres whose branch has a school
AGENCY = "lam-ha"  # the one agency (the ward's people's committee)
UNIT_WEIGHTS = {"TDP1": 5, "TDP2": 4, "THON1": 5, "THON2": 4, "THCS": 2, "UBND": 2}
# (status, weight) of each year's declarations; last year's "da_duyet" become "cong_nhan"
LAST_STATUSES = [("da_duyet", 80), ("khong_dat", 13), ("tra_lai", 7)]
THIS_STATUSES = [
    ("nhap", 20),
    ("da_nop", 28),
    ("tra_lai", 10),
    ("don_vi_duyet", 20),
    ("da_duyet", 22),
]
SIGNERS = [
    "Nguyễn Văn Thịnh",
    "Trần Thị Minh Thu",
    "Lê Đức Hạnh",
    "Phạm Văn Toản",
    "Đỗ Thị Lan",
    "Vũ Hữu Nghĩa",
    "Bùi Văn Khải",
    "Đinh Thị Hồng",
]
RETURN_COMMENTS = [
    ("1.2", "Ảnh giấy chứng nhận bị mờ, chưa đọc được tên lớp học; đề nghị chụp lại."),
    ("2.1", "Cần xác nhận của tổ dân phố hoặc cơ quan về việc vận dụng vào công việc."),
    ("1.1", "Kế hoạch học tập chưa ghi rõ thời gian; đề nghị bổ sung."),
]
REJECT_COMMENTS = [
    "Chưa tham gia khoá học nào trong năm; hẹn đợt sau.",
    "Tổng điểm chưa đạt ngưỡng 70 của bộ tiêu chí.",
    "Chưa có kế hoạch học tập cá nhân; đề nghị lập kế hoạch cho năm sau.",
]
EVIDENCE_LABELS = {
    "1.2": "Ảnh giấy chứng nhận lớp học",
    "2.1": "Xác nhận của tổ dân phố",
}

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def recognition_accounts() -> list[tuple[str, str, str]]:
    """(role, username, password) of the two Lam Hạ accounts, for home.demo.demo_accounts."""
    from django.utils.translation import gettext as _

    return [
        (
            _("Cán bộ duyệt hồ sơ Công dân học tập, Hội Khuyến học phường Lam Hạ"),
            REVIEWER_USERNAME,
            REVIEWER_PASSWORD,
        ),
        (
            _("Chủ tịch Hội Khuyến học phường Lam Hạ: phê duyệt, ký quyết định công nhận"),
            APPROVER_USERNAME,
            APPROVER_PASSWORD,
        ),
    ]


def open_until(today: datetime.date) -> datetime.date:
    """This year's cycles close at the end of the year, and never within two months of a load."""
    return max(datetime.date(THIS_YEAR, 12, 31), today + 60 * DAY)


def branch_code(slug: str, taken: set[str]) -> str:
    """ "NB-LAMHA" from "lam-ha": ASCII capitals, short enough for a unit suffix ("-THON1")."""
    base = f"{ROOT_CODE}-{re.sub('[^A-Z0-9]', '', slug.upper())[:15]}"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base[:16]}{n}"
    taken.add(code)
    return code


def load_recognition_demo(centres: list, log: Callable[[str], None] = print) -> None:
    """The association tree, staff, cycles and declarations (once). `centres`: the demo's
    (name, slug, ...) rows (home.demo.CENTRES)."""
    today = timezone.localdate()
    root = Organisation.objects.filter(code=ROOT_CODE).first()
    if root is not None:  # loaded before: this year's cycles stay open
        Cycle.objects.filter(organisation=root, year=THIS_YEAR, closes_on__lte=today).update(
            closes_on=open_until(today)
        )
        return
    by_slug = {slug: Centre.objects.filter(name=name).first() for name, slug, *_rest in centres}
    if not all(by_slug.values()):
        return
    citizen_set, family_set = criteria_data.install_samples()
    Demo(by_slug, citizen_set, family_set, today).build()
    declarations = Declaration.objects.filter(cycle__organisation__code=ROOT_CODE)
    log(
        f"  + Công dân học tập: 2 đợt, {declarations.count()} hồ sơ, "
        f"{RecognitionCertificate.objects.filter(declaration__in=declarations).count()} "
        f"giấy công nhận; Gia đình học tập: 1 đợt đang mở"
    )


@dataclass
class Person:
    username: str
    name: str
    sex: str
    born: int
    phone: str
    centre: str  # slug
    unit: Organisation
    signed_up: datetime.datetime | None = None
    cycles: list[str] = field(default_factory=list)  # "last", "this"
    learner: Learner | None = None


class Demo:
    def __init__(self, centres: dict[str, Centre], citizen_set, family_set, today):
        self.rng = random.Random(SEED)  # noqa: S311 (made-up data, not secrets)
        self.centres = centres
        self.citizen_set = citizen_set
        self.family_set = family_set
        self.today = today
        self.now = timezone.now()
        self.criteria = workflow.criteria_of(citizen_set)
        self.by_pk = {c.pk: c for c in self.criteria}
        self.grades = list(citizen_set.grades.all())
        self.branches: dict[str, Organisation] = {}
        self.units: dict[str, list[tuple[Organisation, int]]] = {}  # slug: [(unit, weight)]
        self.actors: dict[str, tuple] = {}  # slug: (reviewer user, approver user)

    # the tree, the staff, the cycles -----------------------------------------------------------

    def _tree(self) -> None:
        Kind = Organisation.Kind
        root = add_root(ROOT_NAME, ROOT_CODE)
        taken = set(Organisation.objects.values_list("code", flat=True))
        for slug, centre in self.centres.items():
            place = f"{centre.name[:1].lower()}{centre.name[1:]}"  # "phường Lam Hạ"
            ward = re.sub(r"^(Phường|Xã|Thị trấn) ", "", centre.name)  # "Lam Hạ"
            code = branch_code(slug, taken)
            branch = add_child(root, f"Hội Khuyến học {place}", code, Kind.BRANCH, centre=centre)
            village = centre.kind == Centre.Kind.COMMUNE
            rows = [
                (
                    f"Thôn {n}" if village else f"Tổ dân phố số {n}",
                    f"{'THON' if village else 'TDP'}{n}",
                    Kind.RESIDENTIAL,
                )
                for n in (1, 2)
            ]
            if slug in SCHOOLS:
                rows.append((f"Trường THCS {ward}", "THCS", Kind.SCHOOL))
            if slug == AGENCY:
                rows.append((f"UBND {place}", "UBND", Kind.AGENCY))
            units = []
            for name, suffix, kind in rows:
                unit = add_child(branch, name, f"{code}-{suffix}", kind, is_unit=True)
                units.append((unit, UNIT_WEIGHTS[suffix]))
            self.branches[slug] = branch
            self.units[slug] = units
        # siblings are kept in name order: a later branch may have moved an earlier one's path
        fresh = Organisation.objects.filter(path__startswith=root.path).select_related("centre")
        fresh = fresh.in_bulk()
        self.root = fresh[root.pk]
        self.branches = {slug: fresh[branch.pk] for slug, branch in self.branches.items()}
        self.units = {
            slug: [(fresh[unit.pk], weight) for unit, weight in units]
            for slug, units in self.units.items()
        }

    def _staff(self) -> None:
        """The Lam Hạ reviewer and approver (admin access, listed at the branch); elsewhere the
        centre's editor reviews (their centre is linked to the branch) and the city organiser
        approves (hub staff reach every organisation)."""
        User = get_user_model()
        access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        branch = self.branches[STAFF_CENTRE]
        made = {}
        for username, password, first_name, can_approve in (
            (REVIEWER_USERNAME, REVIEWER_PASSWORD, "Cán bộ duyệt hồ sơ", False),
            (APPROVER_USERNAME, APPROVER_PASSWORD, "Chủ tịch Hội Khuyến học", True),
        ):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    f"{username}@example.vn",
                    password,
                    first_name=first_name,
                    last_name=self.centres[STAFF_CENTRE].name,
                    is_staff=True,
                )
                user.user_permissions.add(access)
            add_staff(branch, user, can_approve=can_approve)
            made[username] = user
        organiser = (
            User.objects.filter(username="banchidao").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        editors = {
            user.username: user
            for user in User.objects.filter(
                username__in=[f"{slug.replace('-', '')}.bientap" for slug in self.centres]
            )
        }
        for slug in self.centres:
            self.actors[slug] = (editors.get(f"{slug.replace('-', '')}.bientap"), organiser)
        self.actors[STAFF_CENTRE] = (made[REVIEWER_USERNAME], made[APPROVER_USERNAME])

    def _cycles(self) -> None:
        closes = open_until(self.today)
        self.last = Cycle.objects.create(
            organisation=self.root,
            model=LearningModel.CITIZEN,
            criteria_set=self.citizen_set,
            title=f"Công dân học tập năm {LAST_YEAR}",
            year=LAST_YEAR,
            opens_on=LAST_OPENS,
            closes_on=LAST_CLOSES,
            review_until=LAST_REVIEW_UNTIL,
        )
        self.this = Cycle.objects.create(
            organisation=self.root,
            model=LearningModel.CITIZEN,
            criteria_set=self.citizen_set,
            title=f"Công dân học tập năm {THIS_YEAR}",
            year=THIS_YEAR,
            opens_on=THIS_OPENS,
            closes_on=closes,
        )
        Cycle.objects.create(
            organisation=self.root,
            model=LearningModel.FAMILY,
            criteria_set=self.family_set,
            title=f"Gia đình học tập năm {THIS_YEAR}",
            year=THIS_YEAR,
            opens_on=THIS_OPENS,
            closes_on=closes,
        )

    # the people ----------------------------------------------------------------------------------

    def _name(self, sex: str, born: int, taken: set[str]) -> str:
        rng = self.rng
        families, weights = zip(*FAMILY, strict=True)
        old = born < 1978
        while True:
            woman = sex == "nu" or (not sex and rng.random() < 0.5)
            if woman:
                middle = rng.choice(WOMEN_MIDDLE_OLD if old else WOMEN_MIDDLE_YOUNG)
                given = rng.choice(WOMEN_GIVEN)
            else:
                middle = rng.choice(MEN_MIDDLE_OLD if old else MEN_MIDDLE_YOUNG)
                given = rng.choice(MEN_GIVEN)
            family = rng.choices(families, weights)[0]
            name = f"{family} {middle} {given}"
            if name not in taken and given != family:
                taken.add(name)
                return name

    def _people(self) -> list[Person]:
        """Last year's people per centre, most of them again this year (at the same unit), and
        newcomers up to this year's count."""
        rng = self.rng
        taken_phones = set(
            Learner.objects.filter(phone__startswith=PHONE_PREFIX).values_list("phone", flat=True)
        )
        taken_names = set(Learner.objects.values_list("name", flat=True))
        people: list[Person] = []
        number = 0

        def person(slug: str) -> Person:
            nonlocal number
            number += 1
            phone = f"{PHONE_PREFIX}{number:06d}"
            while phone in taken_phones:
                number += 1
                phone = f"{PHONE_PREFIX}{number:06d}"
            sex = rng.choices(["nu", "nam", ""], [55, 38, 7])[0]
            # ages 18–85 over both years, more of them between 30 and 70
            born = rng.choice(
                [rng.randint(THIS_YEAR - 85, LAST_YEAR - 18), rng.randint(1956, 1995)]
            )
            units, weights = zip(*self.units[slug], strict=True)
            return Person(
                username=f"{USERNAME_PREFIX}{number:06d}",
                name=self._name(sex, born, taken_names),
                sex=sex,
                born=born,
                phone=phone,
                centre=slug,
                unit=rng.choices(units, weights)[0],
            )

        for slug in self.centres:
            last, this = DECLARATIONS.get(slug, (20, 25))
            ward = [person(slug) for _n in range(last)]
            for someone in ward:
                someone.cycles.append("last")
            again = rng.sample(ward, min(round(last * RETURNING), this))
            for someone in again:
                someone.cycles.append("this")
            newcomers = [person(slug) for _n in range(this - len(again))]
            for someone in newcomers:
                someone.cycles.append("this")
            people += ward + newcomers
        return people

    # times -----------------------------------------------------------------------------------

    @staticmethod
    def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    def _after(self, moment, days_min: int, days_max: int, limit) -> datetime.datetime:
        """Some days after `moment`, never past `limit` (nor before `moment`)."""
        return self._between(
            min(moment + days_min * DAY, limit), min(moment + days_max * DAY, limit)
        )

    # answers -----------------------------------------------------------------------------------

    def _answers(self, want: str) -> tuple[dict[int, int | None], object]:
        """Points per criterion and their scoring result: "pass" reaches a grade, "fail" does
        not, "any" is either, "draft" leaves some criteria unanswered."""
        rng = self.rng
        while True:
            quality = {"pass": (0.7, 1.0), "fail": (0.2, 0.75)}.get(want, (0.35, 1.0))
            q = rng.uniform(*quality)
            points: dict[int, int | None] = {}
            for criterion in self.criteria:
                if criterion.kind == Criterion.Kind.POINTS:
                    value = round(criterion.points * min(1.0, max(0.0, q + rng.uniform(-0.2, 0.2))))
                else:
                    met = rng.random() < q or (criterion.mandatory and want == "pass")
                    value = criterion.points if met else 0
                points[criterion.pk] = value
            if want == "draft":
                kept = rng.randint(0, len(self.criteria) - 1)
                for criterion in self.criteria[kept:]:
                    points[criterion.pk] = None
            evidence = {
                pk: 1 for pk, value in points.items() if value and self.by_pk[pk].evidence_required
            }
            result = score(self.criteria, points, evidence, self.grades)
            if (want == "pass" and result.grade) or (want == "fail" and not result.grade):
                return points, result
            if want in ("any", "draft"):
                return points, result

    # the declarations ----------------------------------------------------------------------------

    def _plan(self, person: Person, which: str) -> dict:
        """One declaration: its status, answers and the dates of its steps."""
        rng = self.rng
        if which == "last":
            status = rng.choices(*zip(*LAST_STATUSES, strict=True))[0]
            start, end = self._at(LAST_OPENS), self._at(datetime.date(2025, 10, 31), 18)
            submit_by = self._at(LAST_CLOSES, 17)
            limit = self._at(datetime.date(2025, 12, 12), 16)
        else:
            status = rng.choices(*zip(*THIS_STATUSES, strict=True))[0]
            start = self._at(THIS_OPENS)
            # people started in spring and summer (before the learners' ten weeks of sign-ups)
            end = self.now - 100 * DAY
            if end < start + 30 * DAY:  # loaded early in the year
                end = start + (self.now - start) / 2
            submit_by = limit = self.now - HOUR
        want = {
            "nhap": "draft",
            "da_nop": "any",
            "tra_lai": "any",
            "khong_dat": "fail",
        }.get(status, "pass")
        points, result = self._answers(want)
        created = self._between(start, end)
        steps = []  # (action, when, actor role, comment)
        submitted = decided = None
        if status != "nhap":
            submitted = self._after(created, 1, 25, submit_by)
            steps.append((ReviewStep.Action.SUBMIT, submitted, "self", ""))
        moment = submitted
        returned = None
        if status == "tra_lai":
            moment = self._after(submitted, 2, 10, limit)
            returned = rng.choice(RETURN_COMMENTS)
            steps.append((ReviewStep.Action.RETURN, moment, "reviewer", ""))
        elif status == "khong_dat":
            moment = decided = self._after(submitted, 2, 12, limit)
            steps.append(
                (ReviewStep.Action.REJECT, moment, "reviewer", rng.choice(REJECT_COMMENTS))
            )
        elif status in ("don_vi_duyet", "da_duyet"):
            moment = self._after(submitted, 1, 10, limit)
            steps.append((ReviewStep.Action.ACCEPT, moment, "reviewer", ""))
            if status == "da_duyet":
                moment = decided = self._after(moment, 1, 5, limit)
                steps.append((ReviewStep.Action.APPROVE, moment, "approver", ""))
        return {
            "person": person,
            "status": status,
            "points": points,
            "result": result,
            "created": created,
            "submitted": submitted,
            "decided": decided,
            "updated": moment or self._after(created, 0, 20, limit),
            "steps": steps,
            "returned": returned,
        }

    def _write(self, plans: list[tuple[Cycle, dict]], users: dict[str, object]) -> None:
        declarations = Declaration.objects.bulk_create(
            [
                Declaration(
                    cycle=cycle,
                    unit=plan["person"].unit,
                    learner=plan["person"].learner,
                    name=plan["person"].name,
                    sex=plan["person"].sex,
                    birth_year=plan["person"].born,
                    status=plan["status"],
                    score=plan["result"].score,
                    grade=plan["result"].grade,
                    created_at=plan["created"],
                    updated_at=plan["updated"],
                    submitted_at=plan["submitted"],
                    decided_at=plan["decided"],
                )
                for cycle, plan in plans
            ]
        )
        answers = []
        for declaration, (_cycle, plan) in zip(declarations, plans, strict=True):
            returned_code, comment = plan["returned"] or (None, "")
            for criterion in self.criteria:
                is_returned = criterion.code == returned_code
                answers.append(
                    Answer(
                        declaration=declaration,
                        criterion=criterion,
                        points=plan["points"][criterion.pk],
                        review_comment=comment if is_returned else "",
                        returned=is_returned,
                    )
                )
        answers = Answer.objects.bulk_create(answers)
        Evidence.objects.bulk_create(
            Evidence(
                answer=answer,
                kind=Evidence.Kind.LINK,
                link=f"https://example.org/minh-chung/{answer.declaration_id}-{code}.jpg",
                label=EVIDENCE_LABELS.get(code, "Minh chứng"),
                created_at=answer.declaration.created_at,
            )
            for answer in answers
            if answer.points and self.by_pk[answer.criterion_id].evidence_required
            for code in [self.by_pk[answer.criterion_id].code]
        )
        steps = []
        for declaration, (_cycle, plan) in zip(declarations, plans, strict=True):
            reviewer, approver = self.actors[plan["person"].centre]
            who = {
                "self": users[plan["person"].username],
                "reviewer": reviewer,
                "approver": approver,
            }
            for action, when, role, comment in plan["steps"]:
                steps.append(
                    ReviewStep(
                        declaration=declaration,
                        action=action,
                        actor=who[role],
                        comment=comment,
                        at=when,
                    )
                )
        ReviewStep.objects.bulk_create(steps)

    def _recognise(self) -> None:
        """Last year's approved declarations, one decision per branch (the real issue()), its
        steps and dates moved back to the signing day."""
        signed = self._at(SIGNED_ON, 9)
        for n, (slug, branch) in enumerate(self.branches.items()):
            ids = list(decisions.recognisable(branch, self.last).values_list("pk", flat=True))
            if not ids:
                continue
            _reviewer, approver = self.actors[slug]
            place = f"{branch.centre.name[:1].lower()}{branch.centre.name[1:]}"
            decisions.issue(
                organisation=branch,
                cycle=self.last,
                number=f"{12 + 3 * n:02d}/QĐ-KH",
                signed_on=SIGNED_ON,
                signer=SIGNERS[n % len(SIGNERS)],
                signer_title=f"Chủ tịch Hội Khuyến học {place}",
                declaration_ids=ids,
                user=approver,
            )
        recognised = Declaration.objects.filter(
            cycle=self.last, status=Declaration.Status.RECOGNISED
        )
        ReviewStep.objects.filter(
            declaration__in=recognised, action=ReviewStep.Action.RECOGNISE
        ).update(at=signed)
        recognised.update(updated_at=signed)
        self.last.decisions.update(created_at=signed)

    def _demo_learner(self) -> None:
        """The documented learner's draft at Lam Hạ's first residential group, half answered,
        through the same steps as her taps (her finished course as the evidence of 1.2)."""
        hang = Learner.objects.filter(phone=LEARNER_PHONE).first()
        unit = self.units[STAFF_CENTRE][0][0] if STAFF_CENTRE in self.units else None
        if hang is None or unit is None:
            return
        try:
            declaration, _created = workflow.start(hang, self.this, unit)
        except workflow.WorkflowError:  # the cycle is not open today
            return
        half = self.criteria[: len(self.criteria) // 2]
        values = {
            c.pk: (round(c.points * 0.8) if c.kind == Criterion.Kind.POINTS else c.points)
            for c in half
        }
        with_evidence = next((c for c in half if c.evidence_required), None)
        if with_evidence is not None:
            courses = [
                item["source"]
                for item in workflow.evidence_registry.offered(hang)
                if item["source"].startswith("course:")
            ]
            if courses:
                workflow.add_platform(declaration, with_evidence.pk, courses[:1])
            else:
                values[with_evidence.pk] = None
        workflow.save_answers(declaration, values, {}, {"sex": Declaration.Sex.FEMALE})

    def build(self) -> None:
        rng = self.rng
        self._tree()
        self._staff()
        self._cycles()
        people = self._people()
        plans: list[tuple[Cycle, dict]] = []
        for person in people:
            for which in person.cycles:
                cycle = self.last if which == "last" else self.this
                plans.append((cycle, self._plan(person, which)))
        first = {}
        for _cycle, plan in plans:
            key = plan["person"].username
            first[key] = min(first.get(key, plan["created"]), plan["created"])
        for person in people:
            person.signed_up = first[person.username] - rng.randint(1, 40) * DAY
        User = get_user_model()
        users = User.objects.bulk_create(
            User(
                username=person.username,
                password=make_password(None),
                first_name=person.name[:150],
                date_joined=person.signed_up,
            )
            for person in people
        )
        learners = Learner.objects.bulk_create(
            Learner(
                user=user,
                phone=person.phone,
                name=person.name,
                birth_year=person.born,
                home_centre=self.centres[person.centre],
                phone_verified_at=person.signed_up + 3 * datetime.timedelta(minutes=1),
                consent_at=person.signed_up,
                created_at=person.signed_up,
            )
            for person, user in zip(people, users, strict=True)
        )
        for person, learner in zip(people, learners, strict=True):
            person.learner = learner
        self._write(plans, {user.username: user for user in users})
        self._recognise()
        self._demo_learner()
