"""Learners of the Phủ Lý demo network and their learning record: two courses, about forty
learners (more at Lam Hạ) who signed up over the last ten weeks, opened and finished lessons,
answered the review questions, enrolled in courses, and some of whom completed one.

Fast: one password hash for every demo learner and bulk inserts for the history; completions go
through `learners.learning` (the course rule is checked and the certificate issued, with its
serial, the real way), then their dates are moved back to when the history says they happened.
Deterministic (seeded) and added once: a second run finds the demo learner and adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from hub.models import Centre
from hub.text import vietnamese_slug
from learners import learning
from learners.models import (
    Certificate,
    Enrolment,
    Learner,
    LessonProgress,
    QuizAttempt,
    SavedLesson,
)
from learners.phones import normalise_mobile
from lessons.models import CourseLesson, CoursePage, LessonIndexPage, LessonPage

SEED = 2026
LEARNER_PASSWORD = "hoctap-hocvien"  # noqa: S105 (demo network only; in the README)
LEARNER_PHONE = "+84912345678"
LEARNER_PHONE_DISPLAY = "0912 345 678"
LEARNER_NAME = "Nguyễn Thị Hằng"
LEARNER_USERNAME = "hv-demo-hang"
LEARNER_LOGIN_URL = "/tai-khoan/dang-nhap/"
USERNAME_PREFIX = "hv-demo-"

# learners of each centre besides the demo learner (Lam Hạ's), 39 in all
PER_CENTRE = {
    "lam-ha": 11,
    "minh-khai": 5,
    "hai-ba-trung": 4,
    "quang-trung": 4,
    "chau-son": 4,
    "liem-chinh": 4,
    "tien-tan": 3,
    "phu-van": 4,
}
SIGNUPS_PER_WEEK = [2, 3, 3, 4, 4, 5, 4, 5, 5, 4]  # ten weeks ago → this week (39)
UNVERIFIED = 4  # among the newest: they wait for the centre to confirm their number
STAFF_CONFIRMED = 3  # numbers the centre's editor confirmed (no SMS reached them)
COMPLETERS = 10  # besides the demo learner
SAVERS = 8

# numbers the test suite gives its own learners (tests/learners): never a demo learner's
RESERVED_PREFIXES = ("+8491357", "+849660003", "+84966000111", "+84987654321")

# (title, slug of the centre whose lesson index holds it, or None for the hub's, whether the
# quizzes must be passed, summary, body, [(lesson title, centre slug it is taken from)])
COURSES = [
    (
        "Sử dụng điện thoại thông minh an toàn",
        "lam-ha",
        True,
        "Ba bài ngắn để dùng điện thoại thông minh yên tâm: nhận ra tin nhắn lừa đảo, làm thủ tục"
        " trên Cổng dịch vụ công và dùng căn cước điện tử trên ứng dụng VNeID.",
        "<p>Khoá học dành cho mọi người, nhất là ông bà và cha mẹ mới dùng điện thoại thông minh."
        " Mỗi bài học khoảng 15–30 phút, có câu hỏi ôn tập ở cuối.</p>"
        "<p>Học xong cả ba bài và trả lời đạt các câu hỏi ôn tập, bạn nhận giấy chứng nhận của"
        " TTHTCĐ phường Lam Hạ.</p>",
        [
            ("Nhận biết tin nhắn lừa đảo trên điện thoại", "minh-khai"),
            ("Dùng dịch vụ công trực tuyến trên điện thoại", "minh-khai"),
            ("Quyền và nghĩa vụ khi làm căn cước", "lam-ha"),
        ],
    ),
    (
        "Kiến thức pháp luật cho người cao tuổi",
        None,
        False,
        "Những quy định gần gũi với đời sống hằng ngày: thẻ căn cước, phòng tránh lừa đảo chiếm"
        " đoạt tài sản, phân loại rác thải tại nguồn theo Luật Bảo vệ môi trường.",
        "<p>Khoá học do Ban chỉ đạo xây dựng học tập suốt đời thành phố tổ chức, gồm bài giảng"
        " của các trung tâm học tập cộng đồng trong mạng lưới.</p>"
        "<p>Học xong cả ba bài là hoàn thành khoá học và nhận giấy chứng nhận.</p>",
        [
            ("Quyền và nghĩa vụ khi làm căn cước", "lam-ha"),
            ("Nhận biết tin nhắn lừa đảo trên điện thoại", "minh-khai"),
            ("Phân loại rác thải tại nguồn", "chau-son"),
        ],
    ),
]

FAMILY = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Vũ", 5),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 2),
    ("Trịnh", 2),
    ("Đinh", 2),
    ("Phan", 2),
    ("Lại", 1),
    ("Lương", 1),
    ("Đoàn", 1),
    ("Dương", 1),
    ("Hà", 1),
]
WOMEN_MIDDLE_OLD = ["Thị"] * 8 + ["Thu", "Kim", "Hồng", "Ngọc"]
WOMEN_MIDDLE_YOUNG = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Thuỳ", "Khánh"]
WOMEN_GIVEN = (
    "Lan Hoa Hương Mai Huệ Nga Thảo Trang Linh Yến Nhung Loan Hạnh Dung Phượng Vân Hà Liên"
    " Tuyết Xuân Oanh Bích Hiền Ngân Quỳnh Thơm Cúc Lý Hậu Huyền"
).split()
MEN_MIDDLE_OLD = ["Văn"] * 6 + ["Đức", "Hữu", "Đình", "Xuân", "Quang", "Công"]
MEN_MIDDLE_YOUNG = ["Văn", "Đức", "Minh", "Quang", "Hoàng", "Tuấn", "Thành", "Gia", "Quốc"]
MEN_GIVEN = (
    "Hùng Dũng Tuấn Nam Long Bình Cường Hải Sơn Thắng Toàn Khánh Phúc Quân Tùng Hiếu Thành"
    " Lợi Đạt Chiến Hưng Thịnh Lâm Tâm Kiên Mạnh Huy Bảo"
).split()
# (prefix after +84, weight): Viettel, Vinaphone, Mobifone, Vietnamobile ranges
MOBILE_PREFIXES = [
    ("98", 5),
    ("97", 5),
    ("96", 3),
    ("86", 4),
    ("33", 3),
    ("34", 2),
    ("35", 2),
    ("36", 2),
    ("37", 2),
    ("38", 2),
    ("39", 2),
    ("91", 4),
    ("94", 3),
    ("88", 2),
    ("83", 1),
    ("84", 1),
    ("85", 1),
    ("90", 3),
    ("93", 2),
    ("89", 1),
    ("70", 1),
    ("77", 1),
    ("79", 1),
    ("92", 1),
    ("56", 1),
]

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


def demo_learner_account() -> tuple[str, str, str]:
    """(role, login, password) of the documented demo learner, for load_demo_data's output."""
    from django.utils.translation import gettext as _

    return (f"{_('Người học')} ({LEARNER_LOGIN_URL})", LEARNER_PHONE_DISPLAY, LEARNER_PASSWORD)


