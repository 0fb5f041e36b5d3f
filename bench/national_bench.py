"""A national network on one install (issue #24), run by `make bench` inside scripts/services.sh.

1. A fresh PostgreSQL database (`hoctap_national`) with the demo network (8 centres), then a few
   centres through the real `add_centre` (each timed), then library items and lessons
   (BENCH_ITEMS, BENCH_LESSONS: 20,000 each, spread over the demo's centres and kept the same at
   every size, so only the number of centres changes between the measurements).
2. Centres in bulk up to 50, then up to BENCH_NATIONAL_CENTRES (3,300): each new centre is a copy
   of a centre `add_centre` made (its home page and five sections, its Site, Centre row,
   collection, editors' and contributors' groups with the same permissions), written with one
   INSERT per batch and table (bench/scale.py's way for pages). Not copied: each centre's
   moderation workflow and contest permissions (no public page and not the network copy reads
   them); the time `add_centre` takes for all of it is extrapolated from the timed ones.
3. At each size: the per-process network copy (`hub.federation.Network(version)`) under
   tracemalloc (memory held, load time, queries), also after it has kept the menu, home page and
   branding of every site (what a process holds once it has served every centre); the hub home,
   the centre directory (page 1, page 30, a search by name), the hub catalogue and lessons, a
   centre's catalogue and a library item through Django's test client in process (production
   settings, Redis cache, no page cache): queries on a warm request, the median of BENCH_RUNS (7)
   warm requests, the first request after a content change (network reload, every content cache
   cold) and the HTML size.
4. Optionally (BENCH_LARGE_ITEMS / BENCH_LARGE_LESSONS, 0 = skip) that many more library items and
   lessons spread over every centre (bulk INSERTs, treebeard paths), and the listings again; the
   slowest query of each page at that size is EXPLAINed into bench-results/national-explain.txt.

Queries are counted from CaptureQueriesContext's log right after the request: its
`captured_queries` is a view of the connection's log, which the next request clears (the test
client's request_started -> reset_queries, reconnected when the context exits). Reading it after
the timed requests counted 0 (the figures before 4 December's fix).

Results: bench-results/national.json and a table. Alone:
`scripts/services.sh .venv/bin/python bench/national_bench.py`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-national-"))

from bench.common import write  # noqa: E402
from tests.servers import free_port  # noqa: E402

CENTRES = int(os.environ.get("BENCH_NATIONAL_CENTRES", "3300"))
SMALL = 50
ITEMS = int(os.environ.get("BENCH_ITEMS", "20000"))
LESSONS = int(os.environ.get("BENCH_LESSONS", str(ITEMS)))
LARGE_ITEMS = int(os.environ.get("BENCH_LARGE_ITEMS", "0"))
LARGE_LESSONS = int(os.environ.get("BENCH_LARGE_LESSONS", "0"))
REAL_CENTRES = int(os.environ.get("BENCH_REAL_CENTRES", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 8A) Chrome/120.0 Mobile Safari/537.36"
HUB = "localhost"
# (name, host, path); None as host: the demo centre that holds the measured library item
PAGES = [
    ("hub home", HUB, "/"),
    ("centre directory", HUB, "/cac-trung-tam/"),
    ("centre directory, page 30", HUB, "/cac-trung-tam/?page=30"),
    ("centre directory, search", HUB, "/cac-trung-tam/?q=quoc+gia+2"),
    ("hub catalogue", HUB, "/thu-vien/"),
    ("hub lessons", HUB, "/bai-giang/"),
    ("centre catalogue", None, "/thu-vien/"),
    ("library item", None, "item"),
]
# the hub home lists the newest lessons and items too
LARGE_PAGES = ["hub home", "hub catalogue", "hub lessons", "centre catalogue", "library item"]

base_url = os.environ.get("DATABASE_URL", "")
if not base_url.startswith("postgres"):
    sys.exit("national_bench.py needs PostgreSQL: run it through scripts/services.sh (make bench)")
DB_URL = base_url.rsplit("/", 1)[0] + "/hoctap_national"
REDIS_PORT = free_port()
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": DB_URL,
        "ALLOWED_HOSTS": ".localhost,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "HUB_CENTRE_DOMAIN": "localhost",
        "HUB_SITE_PORT": "80",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "PAGE_CACHE_URL": "",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "SEARCH_URL": "",
    }
)
os.environ.pop("DATABASE_REPLICA_URLS", None)  # every query on `default`, the one counted
rows: list[dict] = []
measured: dict[str, dict[str, tuple[float, int]]] = {}  # label -> page -> (median ms, queries)


def row(metric: str, value, unit: str = "", note: str = "") -> None:
    rows.append({"metric": metric, "value": value, "unit": unit, "note": note})
    print(f"  {metric}: {value} {unit} {note}".rstrip(), flush=True)


def start_redis() -> subprocess.Popen:
    import redis

    server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(REDIS_PORT)]
        + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=WORK,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=REDIS_PORT)
    for _ in range(200):
        try:
            client.ping()
            return server
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


# --- building ------------------------------------------------------------------------------------


def build_demo() -> None:
    import django

    subprocess.run(["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_national"], check=True)
    subprocess.run(["psql", base_url, "-qc", "CREATE DATABASE hoctap_national"], check=True)
    django.setup()
    from django.core.management import call_command

    from home.demo import load_demo_network

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    began = time.perf_counter()
    load_demo_network(port=80, log=lambda _m: None, video_centres=0)
    row("demo network loaded (hub + 8 centres)", round(time.perf_counter() - began, 1), "s")


def real_centres() -> object:
    """REAL_CENTRES centres through home.provisioning.add_centre, each timed; returns the first
    (the template of the bulk copies)."""
    from home.provisioning import add_centre

    times, first = [], None
    for n in range(REAL_CENTRES):
        began = time.perf_counter()
        centre = add_centre(f"Xã Mẫu Quốc Gia {n + 1}", f"xa-mau-quoc-gia-{n + 1}.localhost")
        times.append(time.perf_counter() - began)
        first = first or centre
    median = statistics.median(times)
    row("add_centre, one centre (median)", round(median * 1000), "ms", f"of {REAL_CENTRES}")
    row(
        f"add_centre × {CENTRES:,} (extrapolated)",
        round(median * CENTRES / 60, 1),
        "min",
        "one after another, linear; not run",
    )
    return first


def add_items(count: int, centres, tag: str, *, lessons: bool = False) -> float:
    """`count` live library items (or lessons: copies of a demo item or lesson) spread over the
    centres' libraries (lesson indexes), one transaction per 100 centres; seconds taken."""
    from django.db import transaction

    from bench.scale import bulk_children
    from hub.models import Field
    from lessons.models import LessonIndexPage, LessonPage, LessonStats
    from library.models import LibraryIndexPage, LibraryItemPage, LibraryItemStats

    if lessons:
        index_model, model, stats, word, slug = (
            LessonIndexPage,
            LessonPage,
            LessonStats,
            "Bài giảng",
            "bai-giang",
        )
    else:
        index_model, model, stats, word, slug = (
            LibraryIndexPage,
            LibraryItemPage,
            LibraryItemStats,
            "Tài liệu",
            "tai-lieu",
        )
    began = time.perf_counter()
    fields = [f.pk for f in Field.objects.all()]
    template = model.objects.live().first()
    for first in range(0, len(centres), 100):
        with transaction.atomic():
            ids: list[int] = []
            for n, centre in enumerate(centres[first : first + 100], start=first):
                share = count // len(centres) + (n < count % len(centres))
                if not share:
                    continue
                index = index_model.objects.child_of(centre.site.root_page).get()

                def vary(i, page, n=n):
                    page.title = f"{word} {tag} số {i + 1} – TT {n + 1}"
                    page.slug = f"{slug}-{tag}-{i + 1}"
                    page.field_id = fields[(i + n) % len(fields)]
                    if not lessons:
                        page.year = 1995 + (i * 7 + n) % 32

                ids += bulk_children(index, template, share, vary)
            counted = "views" if lessons else "reads"
            stats.objects.bulk_create(
                [stats(page_id=pk, **{counted: (pk * 37) % 5000}) for pk in ids],
                batch_size=5000,
                ignore_conflicts=True,
            )
    return time.perf_counter() - began


