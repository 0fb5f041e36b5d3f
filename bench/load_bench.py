"""Load, page-cache and fault benchmark (issue #9), run by `make bench` inside scripts/services.sh.

1. Builds the demo network scaled to 50 centres, 20,000 lessons, 20,000 library items and 1,000
   contest entries (bench/scale.py) in a fresh PostgreSQL database.
2. Serves it with gunicorn (2 sync workers, production settings, DEBUG off, Redis cache) and
   measures each public page with wrk after a warm-up: req/s, p50/p99, queries per request (same
   page in process, second request), HTML bytes and gzip bytes on the wire.
3. Again with the page cache on, next to the same HTML served as a static file by WhiteNoise.
4. Mixed browsing/search/views/likes/shares from 50 concurrent clients for LOAD_SECONDS (600):
   no 5xx, and every counter equals the events the server accepted.
5. Faults under load: the search engine stopped and restarted, PostgreSQL restarted, the S3
   server stopped and restarted; the site must answer with Vietnamese messages, recover, and
   lose no accepted event.

Sizes: BENCH_CENTRES, BENCH_LESSONS, BENCH_ITEMS, BENCH_ENTRIES; durations: WRK_SECONDS,
LOAD_SECONDS, LOAD_CLIENTS, FAULT_SECONDS. Results: bench-results/load.json and a table.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv" / "bin"
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-load-"))

from bench.common import noida_command, write  # noqa: E402
from tests.servers import free_port  # noqa: E402

CENTRES = int(os.environ.get("BENCH_CENTRES", "50"))
LESSONS = int(os.environ.get("BENCH_LESSONS", "20000"))
ITEMS = int(os.environ.get("BENCH_ITEMS", "20000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000"))
WRK_SECONDS = int(os.environ.get("WRK_SECONDS", "10"))
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "600"))
LOAD_CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
FAULT_SECONDS = int(os.environ.get("FAULT_SECONDS", "150"))
# which parts run: pages (wrk, cache off), cache (wrk, cache on), mixed, faults
PHASES = set(os.environ.get("BENCH_PHASES", "pages,cache,mixed,faults").split(","))
REUSE = os.environ.get("BENCH_REUSE") == "1"  # keep the scaled database of the previous run
PHONE = (
    "Mozilla/5.0 (Linux; Android 10; Redmi 8A) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
)
SEARCHES = ["tu sach cong dong", "tuyên truyền", "ky nang so", "phap luat", "suc khoe", "nuoi ga"]


def start(args: list[str], log: str, env=None) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        stdout=open(WORK / log, "ab"),  # noqa: SIM115 (the process owns it)
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing listens on port {port}")


# --- the environment -----------------------------------------------------------------------------

base_url = os.environ.get("DATABASE_URL", "")
if not base_url.startswith("postgres"):
    sys.exit("load_bench.py needs PostgreSQL: run it through scripts/services.sh (make bench)")
DB_URL = base_url.rsplit("/", 1)[0] + "/hoctap_load"
PORT = free_port()
REDIS_PORT = free_port()
S3_PORT = free_port()
SEARCH_PORT = free_port()
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
    "DATABASE_URL": DB_URL,
    "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "HUB_CENTRE_DOMAIN": "localhost",
    "HUB_SITE_PORT": str(PORT),
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "COUNTER_PER_IP_PER_HOUR": "10000000",  # every client shares 127.0.0.1 here
    "LESSON_SHARE_PER_IP_PER_HOUR": "100000",
    "LESSON_SHARE_MIN_SECONDS": "0",
    "S3_BUCKET": "hoctap-load",
    "S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
    "S3_ACCESS_KEY_ID": "bench",
    "S3_SECRET_ACCESS_KEY": secrets.token_hex(16),
    "SEARCH_URL": "",
}
os.environ.update(ENV)


def start_s3() -> subprocess.Popen:
    (WORK / "weed").mkdir(exist_ok=True)
    process = start(
        [
            str(BIN / "weed"),
            "mini",
            f"-dir={WORK / 'weed'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            f"-s3.port={S3_PORT}",
        ],
        "weed.log",
    )
    wait_port(S3_PORT, 120)
    return process


def start_search() -> subprocess.Popen:
    process = start(noida_command(WORK / "noida", SEARCH_PORT), "noida.log")
    wait_port(SEARCH_PORT, 120)
    return process


def restart_postgres() -> float:
    """pg_ctl restart -m fast on the services cluster; seconds it took."""
    data, pg_bin = os.environ["HOCTAP_PGDATA"], os.environ["HOCTAP_PG_BIN"]
    log = f"{data}/server.log"  # the new server keeps its output open: never pipe it here
    command = [f"{pg_bin}/pg_ctl", "-D", data, "-l", log, "-w", "-m", "fast", "restart"]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    began = time.time()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - began


def build() -> dict:
    import django

    exists = subprocess.run(
        ["psql", base_url, "-Atc", "SELECT 1 FROM pg_database WHERE datname = 'hoctap_load'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not (REUSE and exists):
        subprocess.run(["psql", base_url, "-qc", "DROP DATABASE IF EXISTS hoctap_load"], check=True)
        subprocess.run(["psql", base_url, "-qc", "CREATE DATABASE hoctap_load"], check=True)
    django.setup()
    import boto3
    from django.core.management import call_command

    s3 = boto3.client(
        "s3",
        endpoint_url=ENV["S3_ENDPOINT_URL"],
        aws_access_key_id=ENV["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=ENV["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    try:
        s3.create_bucket(Bucket="hoctap-load")
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    if REUSE and exists:
        from wagtail.models import Site

        Site.objects.update(port=PORT)  # the sites answer on this run's port
        call_command("collectstatic", interactive=False, verbosity=0)
        return {"centres": CENTRES, "built_seconds": 0}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from bench.scale import scale_network
    from home.demo import load_demo_network

    began = time.time()
    load_demo_network(port=PORT, log=lambda _m: None)
    print(f"demo network loaded in {time.time() - began:.0f} s", flush=True)
    info = scale_network(CENTRES, LESSONS, ITEMS, ENTRIES)
    info["built_seconds"] = time.time() - began
    return info


def host_path(page) -> tuple[str, str]:
    _site, root_url, path = page.get_url_parts()
    return urllib.parse.urlsplit(root_url).hostname, path


def pages() -> dict[str, tuple[str, str]]:
    """name -> (host, path) of the pages measured."""
    from contests.models import ContestPage, EntryPage
    from hub.models import Centre
    from lessons.models import LessonIndexPage, LessonPage

    centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
    host = centre.site.hostname
    lesson_index = LessonIndexPage.objects.child_of(centre.site.root_page).get()
    lesson = LessonPage.objects.live().child_of(lesson_index).order_by("-pk").first()
    contest = ContestPage.objects.get(pk=EntryPage.objects.order_by("-pk").first().get_parent().pk)
    return {
        "hub home": ("localhost", "/"),
        "centre home": (host, "/"),
        "lesson index": host_path(lesson_index),
        "lesson detail": host_path(lesson),
        "library catalogue (hub, all centres)": ("localhost", "/thu-vien/"),
        "contest ranking": (host_path(contest)[0], host_path(contest)[1] + "ket-qua/"),
        "search": ("localhost", "/tim-kiem/?q=tu+sach+cong+dong"),
    }


def varied_pages() -> dict[str, tuple[str, list[str]]]:
    """name -> (host, paths): many lessons of one centre, many searches, many catalogue filters."""
    from hub.models import Centre, Field
    from lessons.models import LessonIndexPage, LessonPage

    centre = Centre.objects.with_site().get(name="Phường Lam Hạ")
    index = LessonIndexPage.objects.child_of(centre.site.root_page).get()
    lessons = LessonPage.objects.live().child_of(index).order_by("?")[:300]
    rng = random.Random(5)  # noqa: S311 (load mix)
    words = ["tu", "sach", "cong", "dong", "ky", "nang", "so", "phap", "luat", "suc", "khoe"]
    words += ["nuoi", "ga", "tuyen", "truyen", "hoc", "tap", "lop", "binh", "dan", "an", "toan"]
    searches = {
        "/tim-kiem/?q=" + "+".join(rng.sample(words, rng.randint(1, 3))) for _ in range(400)
    }
    fields = [f.slug for f in Field.objects.all()]
    sorts = ["moi-nhat", "doc-nhieu", "ten"]
    catalogue = [
        f"/thu-vien/?linh-vuc={field}&sap-xep={sort}&page={page}"
        for field in fields
        for sort in sorts
        for page in range(1, 6)
    ]
    return {
        "lesson detail": (centre.site.hostname, [host_path(p)[1] for p in lessons]),
        "search": ("localhost", sorted(searches)),
        "library catalogue (field, sort, page)": ("localhost", catalogue),
    }


def in_process(host: str, path: str) -> tuple[int, int, int]:
    """(status, queries on the second request, HTML bytes) through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host, HTTP_USER_AGENT=PHONE)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries), len(response.content)


