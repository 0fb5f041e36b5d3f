"""Small builders for tests, the demo and benches: a tree of organisations, an open cycle."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Cycle, Organisation, OrganisationStaff


def add_root(name: str, code: str, kind=Organisation.Kind.ASSOCIATION, **fields) -> Organisation:
    return Organisation.add_root(name=name, code=code, kind=kind, **fields)


def add_child(parent: Organisation, name: str, code: str, kind, **fields) -> Organisation:
    # treebeard's add_child on a stale parent object miscounts children: read it again
    parent = Organisation.objects.get(pk=parent.pk)
    return parent.add_child(name=name, code=code, kind=kind, **fields)


def add_cycle(organisation, criteria_set, year=None, days_open=30, **fields) -> Cycle:
    today = timezone.localdate()
    year = year or today.year
    return Cycle.objects.create(
        organisation=organisation,
        model=criteria_set.model,
        criteria_set=criteria_set,
        title=fields.pop("title", f"{criteria_set.get_model_display()} năm {year}"),
        year=year,
        opens_on=fields.pop("opens_on", today - datetime.timedelta(days=days_open)),
        closes_on=fields.pop("closes_on", today + datetime.timedelta(days=days_open)),
        **fields,
    )


def add_staff(organisation, user, can_approve=False) -> OrganisationStaff:
    return OrganisationStaff.objects.create(
        organisation=organisation, user=user, can_approve=can_approve
    )