def bulk_centres(template_centre, total: int, batch: int = 500) -> float:
    """Copies of `template_centre` until the network has `total` centres; seconds taken."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Site,
    )

    from bench.scale import tree_step
    from hub.models import Centre

    began = time.perf_counter()
    start = Centre.objects.count()
    missing = total - start
    if missing <= 0:
        return 0.0
    home = template_centre.site.root_page
    subtree = [
        p.specific for p in Page.objects.descendant_of(home, inclusive=True).order_by("path")
    ]
    root = Page.get_first_root_node()
    collection_root = Collection.get_first_root_node()
    groups = {
        "editors": template_centre.editors_group,
        "contributors": template_centre.contributors_group,
    }
    page_perms = {
        key: list(
            GroupPagePermission.objects.filter(group=g, page=home).values_list(
                "permission_id", flat=True
            )
        )
        for key, g in groups.items()
    }
    collection_perms = {
        key: list(
            GroupCollectionPermission.objects.filter(
                group=g, collection=template_centre.collection
            ).values_list("permission_id", flat=True)
        )
        for key, g in groups.items()
    }
    model_perms = {
        key: list(g.permissions.values_list("pk", flat=True)) for key, g in groups.items()
    }
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    with transaction.atomic():
        next_page = int(root.get_last_child().path[-4:], 36) + 1
        next_collection = int(collection_root.get_last_child().path[-4:], 36) + 1
        for first in range(0, missing, batch):
            numbers = range(start + first + 1, start + min(missing, first + batch) + 1)
            # pages: each template page once per new centre, its path moved under the new home
            homes: dict[int, tuple[str, str, str]] = {}  # number -> (path, slug, title)
            for k, number in enumerate(numbers):
                slug = f"xa-quoc-gia-{number}"
                homes[number] = (
                    root.path + tree_step(next_page + first + k),
                    slug,
                    f"TTHTCĐ xã Quốc Gia {number}",
                )
            home_ids: dict[int, int] = {}
            for template in subtree:
                model = type(template)
                own = [f for f in model._meta.local_concrete_fields if f.attname != "page_ptr_id"]
                copies, bases = [], []
                for number, (path, slug, title) in homes.items():
                    copy = model(**{f.attname: getattr(template, f.attname) for f in own})
                    for f in base_fields:
                        setattr(copy, f.attname, getattr(template, f.attname))
                    copy.path = path + template.path[len(home.path) :]
                    if template.pk == home.pk:
                        copy.slug, copy.title, copy.url_path = slug, title, f"/{slug}/"
                    else:
                        copy.url_path = f"/{slug}/{template.url_path[len(home.url_path) :]}"
                    copy.draft_title = copy.title
                    copy.translation_key = uuid.uuid4()
                    copy.live, copy.has_unpublished_changes = True, False
                    copy.latest_revision_id = copy.live_revision_id = None
                    copy.first_published_at = copy.last_published_at = now
                    copies.append((number, copy))
                    bases.append(Page(**{f.attname: getattr(copy, f.attname) for f in base_fields}))
                Page.objects.bulk_create(bases)
                for (number, copy), base in zip(copies, bases, strict=True):
                    copy.page_ptr_id = copy.id = base.pk
                    if template.pk == home.pk:
                        home_ids[number] = base.pk
                model._base_manager._insert(
                    [c for _n, c in copies], fields=model._meta.local_concrete_fields
                )
            sites = Site.objects.bulk_create(
                [
                    Site(
                        hostname=f"{homes[n][1]}.localhost",
                        port=80,
                        root_page_id=home_ids[n],
                        site_name=homes[n][2],
                    )
                    for n in numbers
                ]
            )
            collections = Collection.objects.bulk_create(
                [
                    Collection(
                        name=homes[n][2],
                        path=collection_root.path + tree_step(next_collection + first + k),
                        depth=collection_root.depth + 1,
                        numchild=0,
                    )
                    for k, n in enumerate(numbers)
                ]
            )
            made = {
                key: Group.objects.bulk_create(
                    [Group(name=f"{homes[n][2]} – {key}") for n in numbers]
                )
                for key in groups
            }
            through = Group.permissions.through
            for key, new_groups in made.items():
                through.objects.bulk_create(
                    [
                        through(group_id=g.pk, permission_id=p)
                        for g in new_groups
                        for p in model_perms[key]
                    ]
                )
                GroupPagePermission.objects.bulk_create(
                    [
                        GroupPagePermission(group_id=g.pk, page_id=home_ids[n], permission_id=p)
                        for g, n in zip(new_groups, numbers, strict=True)
                        for p in page_perms[key]
                    ]
                )
                GroupCollectionPermission.objects.bulk_create(
                    [
                        GroupCollectionPermission(
                            group_id=g.pk, collection_id=c.pk, permission_id=p
                        )
                        for g, c in zip(new_groups, collections, strict=True)
                        for p in collection_perms[key]
                    ]
                )
            Centre.objects.bulk_create(
                [
                    Centre(
                        site_id=site.pk,
                        name=f"Xã Quốc Gia {n}",
                        kind=template_centre.kind,
                        collection_id=c.pk,
                        editors_group_id=e.pk,
                        contributors_group_id=cg.pk,
                    )
                    for n, site, c, e, cg in zip(
                        numbers,
                        sites,
                        collections,
                        made["editors"],
                        made["contributors"],
                        strict=True,
                    )
                ]
            )
        Page.objects.filter(pk=root.pk).update(numchild=F("numchild") + missing)
        Collection.objects.filter(pk=collection_root.pk).update(numchild=F("numchild") + missing)
    from hub.caching.invalidation import content_changed

    content_changed()
    return time.perf_counter() - began


# --- measuring -----------------------------------------------------------------------------------


def measure_network(label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub.caching.invalidation import content_version
    from hub.federation import Network

    version = content_version()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        copy = Network(version)
    took = time.perf_counter() - began
    held = tracemalloc.get_traced_memory()[0] - before
    row(
        f"network copy, {label}: memory held",
        round(held / 1e6, 2),
        "MB",
        f"{len(copy.sites)} sites, {len(copy.centres)} centres; load {took * 1000:.0f} ms, "
        f"{len(queries)} queries (tracemalloc slows the load)",
    )
    began = time.perf_counter()
    for site in copy.sites:  # what a process keeps once it has served every site
        copy.sections(site)
        copy.home_page(site)
        copy.branding(site)
    filled = time.perf_counter() - began
    row(
        f"network copy, {label}: after serving every site",
        round((tracemalloc.get_traced_memory()[0] - before) / 1e6, 2),
        "MB",
        f"menus, home pages and branding of {len(copy.sites)} sites kept ({filled:.1f} s to fill)",
    )
    del copy
    tracemalloc.stop()


def item_target() -> tuple[str, str, str]:
    """(host, its catalogue's path, the item's path) of a demo library item (one of the demo's
    own, the same page at every size)."""
    from library.models import LibraryItemPage

    item = LibraryItemPage.objects.live().exclude(slug__startswith="tai-lieu-").order_by("pk")[0]
    _site_id, root_url, path = item.get_url_parts()
    host = root_url.split("://", 1)[1].split(":")[0]
    return host, path.rstrip("/").rsplit("/", 1)[0] + "/", path


def timed_queries(client, host: str, path: str):
    """One request: (response, seconds, the queries it ran: a list taken inside the block, before
    the next request's request_started empties the connection's log)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, HTTP_HOST=host)
        took = time.perf_counter() - began
        queries = list(ctx.connection.queries_log)[ctx.initial_queries :]
    return response, took, queries


