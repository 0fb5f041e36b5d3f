"""The contests' admin screens (mounted under /admin/ by wagtail_hooks.py)."""

from django.urls import path

from .views import engagement, events, feedback, judging, prizes, progress, results, rounds

urlpatterns = [
    path("contests/judging/", judging.judging_home, name="contests_judging"),
    path(
        "contests/<int:contest_id>/judging/",
        judging.judging_entries,
        name="contests_judging_entries",
    ),
    path("contests/entry/<int:entry_id>/score/", judging.score_entry, name="contests_score_entry"),
    path("contests/<int:contest_id>/ranking/", results.ranking, name="contests_ranking"),
    path(
        "contests/<int:contest_id>/ranking.<str:fmt>",
        results.ranking_export,
        name="contests_ranking_export",
    ),
    path(
        "contests/entry/<int:entry_id>/breakdown/",
        results.entry_breakdown,
        name="contests_entry_breakdown",
    ),
    path("contests/<int:contest_id>/progress/", progress.progress, name="contests_progress"),
    path("contests/feedback/", feedback.feedback_view, name="contests_feedback"),
    path("contests/<int:contest_id>/events/", events.events_view, name="contests_events"),
    path("contests/<int:contest_id>/assign/", rounds.assign, name="contests_assign"),
    path("contests/<int:contest_id>/advance/", rounds.advance_view, name="contests_advance"),
    path("contests/<int:contest_id>/prizes/", prizes.prizes_view, name="contests_prizes"),
    path(
        "contests/award/<int:award_id>/certificate.pdf",
        prizes.award_certificate,
        name="contests_award_certificate",
    ),
    path(
        "contests/<int:contest_id>/finalise/<slug:step>/",
        progress.finalise,
        name="contests_finalise",
    ),
    path(
        "contests/<int:contest_id>/engagement/",
        engagement.engagement,
        name="contests_engagement",
    ),
]
