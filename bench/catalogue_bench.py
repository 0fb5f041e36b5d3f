"""The hub's federated library catalogue against the other listings (issue #24), run inside
scripts/services.sh like bench/load_bench.py, whose scaled network, servers and wrk it reuses.

1. The demo network scaled like the load bench's (bench/scale.py: 50 centres, 20,000 library
   items, 20,000 lessons, 1,000 contest entries; the same BENCH_* sizes) in its own PostgreSQL
   database, `hoctap_catalogue` (BENCH_REUSE=1 keeps it within one services.sh call). Its items
   then get what real ones have and the scaled copies lack (their PDFs are never analysed during
   the build, so every card would show a drawn cover): 6 in 8 an uploaded cover (a pool of
   CATALOGUE_COVERS JPEGs, 120), 1 in 8 the first page of its PDF (a document with its analysis),
   1 in 8 neither (the drawn cover); their `fill-320x440` renditions are made.
2. In process (production settings, Redis cache): each listing, and the catalogue sorted by name
   and by reads, rendered CATALOGUE_REQUESTS times (60) through Django's test client after one
   warm-up request; median and p90 milliseconds, queries of the second request, HTML bytes.
3. gunicorn (2 sync workers, production settings, Redis) + wrk (2 threads x 8 connections, 3 s
   warm-up, WRK_SECONDS): req/s and p50/p99 of each listing, then the catalogue with a different
   field x sort x page combination each request.
4. With CATALOGUE_BASELINE=<another checkout of the project> (e.g. `git worktree add
   /tmp/base <commit>`): the same catalogue served by that checkout's code on the same database,
   in turn with this one for CATALOGUE_ROUNDS (2) rounds (current, baseline, current, baseline),
   and the HTML of the listings' <main> compared between the two (CSRF tokens, nonces and runs
   of white space aside).

CATALOGUE_PROFILE=1 also prints the 30 functions with the most time of their own in an in-process
profile of the hub catalogue. Results: bench-results/catalogue.json and a table.

    scripts/services.sh .venv/bin/python bench/catalogue_bench.py
"""

from __future__ import annotations

import io
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load_bench as lb  # noqa: E402 (sets the environment: production, Redis, S3)
from bench.common import write  # noqa: E402

REQUESTS = int(os.environ.get("CATALOGUE_REQUESTS", "60"))
ROUNDS = int(os.environ.get("CATALOGUE_ROUNDS", "2"))
BASELINE = os.environ.get("CATALOGUE_BASELINE", "")
PROFILE = os.environ.get("CATALOGUE_PROFILE") == "1"
COVERS = int(os.environ.get("CATALOGUE_COVERS", "120"))
CATALOGUE = "hub library catalogue"
DATABASE = "hoctap_catalogue"
lb.ENV["DATABASE_URL"] = os.environ["DATABASE_URL"] = lb.base_url.rsplit("/", 1)[0] + "/" + DATABASE