def explain(label: str, name: str, queries: list[dict]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest query of a page, into national-explain.txt."""
    from django.db import connection

    if not queries:
        return
    slowest = max(queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = "\n".join(r[0] for r in cursor.fetchall())
    with (ROOT / "bench-results" / "national-explain.txt").open("a") as out:
        out.write(f"## {name}, {label}: {float(slowest['time']) * 1000:.1f} ms\n")
        out.write(slowest["sql"] + "\n\n" + plan + "\n\n")


def measure_pages(label: str, names: list[str] | None = None, *, plans: bool = False) -> None:
    from django.test import Client

    from hub.caching.invalidation import content_changed

    client = Client(HTTP_USER_AGENT=PHONE)
    item_host, catalogue_path, item_path = item_target()
    results = measured.setdefault(label, {})
    for name, host, path in PAGES:
        if names and name not in names:
            continue
        host = host or item_host
        path = (
            item_path if path == "item" else catalogue_path if name == "centre catalogue" else path
        )
        content_changed()  # every content cache cold, the network copy reloads
        first, cold, cold_queries = timed_queries(client, host, path)
        assert first.status_code == 200, (host, path, first.status_code)
        response, _took, queries = timed_queries(client, host, path)
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(path, HTTP_HOST=host)
            times.append(time.perf_counter() - began)
        median = statistics.median(times) * 1000
        results[name] = (median, len(queries))
        slowest = max((float(q["time"]) for q in queries), default=0) * 1000
        row(
            f"{name} {path}, {label}",
            round(median, 1),
            "ms",
            f"median of {RUNS} warm; {len(queries)} queries (slowest {slowest:.1f} ms); first "
            f"after a change {cold * 1000:.0f} ms, {len(cold_queries)} queries; "
            f"HTML {len(response.content) / 1000:.1f} KB",
        )
        if plans:
            explain(label, name, queries)


def compare(small: str, large: str) -> None:
    """Rows: each page's time at `large` over its time at `small`, and the queries at both."""
    for name, (ms, queries) in measured[large].items():
        if name not in measured[small]:
            continue
        base_ms, base_queries = measured[small][name]
        row(
            f"{name}: {large} / {small}",
            round(ms / base_ms, 2),
            "×",
            f"{base_ms:.1f} → {ms:.1f} ms; queries {base_queries} → {queries}"
            + ("" if queries == base_queries else " (NOT constant)"),
        )


def main() -> None:
    (ROOT / "bench-results").mkdir(exist_ok=True)
    (ROOT / "bench-results" / "national-explain.txt").write_text("")
    redis_server = start_redis()
    try:
        build_demo()
        from hub.models import Centre

        template = real_centres()
        demo_centres = list(Centre.objects.with_site().order_by("pk"))[:8]
        took = add_items(ITEMS, demo_centres, "qg")
        row(
            f"library items added: {ITEMS:,}", round(took, 1), "s", "spread over the 8 demo centres"
        )
        took = add_items(LESSONS, demo_centres, "qg", lessons=True)
        row(f"lessons added: {LESSONS:,}", round(took, 1), "s", "spread over the 8 demo centres")
        took = bulk_centres(template, SMALL)
        row(f"bulk centres up to {SMALL}", round(took, 1), "s")
        small = f"{SMALL} centres"
        measure_network(small)
        measure_pages(small)
        took = bulk_centres(template, CENTRES)
        row(
            f"bulk centres up to {CENTRES:,}",
            round(took, 1),
            "s",
            f"{CENTRES - SMALL:,} centres: pages, sites, collections, groups, permissions",
        )
        large = f"{Centre.objects.count():,} centres"
        measure_network(large)
        measure_pages(large)
        compare(small, large)
        if LARGE_ITEMS or LARGE_LESSONS:
            from django.db import connection

            from lessons.models import LessonPage
            from library.models import LibraryItemPage

            centres = list(Centre.objects.with_site().order_by("pk"))
            for count, lessons, what in (
                (LARGE_ITEMS, False, "library items"),
                (LARGE_LESSONS, True, "lessons"),
            ):
                if count:
                    took = add_items(count, centres, "lon", lessons=lessons)
                    row(
                        f"{what} added: {count:,}",
                        round(took, 1),
                        "s",
                        f"over {len(centres):,} centres ({count / took:,.0f} a second)",
                    )
            began = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            row("VACUUM ANALYZE after the insert", round(time.perf_counter() - began, 1), "s")
            huge = (
                f"{len(centres):,} centres, {LibraryItemPage.objects.count():,} items, "
                f"{LessonPage.objects.count():,} lessons"
            )
            measure_pages(huge, LARGE_PAGES, plans=True)
            compare(large, huge)
    finally:
        redis_server.terminate()
        redis_server.wait(10)
        shutil.rmtree(WORK, ignore_errors=True)
    write("national", rows)


if __name__ == "__main__":
    main()
