"""Scale the Phủ Lý demo network up for load benchmarks (issue #9): 50 centres, 20,000 lessons,
20,000 library items, 1,000 contest entries (with judges' scores and published results).

Pages are copied from the demo's own pages (same body, document, field values) and written in
bulk: one INSERT per batch into wagtailcore_page and one into the page type's table, the tree
paths computed the way django-treebeard does. Creating 41,000 pages through `add_child()` would
take most of an hour; this takes about a minute. Search rows are added with search.indexing.bulk_index.
"""

from __future__ import annotations

import random
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node alphabet, steplen 4


def tree_step(n: int) -> str:
    """The n-th 4-character path step of a child page."""
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def bulk_children(parent: Page, template: Page, count: int, vary, batch: int = 1000) -> list[int]:
    """Add `count` live copies of `template` (a specific page) under `parent`; `vary(i, page)`
    sets per-copy fields (title, slug...). Returns the new page ids."""
    model = type(template)
    last = parent.get_last_child()
    first = (int(last.path[-4:], 36) + 1) if last else 1
    now = timezone.now()
    own_fields = [f for f in model._meta.local_concrete_fields if f.attname != "page_ptr_id"]
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    ids: list[int] = []
    for start in range(0, count, batch):
        copies, bases = [], []
        for i in range(start, min(count, start + batch)):
            copy = model(**{f.attname: getattr(template, f.attname) for f in own_fields})
            for f in base_fields:
                setattr(copy, f.attname, getattr(template, f.attname))
            vary(i, copy)
            copy.path = parent.path + tree_step(first + i)
            copy.depth = parent.depth + 1
            copy.numchild = 0
            copy.url_path = f"{parent.url_path}{copy.slug}/"
            copy.draft_title = copy.title
            copy.translation_key = uuid.uuid4()
            copy.live, copy.has_unpublished_changes = True, False
            copy.latest_revision_id = copy.live_revision_id = None
            copy.first_published_at = copy.last_published_at = copy.latest_revision_created_at = (
                now - timezone.timedelta(minutes=i)
            )
            copies.append(copy)
            bases.append(Page(**{f.attname: getattr(copy, f.attname) for f in base_fields}))
        Page.objects.bulk_create(bases)
        for copy, base in zip(copies, bases, strict=True):
            copy.page_ptr_id = copy.id = base.pk
        model._base_manager._insert(copies, fields=model._meta.local_concrete_fields)
        ids += [c.pk for c in copies]
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return ids


def scale_network(
    centres: int = 50,
    lessons: int = 20_000,
    items: int = 20_000,
    entries: int = 1_000,
    log=print,
) -> dict:
    from django.conf import settings

    from contests.models import ContestPage, Criterion, EntryPage, JudgeScore, SiteCounter
    from home.factories import CentreFactory
    from hub.models import Centre, Field
    from lessons.models import LessonIndexPage, LessonPage, LessonStats
    from library.models import LibraryIndexPage, LibraryItemPage, LibraryItemStats
    from search.indexing import bulk_index

    rng = random.Random(9)  # noqa: S311 (reproducible benchmark data)
    existing = Centre.objects.count()
    for n in range(existing, centres):
        CentreFactory(
            name=f"Xã Mở Rộng {n + 1}",
            hostname=f"xa-mo-rong-{n + 1}.{settings.HUB_CENTRE_DOMAIN}",
            port=settings.HUB_SITE_PORT,
        )
    log(f"centres: {Centre.objects.count()}")
    fields = list(Field.objects.all())
    lesson_template = LessonPage.objects.live().first()
    item_template = LibraryItemPage.objects.live().first()
    new_pages: list[int] = []
    all_centres = list(Centre.objects.with_site().order_by("pk"))
    with transaction.atomic():
        for n, centre in enumerate(all_centres):
            root = centre.site.root_page
            lesson_index = LessonIndexPage.objects.child_of(root).get()
            item_index = LibraryIndexPage.objects.child_of(root).get()
            share = lessons // len(all_centres) + (n < lessons % len(all_centres))

            def lesson(i, page, n=n):
                page.title = f"Bài giảng {rng.choice(fields).name.lower()} số {i + 1} – TT {n + 1}"
                page.slug = f"bai-giang-mo-rong-{i + 1}"
                page.field_id = rng.choice(fields).pk

            new_pages += bulk_children(lesson_index, lesson_template, share, lesson)
            share = items // len(all_centres) + (n < items % len(all_centres))

            def item(i, page, n=n):
                page.title = f"Tài liệu {rng.choice(fields).name.lower()} số {i + 1} – TT {n + 1}"
                page.slug = f"tai-lieu-mo-rong-{i + 1}"
                page.field_id = rng.choice(fields).pk
                page.year = rng.randint(1995, 2026)

            new_pages += bulk_children(item_index, item_template, share, item)
        LessonStats.objects.bulk_create(
            [
                LessonStats(page_id=pk, views=rng.randint(0, 5000))
                for pk in LessonPage.objects.filter(pk__in=new_pages).values_list("pk", flat=True)
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        LibraryItemStats.objects.bulk_create(
            [
                LibraryItemStats(page_id=pk, reads=rng.randint(0, 5000))
                for pk in LibraryItemPage.objects.filter(pk__in=new_pages).values_list(
                    "pk", flat=True
                )
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        log(
            f"lessons: {LessonPage.objects.count()}, library items: {LibraryItemPage.objects.count()}"
        )

        # the demo's judged contest (the one with scores)
        contest = ContestPage.objects.get(pk=JudgeScore.objects.first().entry.get_parent().pk)
        entry_template = EntryPage.objects.child_of(contest).first()
        missing = entries - EntryPage.objects.count()

        def entry(i, page):
            page.title = f"Bài dự thi mở rộng số {i + 1}"
            page.slug = f"bai-du-thi-mo-rong-{i + 1}"
            page.centre_id = all_centres[i % len(all_centres)].pk

        entry_ids = bulk_children(contest, entry_template, missing, entry)
        new_pages += entry_ids
        criteria = list(Criterion.objects.filter(part__contest=contest))
        judges = [j.user_id for j in contest.judges.all()]
        JudgeScore.objects.bulk_create(
            [
                JudgeScore(entry_id=pk, judge_id=judge, criterion=c, points=rng.randint(4, 10))
                for pk in entry_ids
                for judge in judges
                for c in criteria
            ],
            batch_size=5000,
        )
        SiteCounter.objects.bulk_create(
            [SiteCounter(entry_id=pk, views=rng.randint(0, 900)) for pk in entry_ids],
            batch_size=2000,
        )
        ended = timezone.now() - timezone.timedelta(minutes=1)  # judging closed, results out
        ContestPage.objects.filter(pk=contest.pk).update(results_published=ended, judging_end=ended)
        log(f"entries: {EntryPage.objects.count()} in “{contest.title}” (results published)")
        indexed = bulk_index(Page.objects.filter(pk__in=new_pages).specific().iterator(1000))
    log(f"search rows added: {indexed}")
    return {"contest_url": contest.url, "centres": len(all_centres)}
