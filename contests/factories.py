"""Factories for contests, shared by tests, the demo network and the ranking benchmark."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from hub.text import vietnamese_slug

from .models import (
    ContestIndexPage,
    ContestJudge,
    ContestPage,
    ContestPart,
    ContestRound,
    Criterion,
    EntryPage,
)

PROPAGANDIST_PARTS = [
    ("Phần thi kiến thức", 1, [("Nắm vững chủ trương, chính sách", 10, 1)]),
    (
        "Phần thi video giới thiệu một chủ đề",
        2,
        [
            ("Nội dung chính xác, thiết thực", 10, 2),
            ("Cách truyền đạt hấp dẫn", 10, 1.5),
            ("Hình ảnh, âm thanh", 10, 1),
        ],
    ),
    ("Phần thi tài năng tuyên truyền", 1, [("Sáng tạo", 10, 1), ("Phong cách", 10, 1)]),
]


def contest_index(hub) -> ContestIndexPage:
    existing = ContestIndexPage.objects.child_of(hub).first()
    if existing:
        return existing
    index = ContestIndexPage(title="Hội thi", slug="hoi-thi", show_in_menus=True)
    hub.add_child(instance=index)
    index.save_revision().publish()
    return index


class ContestPageFactory(wagtail_factories.PageFactory):
    title = "Tuyên truyền viên giỏi các TTHTCĐ 2026"
    slug = factory.LazyAttribute(lambda o: vietnamese_slug(o.title))
    description = "<p>Hội thi giữa các trung tâm học tập cộng đồng thành phố.</p>"
    submissions_open = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    submissions_close = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    judging_start = factory.LazyAttribute(
        lambda o: o.submissions_close + datetime.timedelta(hours=1)
    )
    judging_end = factory.LazyAttribute(lambda o: o.judging_start + datetime.timedelta(days=10))
    engagement_cutoff = factory.LazyAttribute(
        lambda o: o.submissions_close + datetime.timedelta(days=7)
    )
    engagement_weight = Decimal("0.2")

    class Meta:
        model = ContestPage


def add_contest(index, parts=PROPAGANDIST_PARTS, judges=(), rounds=(), **kwargs) -> ContestPage:
    """A published contest with its parts ((name, weight, criteria[, round number])), criteria,
    judges ([(user, centre or None[, round number[, panel]])]) and later rounds
    ([(name, judging start, judging end, engagement cut-off)])."""
    contest = ContestPageFactory.build(**kwargs)
    for order, (name, start, end, cutoff) in enumerate(rounds):
        contest.rounds.add(
            ContestRound(
                name=name,
                judging_start=start,
                judging_end=end,
                engagement_cutoff=cutoff,
                sort_order=order,
            )
        )
    for order, (name, weight, criteria, *number) in enumerate(parts):
        part = ContestPart(
            name=name,
            weight=Decimal(str(weight)),
            sort_order=order,
            round_number=number[0] if number else 1,
        )
        part.criteria = [
            Criterion(
                name=c_name,
                max_points=Decimal(str(max_points)),
                weight=Decimal(str(c_weight)),
                sort_order=i,
            )
            for i, (c_name, max_points, c_weight) in enumerate(criteria)
        ]
        contest.parts.add(part)
    for order, (user, centre, *more) in enumerate(judges):
        contest.judges.add(
            ContestJudge(
                user=user,
                centre=centre,
                sort_order=order,
                round_number=more[0] if more else None,
                panel=more[1] if len(more) > 1 else "",
            )
        )
    index.add_child(instance=contest)
    contest.save_revision().publish()
    return contest


def add_entry(contest, centre, title: str | None = None, **kwargs) -> EntryPage:
    title = title or f"Bài dự thi của {centre.title}"
    entry = EntryPage(
        title=title,
        slug=f"{vietnamese_slug(title)[:60]}-{EntryPage.objects.count() + 1}",
        centre=centre,
        participants=kwargs.pop("participants", "Nhóm tuyên truyền viên"),
        **kwargs,
    )
    contest.add_child(instance=entry)
    entry.save_revision().publish()
    return entry
