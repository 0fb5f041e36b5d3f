"""Demo contests at the later stages (home/demo.py makes the open one and the single-round one
being judged): a blind two-round contest in its final round (chung khảo) with judges assigned,
a written (PDF) and a link entry; and last year's contest with results, prizes, certificates and
the judges' feedback released to the centres."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

STORY_TITLES = [
    "Chuyện cây khế kể lại",
    "Ông đồ và những trang sách",
    "Bà kể con nghe",
    "Sách hay mỗi ngày",
    "Đọc cùng cháu",
    "Những trang sách tuổi thơ",
    "Góc đọc nhỏ đầu ngõ",
    "Một cuốn sách, một ước mơ",
]
TWO_ROUNDS = "Kể chuyện sách hay 2026"
FINISHED = "Kể chuyện sách hay 2025"


def load_demo_round_contests(index, judges, centres, log=print) -> None:
    from contests.factories import add_contest, add_entry
    from contests.models import ContestPage, JudgeNote, JudgeScore, PrizeTier, RoundEntry
    from contests.prizes import confirm
    from contests.ranking import contest_ranking
    from contests.rounds import auto_assign
    from library.factories import make_pdf_document

    if ContestPage.objects.filter(title__in=[TWO_ROUNDS, FINISHED]).exists():
        return
    now = timezone.now()
    day = datetime.timedelta(days=1)
    parts = [
        ("Sơ khảo: nội dung câu chuyện", 1, [("Nội dung", 10, 2), ("Sáng tạo", 10, 1)], 1),
        (
            "Chung khảo: kể trước hội đồng",
            1,
            [("Giọng kể", 10, 1), ("Sức truyền cảm", 10, 1), ("Trả lời câu hỏi", 10, 1)],
            2,
        ),
    ]
    contest = add_contest(
        index,
        parts=parts,
        judges=[(user, centre) for user, centre in judges],
        rounds=[("Chung khảo", now - 2 * day, now + 6 * day, now + 6 * day)],
        title=TWO_ROUNDS,
        blind=True,
        judges_see_others=True,
        first_round_name="Sơ khảo",
        submissions_open=now - 40 * day,
        submissions_close=now - 20 * day,
        judging_start=now - 19 * day,
        judging_end=now - 5 * day,
        engagement_cutoff=now - 5 * day,
        engagement_weight=Decimal("0.1"),
    )
    entries = []
    for i, (centre, title) in enumerate(zip(centres, STORY_TITLES, strict=False)):
        extra = {}
        if i == 0:  # a written entry: the story as a PDF, read page by page
            document = make_pdf_document(
                title,
                centre.collection,
                pages=[f"{title}", "Ngày xưa, ở một làng nhỏ bên sông …", "Hết."],
            )
            extra = {"kind": "document", "document": document}
        elif i == 1:  # a link entry: slides kept elsewhere
            extra = {"kind": "link", "link_url": "https://example.org/ke-chuyen-sach-hay/slide"}
        entry = add_entry(
            contest,
            centre,
            title=title,
            participants="Nhóm kể chuyện của trung tâm",
            summary="Câu chuyện về một cuốn sách đã thay đổi cách cả nhà đọc sách mỗi tối.",
            **extra,
        )
        entries.append(entry)
    first = contest.criteria(1)
    for i, entry in enumerate(entries):
        for user, centre in judges:
            if centre and centre.pk == entry.centre_id:
                continue
            for criterion in first:
                JudgeScore.objects.create(
                    entry=entry,
                    judge=user,
                    criterion=criterion,
                    points=Decimal(4 + (i * 5 + criterion.pk + user.pk) % 7),
                )
    contest = ContestPage.objects.get(pk=contest.pk)
    ranking = contest_ranking(contest, contest.round_list()[0])
    for row in ranking[:4]:  # the top four went on to the final round
        RoundEntry.objects.create(
            contest=contest,
            round_number=2,
            entry=row.entry,
            how=RoundEntry.How.RANK,
            previous_rank=row.rank,
            previous_score=Decimal(repr(row.final)).quantize(Decimal("0.01")),
        )
    final = contest.round_list()[1]
    auto_assign(contest, final, per_entry=2)
    from contests.models import JudgeAssignment

    for n, assignment in enumerate(
        JudgeAssignment.objects.filter(contest=contest, round_number=2).order_by("pk")[:3]
    ):  # the final round has started: three of its eight scorings are in
        for criterion in contest.criteria(2):
            JudgeScore.objects.create(
                entry_id=assignment.entry_id,
                judge_id=assignment.judge_id,
                criterion=criterion,
                points=Decimal(7 + n % 3),
            )
    log(f"  + {TWO_ROUNDS}: vòng chung khảo, {len(ranking[:4])} bài")

    finished = add_contest(
        index,
        parts=[("Kể chuyện", 1, [("Nội dung", 10, 2), ("Giọng kể", 10, 1)])],
        judges=judges,
        title=FINISHED,
        feedback_to_entrants=True,
        submissions_open=now - 400 * day,
        submissions_close=now - 380 * day,
        judging_start=now - 379 * day,
        judging_end=now - 365 * day,
        engagement_cutoff=now - 365 * day,
        engagement_weight=Decimal("0"),
        results_published=now - 360 * day,
    )
    PrizeTier.objects.bulk_create(
        PrizeTier(contest=finished, name=name, count=count, sort_order=order)
        for order, (name, count) in enumerate([("Giải Nhất", 1), ("Giải Nhì", 1), ("Giải Ba", 2)])
    )
    criteria = finished.criteria()
    for i, (centre, title) in enumerate(zip(centres, reversed(STORY_TITLES), strict=False)):
        entry = add_entry(finished, centre, title=f"{title} (2025)", participants="Nhóm kể chuyện")
        for user, judge_centre in judges:
            if judge_centre and judge_centre.pk == centre.pk:
                continue
            for criterion in criteria:
                JudgeScore.objects.create(
                    entry=entry,
                    judge=user,
                    criterion=criterion,
                    points=Decimal(5 + (i * 3 + criterion.pk + user.pk) % 6),
                    comment="Giọng kể tự nhiên; nên chậm lại ở đoạn kết."
                    if criterion.name == "Giọng kể"
                    else "",
                )
            JudgeNote.objects.create(
                entry=entry, judge=user, text="Câu chuyện gần gũi, chọn sách phù hợp lứa tuổi."
            )
    from django.contrib.auth import get_user_model

    organiser = get_user_model().objects.filter(is_superuser=True).first()
    awards = confirm(ContestPage.objects.get(pk=finished.pk), organiser)
    log(f"  + {FINISHED}: kết quả, {len(awards)} giấy chứng nhận")
