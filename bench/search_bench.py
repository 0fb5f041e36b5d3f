"""Search benchmark (issue #8): p50/p95 latency at 100,000 documents for the database index and for
Elasticsearch (noida-db, started here on a free port).

    search_bench.py sqlite      the SQLite FTS5 variant (a throwaway file)
    search_bench.py postgresql  the PostgreSQL variant (DATABASE_URL, started by scripts/services.sh),
                                then the same documents through noida-db

The corpus imitates Vietnamese text: each document mixes a few topic phrases with syllables drawn
from a Zipf distribution over a 3,000-syllable vocabulary, so queries match a realistic share of
documents (a uniform 60-word corpus made every query match nearly every document)."""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-search-"))
VENDOR = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
# BENCH_SEARCH_DB=/some/file.sqlite3 keeps the SQLite corpus between runs (built if missing)
KEPT = os.environ.get("BENCH_SEARCH_DB", "") if VENDOR == "sqlite" else ""
REUSE = bool(KEPT) and Path(KEPT).exists()
if VENDOR == "sqlite":
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = KEPT or str(WORK / "db.sqlite3")
elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("search_bench.py postgresql needs DATABASE_URL (run it through scripts/services.sh)")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.common import noida_command, write  # noqa: E402
from tests.servers import free_port  # noqa: E402

DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
WORDS = (
    "tủ sách cộng đồng tuyên truyền pháp luật sức khỏe người cao tuổi nông nghiệp kỹ năng số "
    "văn hóa kinh tế hộ gia đình đường làng phòng chống lừa đảo điện thoại thông minh trồng rau "
    "nuôi gà khuyến học môi trường phân loại rác giao thông căn cước thu chi dân ca"
).split()
ONSETS = "b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x".split()
RHYMES = "a ai am an ang anh ao au ay e em en eng eo i ia im in inh iu o oa oi om on ong u ua ui um un ung uy ươi ương ưa ưu".split()
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
QUERIES = [
    "tu sach cong dong",
    "tuyen truyn phap luat",
    "đường làng",
    "nuoi ga",
    "ky nang so dien thoai",
    "phan loai rac",
    "suc khoe nguoi cao tuoi",
    "lua dao",
]


def build() -> None:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from hub.text import fold_vietnamese
    from search.models import SearchEntry, SearchTerm
    from search.text import tokens

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    parent = root.add_child(instance=Page(title="Bench", slug="bench"))
    page_type = ContentType.objects.get_for_model(Page)
    locale = Locale.get_default()
    import unicodedata

    from bench.scale import tree_step as step

    rng = random.Random(7)  # noqa: S311 (reproducible test data, not security)
    syllables = sorted(
        {
            unicodedata.normalize("NFC", onset + rhyme[0] + rng.choice(TONES) + rhyme[1:])
            for onset in ONSETS
            for rhyme in RHYMES
        }
    )
    rng.shuffle(syllables)
    weights = [1 / (rank + 1) for rank in range(len(syllables))]  # Zipf-like frequencies
    phrases = [" ".join(WORDS[i : i + 3]) for i in range(0, len(WORDS) - 2, 2)]
    pages = [
        Page(
            title=f"p{n}",
            slug=f"p{n}",
            path=parent.path + step(n + 1),
            depth=parent.depth + 1,
            numchild=0,
            content_type=page_type,
            locale=locale,
            live=True,
            url_path=f"/bench/p{n}/",
        )
        for n in range(DOCS)
    ]
    Page.objects.bulk_create(pages, batch_size=5000)
    ids = list(
        Page.objects.filter(depth=parent.depth + 1, path__startswith=parent.path).values_list(
            "pk", "path"
        )
    )
    entries, vocabulary = [], set()
    for pk, path in ids:
        topic = rng.sample(phrases, 2)
        title = f"{topic[0]} {' '.join(rng.choices(syllables, weights, k=4))}".capitalize()
        body = " ".join([*rng.choices(syllables, weights, k=80), topic[0], topic[1]])
        folded = " ".join(tokens(f"{title} {body}"))
        vocabulary.update(w for w in folded.split() if len(w) > 1)  # as search.indexing
        entries.append(
            SearchEntry(
                page_id=pk,
                kind=rng.choice(["thu-vien", "bai-giang", "tin-tuc"]),
                title=title,
                title_folded=f" {' '.join(tokens(title))} ",
                summary=body[:200],
                text_folded=f" {folded} ",
                path=path,
                year=2015 + pk % 10,
            )
        )
    SearchEntry.objects.bulk_create(entries, batch_size=5000)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, length=len(w)) for w in vocabulary], ignore_conflicts=True
    )
    del fold_vietnamese


def measure(run) -> tuple[float, float]:
    timings = []
    for _ in range(3):
        for query in QUERIES:
            start = time.perf_counter()
            run(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    from search import backend, database, elastic
    from search.models import SearchEntry

    start = time.perf_counter()
    if not REUSE:
        build()
    built = time.perf_counter() - start
    settings.SEARCH_URL = ""
    from search.database import variant

    # the database search itself: search.backend would answer repeats from its results cache
    db_p50, db_p95 = measure(lambda q: database.search(q))
    matches = statistics.median(database.search(q).total for q in QUERIES)
    rows = [
        {
            "metric": f"database index ({variant()}), {DOCS} documents: p50 / p95",
            "value": f"{db_p50:.0f} / {db_p95:.0f}",
            "unit": "ms",
            "note": f"{len(QUERIES)} queries x 3; median {matches:.0f} matches (the best 300 re-scored); built in {built:.0f} s",
        }
    ]
    if VENDOR == "sqlite":
        write("search-sqlite", rows)
        return
    if os.environ.get("BENCH_SEARCH_SKIP_ENGINE"):  # the database variant only (a quicker run)
        write("search-postgresql", rows)
        return
    port = free_port()
    noida = subprocess.Popen(
        noida_command(WORK / "noida", port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the wrapper starts the engine as a child: stop the whole group
    )
    try:
        time.sleep(3)
        settings.SEARCH_URL = f"http://127.0.0.1:{port}"
        settings.SEARCH_TIMEOUT = 120
        start = time.perf_counter()
        try:
            elastic.rebuild(SearchEntry.objects.all().iterator(chunk_size=5000))
            indexed = time.perf_counter() - start
            if any(backend.search(q).engine != "elasticsearch" for q in QUERIES):
                raise RuntimeError(
                    "the engine did not answer every query (the page fell back to the database)"
                )
            es_p50, es_p95 = measure(lambda q: backend.search(q))
            value, note = f"{es_p50:.0f} / {es_p95:.0f}", f"bulk indexing {indexed:.0f} s"
        except Exception as error:  # noqa: BLE001 (reported in the results, not hidden)
            value, note = "failed", f"{error.__class__.__name__}: {str(error)[:160]}"
    finally:
        os.killpg(noida.pid, signal.SIGTERM)
        noida.wait(timeout=30)
    rows.append(
        {
            "metric": f"Elasticsearch API (noida-db), {DOCS} documents: p50 / p95",
            "value": value,
            "unit": "ms",
            "note": note,
        }
    )
    write("search-postgresql", rows)


if __name__ == "__main__":
    main()
