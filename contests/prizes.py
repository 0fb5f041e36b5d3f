"""Awarding prizes from the final ranking and the certificates that go with them.

The proposal fills the tiers in order (Giải Nhất first) down the final ranking, whose order
already applies the contest's stated tie-breaks (higher judges' score, then earlier
submission); entries still exactly level after those share a prize: the tier is given to
all of them and the next tier still has its full count. Every other entry gets a participation
certificate. The organiser confirms once; the awards are then fixed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.certificate_pdf import certificate_pdf
from hub.federation import network

from .models import Award, ContestPage
from .ranking import contest_ranking, forget_ranking, submission_times


class AwardRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def propose(contest: ContestPage) -> list[dict]:
    """[{row, tier, shared}] down the final ranking: `tier` None is a participation certificate;
    `shared` when the entry is level with the one before it and shares its prize."""
    slots = []  # one per prize, highest tier first
    for tier in contest.prize_tiers.all().order_by("sort_order", "pk"):
        slots += [tier] * tier.count
    ranking = contest_ranking(contest)
    sent = submission_times({row.entry.pk: row.entry for row in ranking})

    def level(row, other) -> bool:
        """Exactly level after every stated tie-break (total, judges' score, submission)."""
        return (
            round(row.final, 9) == round(other.final, 9)
            and round(row.judge_score, 9) == round(other.judge_score, 9)
            and sent[row.entry.pk] == sent[other.entry.pk]
        )

    proposal, position = [], 0
    for row in ranking:
        tier, shared = None, False
        before = proposal[-1] if proposal else None
        if before and before["tier"] and level(row, before["row"]):
            tier, shared = before["tier"], True  # level with the one before: shares its prize
        elif position < len(slots):
            tier = slots[position]
            position += 1
        proposal.append({"row": row, "tier": tier, "shared": shared})
    rounds = contest.round_list()
    if len(rounds) > 1:  # entries that stopped in an earlier round get participation certificates
        finalists = {row.entry.pk for row in ranking}
        for row in contest_ranking(contest, rounds[0]):
            if row.entry.pk not in finalists:
                row.rank = len(proposal) + 1
                proposal.append({"row": row, "tier": None, "shared": False})
    return proposal


def refusal(contest: ContestPage, now=None) -> str | None:
    now = now or timezone.now()
    if contest.awards.exists():
        return _("Đã trao giải cho hội thi này; giải đã xác nhận không đổi được.")
    if now < contest.final_judging_end:
        return _("Hãy khoá điểm (kết thúc chấm) trước khi trao giải.")
    return None


def confirm(contest: ContestPage, user) -> list[Award]:
    """Award the proposal, once (a second confirmation, even at the same moment, changes nothing)."""
    if message := refusal(contest):
        raise AwardRefused(message)
    today = timezone.localdate()
    issuer = network().settings.committee_name
    with transaction.atomic():
        # one confirmation at a time per contest: the row lock makes a second one wait, then fail
        ContestPage.objects.select_for_update().filter(pk=contest.pk).first()
        if contest.awards.exists():
            raise AwardRefused(_("Đã trao giải cho hội thi này; giải đã xác nhận không đổi được."))
        awards = []
        for item in propose(contest):
            entry = item["row"].entry
            award = Award.objects.create(
                contest=contest,
                entry=entry,
                tier=item["tier"],
                rank=item["row"].rank,
                serial=f"tmp-{entry.pk}",
                recipient=entry.participants or (entry.centre.title if entry.centre else ""),
                contest_title=contest.title,
                centre_name=issuer,
                prize_name=item["tier"].name if item["tier"] else "",
                issued_on=today,
                confirmed_by=user,
            )
            award.serial = f"HT{today.year}-G{award.pk:05d}"
            award.save(update_fields=["serial"])
            awards.append(award)
    forget_ranking(contest.pk)
    return awards


def verification_url(contest: ContestPage, award: Award) -> str:
    site = contest.get_site()
    return site.root_url + contest.relative_url(site) + f"chung-nhan/{award.token}/"


def award_pdf(contest: ContestPage, award: Award) -> bytes:
    with translation.override("vi"):  # the paper is Vietnamese whatever the admin's language
        if award.prize_name:
            achievement = _("đạt %(prize)s hội thi") % {"prize": award.prize_name}
        else:
            achievement = _("đã tham gia hội thi")
        heading = _("Giấy chứng nhận")
    return certificate_pdf(
        name=award.recipient,
        course=award.contest_title,
        centre=award.centre_name,
        issued_on=award.issued_on,
        serial=award.serial,
        verify_url=verification_url(contest, award),
        heading=heading,
        achievement=achievement,
    )