def build() -> dict:
    """bench/load_bench.py's build() into DATABASE, then covers for the items."""
    import django

    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"  # noqa: S608 (a constant)
    exists = subprocess.run(
        ["psql", lb.base_url, "-Atc", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not (lb.REUSE and exists):
        for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
            subprocess.run(["psql", lb.base_url, "-qc", sql], check=True)
    django.setup()
    import boto3
    from django.core.management import call_command

    s3 = boto3.client(
        "s3",
        endpoint_url=lb.ENV["S3_ENDPOINT_URL"],
        aws_access_key_id=lb.ENV["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=lb.ENV["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    try:
        s3.create_bucket(Bucket=lb.ENV["S3_BUCKET"])
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # a kept database may predate the code's migrations
    if lb.REUSE and exists:
        from wagtail.models import Site

        Site.objects.update(port=lb.PORT)  # the sites answer on this run's port
        return {"centres": lb.CENTRES, "built_seconds": 0}
    from bench.scale import scale_network
    from home.demo import load_demo_network

    began = time.time()
    load_demo_network(port=lb.PORT, log=lambda _m: None)
    info = scale_network(lb.CENTRES, lb.LESSONS, lb.ITEMS, lb.ENTRIES)
    give_covers()
    info["built_seconds"] = time.time() - began
    return info


def give_covers() -> None:
    """Covers as real items have them: 6 in 8 uploaded, 1 in 8 the PDF's first page, 1 in 8 none."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from hub.models import Field
    from library.covers import cover_jpeg
    from library.models import DocumentAnalysis, LibraryItemPage

    Image = get_image_model()
    fields = list(Field.objects.order_by("pk"))

    def image(n: int):
        field = fields[n % len(fields)]
        data = cover_jpeg(f"Bìa thử số {n}", field.name, field.pk, "HọcTập Hub", None)
        made = Image.objects.create(
            title=f"Bìa thử số {n}", file=ImageFile(io.BytesIO(data), name=f"bia-thu-{n}.jpg")
        )
        made.get_rendition("fill-320x440")
        return made

    pool = [image(n) for n in range(1, COVERS + 1)]
    items = list(LibraryItemPage.objects.only("pk", "document_id"))
    pdf = next(item.document_id for item in items if item.document_id)
    DocumentAnalysis.objects.update_or_create(
        document_id=pdf,
        defaults={"file_name": "bia.pdf", "page_count": 3, "thumbnail": image(0)},
    )
    for item in items:
        kind = item.pk % 8
        item.cover_id = pool[item.pk % len(pool)].pk if kind < 6 else None
        item.document_id = pdf if kind == 6 else None if kind == 7 else item.document_id
    LibraryItemPage.objects.bulk_update(items, ["cover", "document"], batch_size=2000)
    print(f"covers: {len(pool)} images on {sum(1 for i in items if i.cover_id)} items", flush=True)


def listings() -> dict[str, tuple[str, str]]:
    """name -> (host, path) of the listings compared."""
    from hub.models import Centre

    centre = Centre.objects.with_site().get(name="Phường Lam Hạ").site.hostname
    return {
        CATALOGUE: ("localhost", "/thu-vien/"),
        "centre library": (centre, "/thu-vien/"),
        "hub lessons (all centres)": ("localhost", "/bai-giang/"),
        "centre lesson index": (centre, "/bai-giang/"),
        "hub news": ("localhost", "/tin-tuc/"),
        "contest results": lb.pages()["contest ranking"],
    }


# measured in process only: the catalogue's other sorts (the facet counts come from the cache)
OTHER_SORTS = {
    f"{CATALOGUE}, by name": ("localhost", "/thu-vien/?sap-xep=ten"),
    f"{CATALOGUE}, most read first": ("localhost", "/thu-vien/?sap-xep=doc-nhieu"),
}


def client(host: str):
    from django.test import Client

    return Client(HTTP_HOST=host, HTTP_USER_AGENT=lb.PHONE)


def in_process(host: str, path: str) -> dict:
    """Milliseconds per request in this process (median, p90), queries, HTML bytes."""
    from django.db import connection

    browser = client(host)
    browser.get(path)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = browser.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        browser.get(path)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[int(len(times) * 0.9) - 1],
        "queries": len(queries),
        "bytes": len(response.content),
    }


def profile(host: str, path: str) -> None:
    import cProfile
    import pstats

    browser = client(host)
    browser.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        browser.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def gunicorn(code: str | None) -> subprocess.Popen:
    """lb.gunicorn(), serving the code of `code` (another checkout) when given."""
    args = [str(lb.BIN / "gunicorn"), "hub.wsgi:application", "--workers", "2"]
    args += ["--bind", f"127.0.0.1:{lb.PORT}", "--timeout", "60"]
    if code:
        args += ["--chdir", code]
    process = lb.start(args, "gunicorn.log", env=lb.ENV)
    lb.wait_port(lb.PORT)
    return process


def normalised(html: bytes) -> str:
    """The page's <main> (the site frame around it is not what this bench is about) without what
    changes on every request (CSRF token, CSP nonce) or with indentation."""
    text = html.decode()
    text = text[text.find("<main") : text.find("</main>")]
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', text)
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r"\s+", " ", text)


def served(host: str, path: str) -> bytes:
    response, data = lb.fetch(host, path, headers={"User-Agent": lb.PHONE})
    assert response.status == 200, (path, response.status)
    return data


def wrk_row(name: str, result: dict, extra: str = "") -> dict:
    return {
        "metric": name,
        "value": f"{result['rps']:.0f} req/s",
        "note": f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms{extra}"
        + (f", {result['non_2xx']} non-2xx" if result["non_2xx"] else ""),
    }


def main() -> None:
    rows: list[dict] = []
    redis = lb.start(
        ["redis-server", "--port", str(lb.REDIS_PORT), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        "redis.log",
    )
    s3 = lb.start_s3()
    server = None
    try:
        info = build()
        rows.append(
            {
                "metric": "demo network scaled",
                "value": f"{info['centres']} centres, {lb.ITEMS} items, {lb.LESSONS} lessons",
                "note": f"built in {info['built_seconds']:.0f} s",
            }
        )
        measured = listings()
        for name, (host, path) in {**measured, **OTHER_SORTS}.items():
            result = in_process(host, path)
            rows.append(
                {
                    "metric": f"{name} ({path}), in process",
                    "value": f"{result['median']:.1f} ms",
                    "note": f"p90 {result['p90']:.1f} ms, {result['queries']} queries, "
                    f"HTML {result['bytes'] / 1024:.1f} KB, {REQUESTS} requests",
                }
            )
            print(rows[-1], flush=True)
        if PROFILE:
            profile(*measured[CATALOGUE])
        from django.db import connection

        connection.close()

        server = gunicorn(None)
        for name, (host, path) in measured.items():
            rows.append(
                wrk_row(f"{name} ({path}), gunicorn + wrk", lb.wrk(host, path, lb.WRK_SECONDS))
            )
            print(rows[-1], flush=True)
        host, paths = lb.varied_pages()["library catalogue (field, sort, page)"]
        result = lb.wrk(host, paths[0], lb.WRK_SECONDS, paths=paths)
        rows.append(wrk_row(f"{CATALOGUE}, a different combination each request", result))
        print(rows[-1], flush=True)
        pages = {name: served(host, path) for name, (host, path) in measured.items()}
        lb.stop(server)
        server = None

        if BASELINE:
            host, path = measured[CATALOGUE]
            runs: dict[str, list[float]] = {"current": [], "baseline": []}
            for _ in range(ROUNDS):
                for label, code in (("current", None), ("baseline", BASELINE)):
                    server = gunicorn(code)
                    if label == "baseline" and not runs["baseline"]:
                        same = [
                            name
                            for name, (h, p) in measured.items()
                            if normalised(served(h, p)) == normalised(pages[name])
                        ]
                        rows.append(
                            {
                                "metric": "same HTML as the baseline",
                                "value": f"{len(same)} of {len(measured)} listings",
                                "note": ", ".join(sorted(set(measured) - set(same))) or "all",
                            }
                        )
                        print(rows[-1], flush=True)
                    result = lb.wrk(host, path, lb.WRK_SECONDS)
                    runs[label].append(result["rps"])
                    rows.append(wrk_row(f"{CATALOGUE} ({path}), {label} code", result))
                    print(rows[-1], flush=True)
                    lb.stop(server)
                    server = None
            rows.append(
                {
                    "metric": f"{CATALOGUE}, current / baseline",
                    "value": f"{statistics.median(runs['current']) / statistics.median(runs['baseline']):.2f}x",
                    "note": f"medians of {ROUNDS} rounds: {statistics.median(runs['current']):.0f} "
                    f"vs {statistics.median(runs['baseline']):.0f} req/s",
                }
            )
            print(rows[-1], flush=True)
    finally:
        for process in (server, s3, redis):
            lb.stop(process)
        write("catalogue", rows)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