def load_demo_learners(centres: list, log: Callable[[str], None] = print) -> None:
    """The two demo courses, then the learners and their record (once). `centres`: the demo's
    (name, slug, ...) rows (home.demo.CENTRES)."""
    centres = {
        slug: Centre.objects.with_site().filter(name=name).first() for name, slug, *_rest in centres
    }
    if not all(centres.values()):
        return
    lessons = list(LessonPage.objects.live().order_by("path"))
    if not lessons:
        return
    courses = _demo_courses(centres, lessons)
    if (
        get_user_model().objects.filter(username=LEARNER_USERNAME).exists()
        or Learner.objects.filter(phone=LEARNER_PHONE).exists()
    ):
        return  # added before (or the number is someone's own account)
    History(centres, lessons, courses).build()
    log(f"  + {Learner.objects.count()} người học, {Certificate.objects.count()} chứng nhận")


# --- courses --------------------------------------------------------------------------------


def _centre_of(lesson: LessonPage, centres: dict[str, Centre]) -> str | None:
    for slug, centre in centres.items():
        if lesson.path.startswith(centre.root_path):
            return slug
    return None


def _demo_courses(centres: dict[str, Centre], lessons: list[LessonPage]) -> list[CoursePage]:
    """The courses, each made the way an editor makes one (a published page with its lessons);
    a lesson is looked up by title and centre, else any lesson of that title, else one not yet
    in the course."""
    from .models import HubHomePage

    where = {lesson.pk: _centre_of(lesson, centres) for lesson in lessons}
    made = []
    for title, centre_slug, require_quizzes, summary, body, wanted in COURSES:
        home = centres[centre_slug].site.root_page if centre_slug else HubHomePage.objects.get()
        index = LessonIndexPage.objects.child_of(home).first()
        if index is None:
            continue
        slug = vietnamese_slug(title)
        course = CoursePage.objects.child_of(index).filter(slug=slug).first()
        if course is None:
            chosen: list[LessonPage] = []
            for lesson_title, lesson_centre in wanted:
                named = [lesson for lesson in lessons if lesson.title == lesson_title]
                here = [lesson for lesson in named if where[lesson.pk] == lesson_centre]
                spare = [lesson for lesson in lessons if lesson not in chosen]
                pick = (here or named or spare or [None])[0]
                if pick is not None and pick not in chosen:
                    chosen.append(pick)
            course = CoursePage(
                title=title,
                slug=slug,
                summary=summary,
                body=body,
                require_quizzes=require_quizzes,
                course_lessons=[
                    CourseLesson(lesson=lesson, sort_order=n) for n, lesson in enumerate(chosen)
                ],
            )
            index.add_child(instance=course)
            course.save_revision().publish()
            course = CoursePage.objects.get(pk=course.pk)
        made.append(course)
    return made


