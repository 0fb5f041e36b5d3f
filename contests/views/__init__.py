"""The contests' views, by screen.

- public: sub-page views of contest and entry pages (results, like, share), registered with
  hub.pagekit.routes and served by the page models' routes;
- judging: the judges' admin screens (contests, entries, scoring);
- results: ranking, exports, one entry's breakdown (organisers and judges);
- engagement: the organisers' link status / anomaly / exclusion screen.

Views depend on models and services (permissions, ranking, engagement); models never import them.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ..models import ContestPage


def contest_with_judges(contest_id: int) -> ContestPage:
    """The contest (404 if there is none), with its judges loaded for the permission checks."""
    return get_object_or_404(
        ContestPage.objects.prefetch_related("judges", "rounds"), pk=contest_id
    )
