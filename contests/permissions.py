"""Who may do what in contests: plain functions over users, contests and entries."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from hub.federation import staff_centres
from hub.models import Centre


def is_organiser(user) -> bool:
    """Hub staff organise contests (superusers and the committee's group)."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("hub.view_all_centres"))


def judge_row(contest, user):
    if not user.is_authenticated:
        return None
    return next((j for j in contest.judges.all() if j.user_id == user.pk), None)


def can_view_ranking(user, contest, now=None) -> bool:
    """The ranking, its exports and each entry's breakdown (every judge's points, every centre):
    organisers always; a judge only once the results are published, so that while judging is
    open a judge sees their own scores only (and, in blind mode, no centre)."""
    if is_organiser(user):
        return True
    return judge_row(contest, user) is not None and contest.results_public(now)


def blind_for(user, contest, now=None) -> bool:
    """Whether this user must not see who entered: a blind contest, results not yet public,
    and the user not an organiser (judges; anyone else reaching a judging screen)."""
    return bool(contest.blind) and not is_organiser(user) and not contest.results_public(now)


def entry_code(entry) -> str:
    """A stable anonymous label for an entry in blind judging ("Bài 7KQ2"): a keyed hash of its
    id, so it says nothing about the centre or the order of submission."""
    import base64
    import hashlib

    from django.conf import settings

    digest = hashlib.sha256(f"{settings.SECRET_KEY}|entry|{entry.pk}".encode()).digest()
    return "Bài " + base64.b32encode(digest).decode()[:4]


def judge_centre_ids(judge) -> set[int]:
    """The centres a judge belongs to: the one the organiser declared ("thuộc trung tâm") and
    every centre whose staff groups the judge's account is in (an editor made judge without the
    declaration still belongs to their centre). Read once per judge row."""
    if judge is None:
        return set()
    cached = getattr(judge, "_centre_ids", None)
    if cached is None:
        cached = judges_centres([(judge.user_id, judge.centre_id)])[0]
        judge._centre_ids = cached
    return cached


def judges_centres(judges) -> list[set[int]]:
    """For (user id, declared centre id) pairs, in order: the centres each judge belongs to,
    declared or found from the account's centre groups (two queries for any number)."""
    judges = list(judges)
    derived = centres_of_users({user_id for user_id, _centre in judges if user_id})
    return [
        derived.get(user_id, set()) | ({centre} if centre else set()) for user_id, centre in judges
    ]


def centres_of_users(user_ids) -> dict[int, set[int]]:
    """{user id: ids of the centres whose staff groups they are in}, in two queries."""
    found: dict[int, set[int]] = {}
    for group in ("editors_group", "contributors_group"):
        for centre_id, user_id in Centre.objects.filter(
            **{f"{group}__user__in": list(user_ids)}
        ).values_list("pk", f"{group}__user"):
            found.setdefault(user_id, set()).add(centre_id)
    return found


def judges_own_centre(judge, entry) -> bool:
    """The judge belongs to the entry's centre (a conflict of interest): they never score it."""
    return entry.centre_id in judge_centre_ids(judge)


def scoring_refusal(user, entry, contest, now=None) -> str | None:
    """None if the user may score this entry now (in the current round's window), else the
    reason (in the active language). Whether the entry is in the round and assigned to the judge
    is contests.rounds.scoring_refusal's part."""
    judge = judge_row(contest, user)
    if judge is None:
        return _("Bạn không phải giám khảo của hội thi này.")
    if judges_own_centre(judge, entry):
        return _("Bài này của trung tâm bạn, bạn không chấm được (tránh xung đột lợi ích).")
    now = now or timezone.now()
    rnd = contest.current_round(now)
    if not judge.judges_round(rnd.number):
        return _("Bạn không chấm vòng “%(name)s”.") % {"name": rnd.name}
    if now < rnd.judging_start:
        return _("Chưa đến thời gian chấm (bắt đầu %(start)s).") % {
            "start": f"{timezone.localtime(rnd.judging_start):%H:%M %d/%m/%Y}"
        }
    if now >= rnd.judging_end:
        return _("Đã hết thời gian chấm; điểm đã được khoá.")
    return None


def entry_refusal(user, entry=None, contest=None, now=None) -> str | None:
    """None if centre staff may create (entry=None) or edit this entry now, else the reason."""
    if is_organiser(user):
        return None
    contest = contest or entry.get_parent().specific
    if not contest.is_open(now):
        return _("Hội thi đã hết hạn nộp bài (hoặc chưa mở); không thể thêm hay sửa bài dự thi.")
    if entry is not None:
        centres = staff_centres(user) or []
        if entry.centre_id not in {c.pk for c in centres}:
            return _("Bạn chỉ sửa được bài dự thi của trung tâm mình.")
    return None