def fetch(host: str, path: str, method="GET", body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def gzip_bytes(host: str, path: str) -> int:
    response, data = fetch(host, path, headers={"Accept-Encoding": "gzip", "User-Agent": PHONE})
    assert response.getheader("Content-Encoding") == "gzip", f"{path} not compressed"
    return len(data)


def wrk(host: str, path: str, seconds: int, paths: list[str] | None = None) -> dict:
    """wrk after a 3 s warm-up; with `paths`, each request takes a random one of them (no two
    requests alike, so nothing comes from a cache of earlier answers)."""
    url = f"http://127.0.0.1:{PORT}{path}"
    headers = ["-H", f"Host: {host}", "-H", f"User-Agent: {PHONE}", "-H", "Accept-Encoding: gzip"]
    script = []
    if paths:
        lua = WORK / f"paths-{secrets.token_hex(4)}.lua"
        quoted = ",".join(json.dumps(p) for p in paths)
        lua.write_text(
            f"local paths = {{{quoted}}}\n"
            "math.randomseed(os.time())\n"
            "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
        script = ["-s", str(lua)]
    else:
        subprocess.run(
            ["wrk", "-t2", "-c8", "-d3s", *headers, url], capture_output=True, check=True
        )
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", *script, *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50"),
        "p99": ms("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def gunicorn(extra_env: dict | None = None) -> subprocess.Popen:
    process = start(
        [
            str(BIN / "gunicorn"),
            "hub.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "60",
        ],
        "gunicorn.log",
        env={**ENV, **(extra_env or {})},
    )
    wait_port(PORT)
    return process


# --- mixed load ------------------------------------------------------------------------------------


BROWSERS_PER_CLIENT = int(os.environ.get("LOAD_BROWSERS_PER_CLIENT", "10"))


class Visitor:
    """One load client driving BROWSERS_PER_CLIENT simulated browsers in turn, every one from the
    same address (127.0.0.1: a hall behind one router), each with its own cookies (CSRF token,
    the browser id hh_b) and user agent; 50 clients are 500 distinct browsers."""

    def __init__(self, n: int, targets: dict, tally: dict, lock: threading.Lock):
        self.n, self.targets, self.tally, self.lock = n, targets, tally, lock
        self.rng = random.Random(n)  # noqa: S311 (load mix, not security)
        self.jars = [{} for _ in range(BROWSERS_PER_CLIENT)]
        self.use(0)

    def use(self, index: int) -> None:
        self.browser = self.n * BROWSERS_PER_CLIENT + index
        self.jar = self.jars[index]
        self.ua = f"{PHONE} HocTapLoad/{self.browser}"

    @property
    def csrf(self) -> str:
        return self.jar.get("csrftoken", "")

    def request(self, host, path, method="GET", body=None, headers=None):
        headers = {"User-Agent": self.ua, "Accept-Encoding": "gzip", **(headers or {})}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        began = time.perf_counter()
        try:
            response, data = fetch(host, path, method, body, headers)
        except OSError as error:
            with self.lock:
                self.tally["errors"][type(error).__name__] += 1
            return None, b""
        elapsed = (time.perf_counter() - began) * 1000
        for cookie in response.msg.get_all("Set-Cookie") or []:
            if match := re.match(r"\s*(csrftoken|hh_b)=([^;]*)", cookie):
                self.jar[match.group(1)] = match.group(2)
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        with self.lock:
            self.tally["status"][response.status] += 1
            self.tally["latency"].append(elapsed)
            if response.status >= 500:
                self.tally["5xx"].append((round(time.time(), 1), path, response.status))
        return response, data

    def step(self):
        self.use(self.rng.randrange(BROWSERS_PER_CLIENT))
        kind = self.rng.choices(
            ["page", "lesson", "search", "entry", "like", "share"], [30, 20, 15, 15, 10, 10]
        )[0]
        t = self.targets
        if kind == "page":
            host, path = self.rng.choice(t["pages"])
            self.request(host, path)
        elif kind == "lesson":
            host, path, pk = self.rng.choice(t["lessons"])
            key = self.jar.get("hh_b", "")  # the visitor is its browser id, else address + agent
            response, _ = self.request(host, path)
            if response is not None and response.status == 200:
                with self.lock:
                    self.tally["lesson_seen"].add((self.browser, key, pk))
        elif kind == "search":
            query = urllib.parse.quote_plus(self.rng.choice(SEARCHES))
            host = self.rng.choice(["localhost", t["pages"][1][0]])
            response, data = self.request(host, f"/tim-kiem/?q={query}")
            if response is not None and "Máy tìm kiếm đang bận".encode() in data:
                with self.lock:
                    self.tally["search_notices"] += 1
        else:
            host, path, pk = self.rng.choice(t["entries"])
            if kind == "entry" or not self.csrf:
                response, _ = self.request(host, path)
                if response is not None and response.status == 200:
                    with self.lock:
                        self.tally["entry_seen"].add((self.browser, pk))
                    if not self.csrf:  # as entry.js does: the page is shared, the token is not
                        self.request(host, path + "trang-thai/")
                return
            target = self.rng.choice(["facebook", "zalo", "copy"])
            action = "thich/" if kind == "like" else f"chia-se/{target}/"
            response, data = self.request(
                host,
                path + action,
                "POST",
                body=b"",
                headers={"X-CSRFToken": self.csrf, "Referer": f"http://{host}:{PORT}{path}"},
            )
            if response is None or response.status != 200:
                if response is not None:
                    with self.lock:
                        self.tally["refused"][response.status] += 1
                return
            answer = json.loads(data)
            with self.lock:
                if kind == "like":
                    self.tally["liked"][(self.browser, pk)] = answer["liked"]
                    self.tally["like_posts"] += 1
                elif answer.get("counted"):
                    self.tally["shares"][(pk, target)] += 1


def new_tally() -> dict:
    return {
        "status": Counter(),
        "errors": Counter(),
        "latency": [],
        "5xx": [],
        "lesson_seen": set(),
        "entry_seen": set(),
        "liked": {},
        "shares": Counter(),
        "search_notices": 0,
        "refused": Counter(),
        "like_posts": 0,
    }


def run_load(targets: dict, clients: int, seconds: int, events=(), first=0) -> tuple[dict, float]:
    """`clients` visitors (numbered from `first`) for `seconds`; `events` are (at_second,
    callable) run meanwhile."""
    tally, lock = new_tally(), threading.Lock()
    deadline = time.time() + seconds
    visitors = [Visitor(first + n, targets, tally, lock) for n in range(clients)]

    def loop(visitor):
        while time.time() < deadline:
            visitor.step()

    threads = [threading.Thread(target=loop, args=(v,)) for v in visitors]
    began = time.time()
    for thread in threads:
        thread.start()
    for at, action in events:
        time.sleep(max(0, began + at - time.time()))
        action()
    for thread in threads:
        thread.join()
    return tally, time.time() - began


def counters_snapshot(targets: dict) -> dict:
    from contests.models import SiteCounter
    from lessons.models import LessonStats

    entry_ids = [pk for *_, pk in targets["entries"]]
    lesson_ids = [pk for *_, pk in targets["lessons"]]
    return {
        "log": event_log(entry_ids),
        "entries": {c.entry_id: c for c in SiteCounter.objects.filter(entry_id__in=entry_ids)},
        "lessons": dict(
            LessonStats.objects.filter(page_id__in=lesson_ids).values_list("page_id", "views")
        ),
    }


def check_counters(targets: dict, before: dict, tally: dict) -> list[str]:
    """Differences between what the server accepted and what the counters say (empty = exact)."""
    from django.db import connection

    connection.close()  # a fresh connection: the server may have been restarted
    after = counters_snapshot(targets)
    problems = []
    views = Counter(pk for _n, pk in tally["entry_seen"])
    lesson_views = Counter(pk for _n, _key, pk in tally["lesson_seen"])
    likes = Counter(pk for (_n, pk), liked in tally["liked"].items() if liked)
    for *_, pk in targets["entries"]:
        old, new = before["entries"].get(pk), after["entries"].get(pk)

        def value(counter, field):
            return getattr(counter, field) if counter else 0

        if value(new, "views") - value(old, "views") != views[pk]:
            problems.append(
                f"entry {pk} views {value(new, 'views') - value(old, 'views')} != {views[pk]}"
            )
        if value(new, "likes") - value(old, "likes") != likes[pk]:
            problems.append(
                f"entry {pk} likes {value(new, 'likes') - value(old, 'likes')} != {likes[pk]}"
            )
        for target in ("facebook", "zalo", "copy"):
            field = f"shares_{target}"
            if value(new, field) - value(old, field) != tally["shares"][(pk, target)]:
                problems.append(f"entry {pk} {field} differs")
    for *_, pk in targets["lessons"]:
        delta = after["lessons"].get(pk, 0) - before["lessons"].get(pk, 0)
        if delta != lesson_views[pk]:
            problems.append(f"lesson {pk} views {delta} != {lesson_views[pk]}")
    problems += check_event_log(targets, before, after)
    return problems


def event_log(entry_ids) -> dict:
    """{entry id: {views, likes (likes less withdrawals), shares}} from the contests' event log."""
    from django.db.models import Count

    from contests.models import EngagementEvent

    found = {pk: Counter() for pk in entry_ids}
    for row in (
        EngagementEvent.objects.filter(entry_id__in=entry_ids, exclusion__isnull=True)
        .values("entry_id", "kind")
        .annotate(n=Count("pk"))
    ):
        kind, n = row["kind"], row["n"]
        metric = {"view": "views", "like": "likes", "unlike": "likes"}.get(kind, "shares")
        found[row["entry_id"]][metric] += -n if kind == "unlike" else n
    return found


def check_event_log(targets: dict, before: dict, after: dict) -> list[str]:
    """Every counted event is in the log: the log's totals move exactly as the counters do."""
    problems = []
    entry_ids = [pk for *_, pk in targets["entries"]]
    logged_before, logged = before.get("log", {}), event_log(entry_ids)
    for pk in entry_ids:
        new, old = after["entries"].get(pk), before["entries"].get(pk)
        for metric in ("views", "likes", "shares"):
            counted = (getattr(new, metric) if new else 0) - (getattr(old, metric) if old else 0)
            in_log = logged[pk][metric] - logged_before.get(pk, Counter())[metric]
            if counted != in_log:
                problems.append(f"entry {pk} {metric}: counters {counted}, event log {in_log}")
    return problems


def load_targets(measured: dict) -> dict:
    from contests.models import EntryPage
    from hub.models import Centre
    from lessons.models import LessonPage

    sites = {c.site.root_page.path: c.site for c in Centre.objects.with_site()}
    rng = random.Random(3)  # noqa: S311

    def where(page):
        return (*host_path(page), page.pk)

    hub = [(h, p) for h, p in measured.values()]
    # a lesson also browsed as one of the "pages" would get views the tally does not expect
    lessons = [p for p in LessonPage.objects.live().order_by("?")[:320] if host_path(p) not in hub][
        :300
    ]
    entries = list(EntryPage.objects.live().order_by("-pk")[:40])
    centre_homes = [(s.hostname, "/") for s in rng.sample(list(sites.values()), 10)]
    return {
        "pages": hub + centre_homes,
        "lessons": [where(p) for p in lessons],
        "entries": [where(p) for p in entries],
    }


def summary(tally: dict, seconds: float) -> str:
    latency = sorted(tally["latency"]) or [0.0]
    total = sum(tally["status"].values())
    p99 = latency[int(len(latency) * 0.99) - 1] if latency else 0
    return (
        f"{total} requests in {seconds:.0f} s ({total / seconds:.0f} req/s), "
        f"p50 {statistics.median(latency):.0f} ms, p99 {p99:.0f} ms, "
        f"statuses {dict(sorted(tally['status'].items()))}"
    )


def main() -> None:
    rows = []
    redis = start(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        "redis.log",
    )
    s3 = start_s3()
    search = None
    server = None
    state = {}  # servers restarted during the fault run
    try:
        info = build()
        rows.append(
            {
                "metric": "demo network scaled",
                "value": f"{info['centres']} centres, {LESSONS} lessons, {ITEMS} items, {ENTRIES} entries",
                "note": f"built in {info['built_seconds']:.0f} s",
            }
        )
        measured = pages()
        static_dir = WORK / "static" / "bench"
        static_dir.mkdir(parents=True)
        status, _q, _b = in_process(*measured["hub home"])
        from django.test import Client

        html = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=PHONE).get("/").content
        (static_dir / "hub.html").write_bytes(html)
        (static_dir / "hub.html.gz").write_bytes(gzip.compress(html))

        if "pages" in PHASES:
            server = gunicorn()
            for name, (host, path) in measured.items():
                status, queries, size = in_process(host, path)
                assert status == 200, f"{name}: {status}"
                result = wrk(host, path, WRK_SECONDS)
                rows.append(
                    {
                        "metric": f"{name} ({path.split('?')[0]})",
                        "value": f"{result['rps']:.0f} req/s",
                        "note": f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, {queries} queries, "
                        f"HTML {size / 1024:.1f} KB, gzip {gzip_bytes(host, path) / 1024:.1f} KB"
                        + (f", {result['non_2xx']} non-2xx" if result["non_2xx"] else ""),
                    }
                )
                print(rows[-1], flush=True)
            # the same pages when no two requests are alike: nothing from cached results
            for name, (host, paths) in varied_pages().items():
                result = wrk(host, paths[0], WRK_SECONDS, paths=paths)
                rows.append(
                    {
                        "metric": f"{name}, a different one each request ({len(paths)})",
                        "value": f"{result['rps']:.0f} req/s",
                        "note": f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms"
                        + (f", {result['non_2xx']} non-2xx" if result["non_2xx"] else ""),
                    }
                )
                print(rows[-1], flush=True)
            stop(server)

        cache_env = {"PAGE_CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1"}
        if "cache" in PHASES:
            server = gunicorn(cache_env)
            static = wrk("localhost", "/static/bench/hub.html", WRK_SECONDS)
            rows.append(
                {
                    "metric": "hub home HTML as a static file (WhiteNoise, same gunicorn)",
                    "value": f"{static['rps']:.0f} req/s",
                    "note": f"p50 {static['p50']:.1f} ms, p99 {static['p99']:.1f} ms",
                }
            )
            for name, (host, path) in measured.items():
                result = wrk(host, path, WRK_SECONDS)
                rows.append(
                    {
                        "metric": f"{name}, page cache on",
                        "value": f"{result['rps']:.0f} req/s",
                        "note": f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms; "
                        f"{static['rps'] / result['rps']:.2f}x slower than the static file",
                    }
                )
                print(rows[-1], flush=True)

        targets = load_targets(measured)
        from django.db import connection

        connection.close()
        if "mixed" in PHASES:
            if "cache" not in PHASES:  # the mixed load runs on the page-cached server
                server = gunicorn(cache_env)
            before = counters_snapshot(targets)
            tally, seconds = run_load(targets, LOAD_CLIENTS, LOAD_SECONDS)
            problems = check_counters(targets, before, tally)
            fives = len(tally["5xx"])
            from contests.models import EngagementEvent

            flagged = EngagementEvent.objects.filter(flagged=True).count()
            browsers = len({b for b, _pk in tally["entry_seen"]} | {b for b, _pk in tally["liked"]})
            rows.append(
                {
                    "metric": f"mixed load, {LOAD_CLIENTS} clients = {LOAD_CLIENTS * BROWSERS_PER_CLIENT} browsers through one address, {LOAD_SECONDS} s, page cache on",
                    "value": f"{fives} responses 5xx, counters {'exact' if not problems else 'WRONG'}",
                    "note": summary(tally, seconds)
                    + f"; accepted: {len(tally['entry_seen'])} entry views, {len(tally['lesson_seen'])} lesson views, "
                    f"{sum(tally['liked'].values())} likes standing, {sum(tally['shares'].values())} shares"
                    + f"; {browsers} distinct browsers seen, {tally['like_posts']} like/unlike posts answered, "
                    f"refused {dict(tally['refused']) or 0}, events flagged for review {flagged}"
                    + ("; the event log matches the counters" if not problems else "")
                    + (f"; {problems[:5]}" if problems else "")
                    + (f"; errors {dict(tally['errors'])}" if tally["errors"] else ""),
                }
            )
            print(rows[-1], flush=True)
            stop(server)

        # --- faults ---------------------------------------------------------------------------
        if "faults" in PHASES:
            search = start_search()
            subprocess.run(
                [str(BIN / "python"), "manage.py", "rebuild_search_index"],
                env={**ENV, "SEARCH_URL": f"http://127.0.0.1:{SEARCH_PORT}"},
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            server = gunicorn(
                {
                    **cache_env,
                    "SEARCH_URL": f"http://127.0.0.1:{SEARCH_PORT}",
                    "SEARCH_TIMEOUT": "3",
                }
            )
            log = []
            host = measured["centre home"][0]

            def probe(label):
                response, data = fetch(
                    "localhost", "/tim-kiem/?q=tuyen+truyen+" + secrets.token_hex(2)
                )
                text = data.decode()
                log.append(
                    f"{label}: search {response.status}"
                    + (" with notice" if "Máy tìm kiếm đang bận" in text else "")
                )

            def share(label):
                from library.factories import make_pdf

                boundary = "hoctapbench"
                fields = {
                    "name": "Bà Nguyễn Thị Hoa",
                    "contact": "0912 345 678",
                    "title": f"Bài chia sẻ lúc {label}",
                    "field": field_pk,  # looked up before the database goes down
                    "description": "Tôi hướng dẫn cách muối dưa cải vàng giòn, để được lâu, làm tại nhà.",
                    "licence": "on",
                    "website": "",
                }
                page, form = fetch(host, "/bai-giang/chia-se/", headers={"User-Agent": PHONE})
                stamp = re.search(rb'name="stamp" value="([^"]+)"', form).group(1).decode()
                time.sleep(3.5)  # the form refuses submissions faster than a person types
                csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
                fields["stamp"] = stamp
                fields["csrfmiddlewaretoken"] = csrf
                body = b""
                for key, value in fields.items():
                    body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bai.pdf"\r\n'
                        "Content-Type: application/pdf\r\n\r\n"
                    ).encode()
                    + make_pdf(["Muối dưa cải"])
                    + f"\r\n--{boundary}--\r\n".encode()
                )
                response, data = fetch(
                    host,
                    "/bai-giang/chia-se/",
                    "POST",
                    body,
                    {
                        "Content-Type": f"multipart/form-data; boundary={boundary}",
                        "Cookie": f"csrftoken={csrf}",
                        "Referer": f"http://{host}:{PORT}/bai-giang/chia-se/",
                        "User-Agent": PHONE,
                    },
                )
                text = data.decode()
                errors = re.findall(r'class="(?:errorlist|callout)[^"]*"[^>]*>(.{0,120})', text)
                log.append(
                    f"{label}: share {response.status}"
                    + (f" {errors[:2]}" if response.status == 400 else "")
                    + (
                        " 'Kho lưu trữ tệp đang gián đoạn'"
                        if "Kho lưu trữ tệp đang gián đoạn" in text
                        else ""
                    )
                )

            def stop_search():
                stop(search)
                time.sleep(4)
                probe("search engine stopped")

            def start_search_again():
                state["search"] = start_search()
                time.sleep(2)
                probe("search engine restarted")

            def pg_restart():
                state["pg_seconds"] = restart_postgres()
                time.sleep(3)
                response, _ = fetch(host, "/")
                log.append(
                    f"PostgreSQL restarted in {state['pg_seconds']:.1f} s: centre home {response.status}"
                )

            def stop_s3():
                stop(s3)
                time.sleep(2)
                response, _ = fetch(*measured["lesson index"])
                log.append(f"S3 stopped: lesson index {response.status}")
                share("S3 stopped")

            def start_s3_again():
                state["s3"] = start_s3()
                time.sleep(3)
                share("S3 restarted")

            from hub.models import Field
            from lessons.models import LessonPage

            connection.close()
            lessons_before = LessonPage.objects.count()
            field_pk = str(Field.objects.first().pk)
            before = counters_snapshot(targets)
            step = FAULT_SECONDS / 6
            tally, seconds = run_load(
                targets,
                20,
                FAULT_SECONDS,
                events=[
                    (step * 0.5, lambda: probe("before faults")),
                    (step * 1, stop_search),
                    (step * 2, start_search_again),
                    (step * 3, pg_restart),
                    (step * 4, stop_s3),
                    (step * 5, start_s3_again),
                ],
                first=10_000 + secrets.randbelow(10**9),  # visitors no earlier run has seen
            )
            connection.close()
            problems = check_counters(targets, before, tally)
            shared = LessonPage.objects.count() - lessons_before
            by_status = Counter(status for _t, _p, status in tally["5xx"])
            rows.append(
                {
                    "metric": f"faults under load (20 clients, {FAULT_SECONDS} s)",
                    "value": f"5xx: {dict(by_status) or 0}, counters {'exact' if not problems else 'WRONG'}",
                    "note": "; ".join(log)
                    + f"; {shared} shared lesson(s) stored; {tally['search_notices']} searches answered with the database notice; "
                    + summary(tally, seconds)
                    + (f"; {problems[:5]}" if problems else ""),
                }
            )
            print(rows[-1], flush=True)
            search, s3 = state.get("search"), state.get("s3")
    finally:
        for process in (server, search, s3, state.get("search"), state.get("s3"), redis):
            stop(process)
        everything = PHASES == {"pages", "cache", "mixed", "faults"}
        write("load" if everything else "load-" + "-".join(sorted(PHASES)), rows)


if __name__ == "__main__":
    # `timeout` or Ctrl-C: leave through main()'s finally, stopping every server started here
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