# --- learners and their record ----------------------------------------------------------------


class History:
    """Who signed up when, and what each learner did since; written in bulk, completions through
    `learners.learning`."""

    def __init__(self, centres: dict[str, Centre], lessons: list[LessonPage], courses):
        self.rng = random.Random(SEED)  # noqa: S311 (made-up history, not secrets)
        self.now = timezone.now()
        self.centres = centres
        self.lessons = lessons
        self.courses = courses
        self.course_lessons = {course.pk: course.lessons() for course in courses}
        self.where = {lesson.pk: _centre_of(lesson, centres) for lesson in lessons}
        self.questions = {lesson.pk: lesson.quiz_questions() for lesson in lessons}
        self.has_video = {
            lesson.pk: any(block.block_type == "video" for block in lesson.body)
            for lesson in lessons
        }
        # per generated learner, in sign-up order: {lesson pk: progress fields}, attempts, …
        self.progress: list[dict[int, dict]] = []
        self.attempts: list[list[tuple[int, dict, datetime.datetime]]] = []
        self.enrolments: list[dict[int, datetime.datetime]] = []
        self.saved: list[dict[int, datetime.datetime]] = []
        self.pending: list[tuple] = []  # (when, learner, enrolment) the history completes

    # the people --------------------------------------------------------------------------------

    def _name(self, taken: set[str], born: int | None) -> str:
        rng = self.rng
        families, weights = zip(*FAMILY, strict=True)
        while True:
            woman = rng.random() < 0.62
            old = born is None or born < 1978
            if woman:
                middle = rng.choice(WOMEN_MIDDLE_OLD if old else WOMEN_MIDDLE_YOUNG)
                if not old and rng.random() < 0.2:
                    middle = f"Thị {rng.choice(['Thu', 'Thanh', 'Minh', 'Ngọc'])}"
                given = rng.choice(WOMEN_GIVEN)
            else:
                middle = rng.choice(MEN_MIDDLE_OLD if old else MEN_MIDDLE_YOUNG)
                given = rng.choice(MEN_GIVEN)
            family = rng.choices(families, weights)[0]
            name = f"{family} {middle} {given}"
            if name not in taken and given not in middle.split() and given != family:
                taken.add(name)
                return name

    def _birth_year(self) -> int | None:
        rng = self.rng
        band = rng.choices(
            [None, (1950, 1964), (1965, 1979), (1980, 1994), (1995, 2005)], [2, 7, 5, 4, 2]
        )[0]
        return rng.randint(*band) if band else None

    def _phone(self, taken: set[str]) -> str:
        prefixes, weights = zip(*MOBILE_PREFIXES, strict=True)
        while True:
            number = f"+84{self.rng.choices(prefixes, weights)[0]}{self.rng.randrange(10**7):07d}"
            if number in taken or number.startswith(RESERVED_PREFIXES):
                continue
            try:
                if normalise_mobile(number) != number:
                    continue
            except ValidationError:  # a range the carriers do not use: draw again
                continue
            taken.add(number)
            return number

    def _signup_times(self) -> list[datetime.datetime]:
        """Sign-ups per week as SIGNUPS_PER_WEEK says, at daytime hours, oldest first."""
        rng = self.rng
        today = timezone.localtime(self.now).replace(hour=0, minute=0, second=0, microsecond=0)
        times = []
        weeks = len(SIGNUPS_PER_WEEK)
        for week, count in enumerate(SIGNUPS_PER_WEEK):
            for _n in range(count):
                days_ago = (weeks - 1 - week) * 7 + rng.randrange(7)
                moment = today - days_ago * DAY + rng.randint(6, 21) * HOUR
                moment += rng.randrange(60) * MINUTE
                if moment > self.now - 2 * HOUR:
                    moment = self.now - rng.randint(2, 6) * HOUR
                times.append(moment)
        return sorted(times)

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    # the record ----------------------------------------------------------------------------------

    def _answers(self, lesson_pk: int, right: bool) -> dict:
        answers = {}
        for block in self.questions[lesson_pk]:
            choices = [bool(answer["correct"]) for answer in block.value["answers"]]
            good = [i for i, correct in enumerate(choices) if correct]
            bad = [i for i, correct in enumerate(choices) if not correct]
            answers[block.id] = self.rng.choice(good if right or not bad else bad)
        return answers

    def _open(self, who: int, lesson: LessonPage, start, done_chance: float, quiz_chance: float):
        """The learner opens the lesson some time after `start`; maybe finishes it, maybe
        answers its questions (again after a miss)."""
        rng = self.rng
        end = self.now - HOUR
        first = self._between(start, min(end - HOUR, start + 35 * DAY))  # keenest at first
        last = self._between(first, first + rng.randint(0, 9) * DAY)
        done = rng.random() < done_chance
        if last > end:  # not there yet: still learning it
            last, done = self._between(first, end), False
        how = ""
        if done:
            options = ["button", "end"] + (["video", "video"] if self.has_video[lesson.pk] else [])
            how = rng.choice(options)
        self.progress[who][lesson.pk] = {
            "first_opened_at": first,
            "last_opened_at": last,
            "seconds": rng.randint(300, 1500) if done else rng.randint(120, 600),
            "completed_at": last if done else None,
            "completed_how": how,
        }
        if done and self.questions[lesson.pk] and rng.random() < quiz_chance:
            self._quiz(who, lesson, last, right=rng.random() < 0.7)

    def _quiz(self, who: int, lesson: LessonPage, after, right: bool) -> None:
        when = min(after + self.rng.randint(2, 20) * MINUTE, self.now - 30 * MINUTE)
        self.attempts[who].append((lesson.pk, self._answers(lesson.pk, right), when))
        if not right and self.rng.random() < 0.55:  # many try again, and get it
            again = min(when + self.rng.randint(1, 72) * HOUR, self.now - 20 * MINUTE)
            self.attempts[who].append((lesson.pk, self._answers(lesson.pk, True), again))

    def _finish_course(self, who: int, course: CoursePage, created) -> None:
        """Enrol, then finish every lesson of the course (and pass its questions if needed)."""
        rng = self.rng
        enrolled = self.enrolments[who].setdefault(
            course.pk, self._between(created, created + rng.randint(0, 5) * DAY)
        )
        enrolled = min(enrolled, self.now - 20 * DAY)  # time to learn after enrolling
        self.enrolments[who][course.pk] = enrolled
        moment = enrolled
        for lesson in self.course_lessons[course.pk]:
            moment = self._between(moment + HOUR, moment + rng.randint(1, 6) * DAY)
            row = self.progress[who].get(lesson.pk)
            if row is None or row["completed_at"] is None:
                first = row["first_opened_at"] if row else moment
                self.progress[who][lesson.pk] = {
                    "first_opened_at": min(first, moment),
                    "last_opened_at": max(moment, row["last_opened_at"] if row else moment),
                    "seconds": rng.randint(420, 1500),
                    "completed_at": moment,
                    "completed_how": rng.choice(["button", "end"]),
                }
            done_at = self.progress[who][lesson.pk]["completed_at"]
            passed = any(
                pk == lesson.pk and lesson.passes(*lesson.score(answers))
                for pk, answers, _when in self.attempts[who]
            )
            if course.require_quizzes and self.questions[lesson.pk] and not passed:
                self._quiz(who, lesson, done_at, right=rng.random() < 0.7)
                _pk, answers, when = self.attempts[who][-1]
                if not lesson.passes(*lesson.score(answers)):  # the miss was not retried
                    self._quiz(who, lesson, when, right=True)

    def build(self) -> None:
        rng = self.rng
        User = get_user_model()
        password = make_password(LEARNER_PASSWORD)  # one hash for every demo learner
        editors = {
            user.username: user
            for user in User.objects.filter(
                username__in=[f"{slug.replace('-', '')}.bientap" for slug in self.centres]
            )
        }
        taken_phones = set(Learner.objects.values_list("phone", flat=True))
        taken_phones |= {LEARNER_PHONE}
        homes = [slug for slug, count in PER_CENTRE.items() for _n in range(count)]
        rng.shuffle(homes)
        times = self._signup_times()
        names = {LEARNER_NAME}
        people = []
        for n, (home, created) in enumerate(zip(homes, times, strict=True)):
            born = self._birth_year()
            people.append(
                {
                    "username": f"{USERNAME_PREFIX}{n + 1:02d}",
                    "name": self._name(names, born),
                    "born": born,
                    "phone": self._phone(taken_phones),
                    "home": home,
                    "created": created,
                }
            )
        newest = list(range(len(people)))[-UNVERIFIED * 2 :]
        unverified = set(rng.sample(newest, UNVERIFIED))
        confirmed = set(
            rng.sample([n for n in range(len(people)) if n not in unverified], STAFF_CONFIRMED)
        )
        # who learns how much: unverified learners barely start
        levels = [
            "idle" if n in unverified else rng.choices(["idle", "casual", "keen"], [2, 5, 5])[0]
            for n in range(len(people))
        ]
        keen = [n for n, level in enumerate(levels) if level == "keen"]
        early = [n for n in keen if people[n]["created"] < self.now - 25 * DAY]
        completers = rng.sample(early, min(COMPLETERS, len(early)))

        by_pk = {lesson.pk: lesson for lesson in self.lessons}
        for n, person in enumerate(people):
            self.progress.append({})
            self.attempts.append([])
            self.enrolments.append({})
            self.saved.append({})
            created = person["created"]
            level = levels[n]
            own = [pk for pk, slug in self.where.items() if slug == person["home"]]
            others = [pk for pk in self.where if pk not in own]
            pool = rng.sample(own, len(own)) + rng.sample(others, len(others))
            count = {"idle": rng.randint(0, 1), "casual": rng.randint(2, 4)}.get(
                level, rng.randint(4, 7)
            )
            days = (self.now - created).days
            if days < 14:  # signed up lately: just started
                count = min(count, 1 + days // 5)
            picked = pool[:count]
            done_chance, quiz_chance = {
                "idle": (0.3, 0.4),
                "casual": (0.55, 0.6),
                "keen": (0.85, 0.9),
            }[level]
            for pk in picked:
                self._open(n, by_pk[pk], created, done_chance, quiz_chance)
            if (
                level != "idle"
                and self.courses
                and rng.random() < (0.6 if level == "keen" else 0.3)
            ):
                course = rng.choice(self.courses)  # enrolled, partway
                self.enrolments[n][course.pk] = self._between(created, self.now - DAY)
                for lesson in self.course_lessons[course.pk][: rng.randint(0, 1)]:
                    if lesson.pk not in self.progress[n]:
                        self._open(n, lesson, self.enrolments[n][course.pk], 0.5, 0.6)
        for k, n in enumerate(completers):
            course = self.courses[0] if k % 3 != 2 or len(self.courses) < 2 else self.courses[1]
            self._finish_course(n, course, people[n]["created"])
            if k == 0 and len(self.courses) > 1:  # one keen learner does both
                self._finish_course(n, self.courses[1], people[n]["created"])
        for n in rng.sample([n for n in range(len(people)) if levels[n] != "idle"], SAVERS):
            for pk in rng.sample(list(self.where), rng.randint(1, 2)):
                self.saved[n][pk] = self._between(people[n]["created"], self.now - HOUR)

        # the demo learner, the last to be added to the lists (index len(people))
        users = [
            User(
                username=person["username"],
                password=password,
                first_name=person["name"][:150],
                date_joined=person["created"],
                last_login=max(
                    [person["created"]]
                    + [row["last_opened_at"] for row in self.progress[n].values()]
                ),
            )
            for n, person in enumerate(people)
        ]
        hang_created = self._ago(63, 20, 40)
        hang = User(
            username=LEARNER_USERNAME,
            password=password,
            first_name=LEARNER_NAME,
            date_joined=hang_created,
            last_login=self._ago(1, 21),
        )
        users = User.objects.bulk_create([*users, hang])
        learners = []
        for n, (person, user) in enumerate(zip(people, users, strict=False)):
            created = person["created"]
            verified_at, verified_by = created + rng.randint(1, 4) * MINUTE, None
            if n in unverified:
                verified_at = None
            elif n in confirmed:
                verified_at = min(created + rng.randint(1, 3) * DAY, self.now - HOUR)
                verified_by = editors.get(f"{person['home'].replace('-', '')}.bientap")
            learners.append(
                Learner(
                    user=user,
                    phone=person["phone"],
                    name=person["name"],
                    birth_year=person["born"],
                    home_centre=self.centres[person["home"]],
                    phone_verified_at=verified_at,
                    verified_by=verified_by,
                    consent_at=created,
                    created_at=created,
                )
            )
        learners.append(
            Learner(
                user=users[-1],
                phone=LEARNER_PHONE,
                name=LEARNER_NAME,
                birth_year=1962,
                home_centre=self.centres["lam-ha"],
                phone_verified_at=hang_created + 2 * MINUTE,
                consent_at=hang_created,
                created_at=hang_created,
            )
        )
        learners = Learner.objects.bulk_create(learners)
        self._write(learners[:-1])
        self._demo_learner(learners[-1])
        self._complete_until(None)

    def _write(self, learners: list[Learner]) -> None:
        """The history in bulk; then the completions, through the real service."""
        by_pk = {lesson.pk: lesson for lesson in self.lessons}
        LessonProgress.objects.bulk_create(
            [
                LessonProgress(learner=learner, lesson_id=pk, **row)
                for learner, rows in zip(learners, self.progress, strict=True)
                for pk, row in rows.items()
            ]
        )
        attempts = []
        for learner, rows in zip(learners, self.attempts, strict=True):
            for pk, answers, when in rows:
                lesson = by_pk[pk]
                correct, total = lesson.score(answers)
                attempts.append(
                    QuizAttempt(
                        learner=learner,
                        lesson=lesson,
                        answers=answers,
                        correct=correct,
                        total=total,
                        passed=lesson.passes(correct, total),
                        created_at=when,
                    )
                )
        QuizAttempt.objects.bulk_create(attempts)
        SavedLesson.objects.bulk_create(
            [
                SavedLesson(learner=learner, lesson_id=pk, saved_at=when)
                for learner, rows in zip(learners, self.saved, strict=True)
                for pk, when in rows.items()
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(learner=learner, course_id=course_pk, enrolled_at=when)
                for learner, rows in zip(learners, self.enrolments, strict=True)
                for course_pk, when in rows.items()
            ]
        )
        passed = {(a.learner_id, a.lesson_id) for a in attempts if a.passed}
        done_at = {
            (learner.pk, pk): row["completed_at"]
            for learner, rows in zip(learners, self.progress, strict=True)
            for pk, row in rows.items()
            if row["completed_at"]
        }
        pass_at: dict[tuple[int, int], datetime.datetime] = {}
        for attempt in attempts:
            if attempt.passed:
                key = (attempt.learner_id, attempt.lesson_id)
                pass_at[key] = min(pass_at.get(key, attempt.created_at), attempt.created_at)
        courses = {course.pk: course for course in self.courses}
        learner_of = {learner.pk: learner for learner in learners}
        finished = []
        for enrolment in enrolments:
            course = courses[enrolment.course_id]
            moments = []
            for lesson in self.course_lessons[course.pk]:
                key = (enrolment.learner_id, lesson.pk)
                if key not in done_at:
                    break
                moments.append(done_at[key])
                if course.require_quizzes and self.questions[lesson.pk]:
                    if key not in passed:
                        break
                    moments.append(pass_at[key])
            else:
                if moments:
                    finished.append((enrolment, max([enrolment.enrolled_at, *moments])))
        # issued in the order they happened (the demo learner's among them): serials follow dates
        self.pending = sorted(
            [(when, learner_of[e.learner_id], e) for e, when in finished], key=lambda row: row[0]
        )

    def _complete_until(self, moment: datetime.datetime | None) -> None:
        """Complete the pending enrolments that the history finishes before `moment` (all if
        None): the rule checked and the certificate issued by `learners.learning`."""
        done = []
        while self.pending and (moment is None or self.pending[0][0] < moment):
            when, learner, enrolment = self.pending.pop(0)
            course = next(c for c in self.courses if c.pk == enrolment.course_id)
            enrolment.learner, enrolment.course = learner, course
            if learning.course_state(learner, course, self.course_lessons[course.pk])["complete"]:
                learning.complete(enrolment)
                done.append((enrolment.pk, when))
        _backdate_completions(done)

    def _ago(self, days: int, hour: int = 19, minute: int = 15) -> datetime.datetime:
        """A moment `days` ago at a local hour (the demo learner's story)."""
        day = timezone.localtime(self.now - days * DAY)
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)

    def _demo_learner(self, hang: Learner) -> None:
        """Nguyễn Thị Hằng of Lam Hạ, through the service functions as her clicks would go: the
        first course completed (its certificate issued), the second enrolled and partway, a
        lesson of her centre finished and passed, another in progress, two saved; then her dates
        moved back to a story of nine weeks."""
        if not self.courses:
            return
        ago = self._ago
        first = self.courses[0]
        second = self.courses[1] if len(self.courses) > 1 else None
        opened: dict[int, tuple] = {}  # lesson pk: (first opened, last opened, seconds, done)
        quizzes: list[datetime.datetime] = []  # when each attempt was made, in order
        learning.enrol(hang, first)
        enrolled = {first.pk: ago(60, 9)}
        completed = None
        day = 60
        for n, lesson in enumerate(self.course_lessons[first.pk]):
            self._complete_until(ago(day - 2))  # the others who finished before her
            how = "video" if self.has_video[lesson.pk] else ("button", "end")[n % 2]
            learning.record_progress(hang, lesson, 120, how)
            opened[lesson.pk] = (ago(day, 9), ago(day - 2), 720 + 240 * n, ago(day - 2))
            completed = ago(day - 2)
            if self.questions[lesson.pk]:
                if n == 1:  # a miss, and a pass the next evening
                    learning.record_quiz(hang, lesson, self._answers(lesson.pk, right=False))
                    quizzes.append(ago(day - 2, 20))
                    day -= 1
                learning.record_quiz(hang, lesson, self._answers(lesson.pk, right=True))
                quizzes.append(ago(day - 2, 20))
                completed = quizzes[-1]
            day -= 9
        in_courses = {ls.pk for lessons in self.course_lessons.values() for ls in lessons}
        own = [
            ls for ls in self.lessons if self.where[ls.pk] == "lam-ha" and ls.pk not in in_courses
        ]
        if own:  # a lesson of her centre, outside the courses: finished and passed
            lesson = own[0]
            learning.record_progress(hang, lesson, 120, "end")
            opened[lesson.pk] = (ago(30, 8), ago(28), 600, ago(28))
            if self.questions[lesson.pk]:
                learning.record_quiz(hang, lesson, self._answers(lesson.pk, right=True))
                quizzes.append(ago(28, 20))
        if second is not None:  # enrolled: two of its lessons are done already (shared)
            learning.enrol(hang, second)
            enrolled[second.pk] = ago(12, 10)
            going = [ls for ls in self.course_lessons[second.pk] if ls.pk not in opened]
            if going:  # in progress: opened twice, not finished yet
                learning.record_progress(hang, going[0], 60)
                opened[going[0].pk] = (ago(5, 20), ago(1, 21), 420, None)
        titles = {ls.title for ls in self.lessons if ls.pk in opened}
        saved, seen = [], set()
        for ls in sorted(self.lessons, key=lambda ls: self.where[ls.pk] != "lam-ha"):
            if ls.pk not in opened and ls.title not in titles | seen:
                saved.append(ls)
                seen.add(ls.title)
        learning.save_lessons(hang, saved[:2])

        for pk, (first_at, last_at, seconds, done) in opened.items():
            LessonProgress.objects.filter(learner=hang, lesson_id=pk).update(
                first_opened_at=first_at, last_opened_at=last_at, seconds=seconds, completed_at=done
            )
        attempts = list(QuizAttempt.objects.filter(learner=hang).order_by("pk"))
        for attempt, when in zip(attempts, quizzes, strict=False):
            attempt.created_at = when
        QuizAttempt.objects.bulk_update(attempts, ["created_at"])
        SavedLesson.objects.filter(learner=hang).update(saved_at=ago(20, 21))
        for course_pk, when in enrolled.items():
            Enrolment.objects.filter(learner=hang, course_id=course_pk).update(enrolled_at=when)
        done = Enrolment.objects.filter(learner=hang, completed_at__isnull=False)
        _backdate_completions([(pk, completed) for pk in done.values_list("pk", flat=True)])


def _backdate_completions(rows: list[tuple[int, datetime.datetime]]) -> None:
    """Move completions (and their certificates' dates) back to when the history has them, not
    before the year of the certificate's serial."""
    if not rows:
        return
    when = dict(rows)
    enrolments = list(Enrolment.objects.filter(pk__in=when, completed_at__isnull=False))
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)}
    for enrolment in enrolments:
        moment = when[enrolment.pk]
        certificate = certificates.get(enrolment.pk)
        if certificate is not None:
            new_year = timezone.make_aware(
                datetime.datetime(certificate.issued_on.year, 1, 1, 8, 0)
            )
            moment = max(moment, new_year)
            certificate.issued_on = timezone.localdate(moment)
        enrolment.completed_at = moment
    Enrolment.objects.bulk_update(enrolments, ["completed_at"])
    Certificate.objects.bulk_update(list(certificates.values()), ["issued_on"])
