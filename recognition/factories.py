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


def bulk_tree(name: str, code: str, branches: int, units: int) -> Organisation:
    """A root, `branches` branches and `units` units under each, with treebeard's paths written
    directly (one insert instead of a few queries per node)."""
    root = add_root(name, code)
    nodes = []
    for b in range(branches):
        branch_path = Organisation._get_path(root.path, 2, b + 1)
        nodes.append(
            Organisation(
                name=f"{name} – chi hội {b:03d}",
                code=f"{code}-{b}",
                kind=Organisation.Kind.BRANCH,
                path=branch_path,
                depth=2,
                numchild=units,
            )
        )
        nodes += [
            Organisation(
                name=f"{name} – tổ {b:03d}.{u:03d}",
                code=f"{code}-{b}-{u}",
                kind=Organisation.Kind.RESIDENTIAL,
                is_unit=True,
                path=Organisation._get_path(branch_path, 3, u + 1),
                depth=3,
            )
            for u in range(units)
        ]
    Organisation.objects.bulk_create(nodes, batch_size=2000)
    Organisation.objects.filter(pk=root.pk).update(numchild=branches)
    return Organisation.objects.get(pk=root.pk)
