"""Search at national size (issue #24): up to 1,000,000 documents through the Elasticsearch API.

Run inside scripts/services.sh (its noida-db: SEARCH_TEST_URL, or SEARCH_URL if set):
`scripts/services.sh .venv/bin/python bench/million_bench.py`.

- The index is made by the project's own code (`search.elastic.create_index`: the vi_folded /
  vi_exact analyzers and FederatedDocument's mapping, behind the alias) and every document goes
  through `search.elastic.to_source`, the shape `rebuild_search_index` writes.
- The corpus imitates the network's pages (bench/search_bench.py's generator): a title of a topic
  phrase and Zipf-drawn Vietnamese syllables, a body of 80 syllables and two topic phrases, a kind
  (library, lesson, news), a field, a year, and a path under one of BENCH_MILLION_CENTRES (3,300)
  centres (the `home` facet).
- Documents are sent with the bulk API (`elasticsearch.helpers.bulk`, BENCH_MILLION_CHUNK per
  request) in stages (BENCH_MILLION_STAGES, up to BENCH_MILLION_DOCS); at each stage the index is
  refreshed and queries are timed through `search.elastic.search(plan)`: the engine's part of a
  search (candidates, total and the four facets the results page shows), the plan made by
  `search.query.plan` beforehand. Ranking the 300 candidates in Python (search.ranking, the same
  for every engine) is not included.
- Queries: 25 typical searches, each with and without diacritics (50); a stage before the last
  times the first 10 of them. A query taking longer than BENCH_MILLION_TIMEOUT (60 s) counts as
  failed, and a stage stops timing after BENCH_MILLION_QUERY_MINUTES (5). Indexing stops at
  BENCH_MILLION_MINUTES (25) of bulk time; with BENCH_MILLION_STOP_ON_FAIL=1 also after a stage
  whose queries failed. The table says at what size it stopped.

Vocabulary (typo repair in `search.query.plan`) lives in a throwaway SQLite database.
Results: bench-results/million.json.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-million-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
os.environ.pop("DATABASE_URL", None)
os.environ["SQLITE_PATH"] = str(WORK / "db.sqlite3")
URL = os.environ.get("SEARCH_URL") or os.environ.get("SEARCH_TEST_URL", "")
if not URL:
    sys.exit("million_bench.py needs noida-db: run it through scripts/services.sh")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.common import write  # noqa: E402
from bench.scale import tree_step  # noqa: E402
from bench.search_bench import ONSETS, RHYMES, TONES, WORDS  # noqa: E402

DOCS = int(os.environ.get("BENCH_MILLION_DOCS", "1000000"))
STAGES = sorted(
    {
        int(s)
        for s in os.environ.get("BENCH_MILLION_STAGES", "10000,100000,300000,1000000").split(",")
        if int(s) < DOCS
    }
    | {DOCS}
)
CENTRES = int(os.environ.get("BENCH_MILLION_CENTRES", "3300"))
CHUNK = int(os.environ.get("BENCH_MILLION_CHUNK", "2000"))
MINUTES = float(os.environ.get("BENCH_MILLION_MINUTES", "25"))
TIMEOUT = float(os.environ.get("BENCH_MILLION_TIMEOUT", "60"))
QUERY_MINUTES = float(os.environ.get("BENCH_MILLION_QUERY_MINUTES", "5"))  # per stage
PAIRS = [
    "tủ sách cộng đồng",
    "phòng chống lừa đảo",
    "sức khỏe người cao tuổi",
    "nuôi gà",
    "trồng rau",
    "kỹ năng số",
    "điện thoại thông minh",
    "phân loại rác",
    "tuyên truyền pháp luật",
    "đường làng",
    "khuyến học",
    "môi trường",
    "giao thông",
    "căn cước",
    "dân ca",
    "kinh tế hộ gia đình",
    "văn hóa",
    "nông nghiệp",
    "thu chi",
    "lừa đảo qua điện thoại",
    "pháp luật giao thông",
    "kỹ năng số cho người cao tuổi",
    "trồng rau nuôi gà",
    "sách pháp luật",
    "dân ca văn hóa",
]
rows: list[dict] = []


def row(metric: str, value, unit: str = "", note: str = "") -> None:
    rows.append({"metric": metric, "value": value, "unit": unit, "note": note})
    print(f"  {metric}: {value} {unit} {note}".rstrip(), flush=True)


def queries() -> list[str]:
    """Each search with diacritics, then the same typed without them (interleaved pairs)."""
    from hub.text import fold_vietnamese

    out = []
    for text in PAIRS:
        out += [text, fold_vietnamese(text)]
    return out


def corpus():
    """Endless documents (to_source's input), reproducible; also fills the vocabulary."""
    from hub.text import fold_vietnamese
    from search.models import SearchTerm
    from search.text import tokens

    rng = random.Random(7)  # noqa: S311 (reproducible benchmark data)
    syllables = sorted(
        {
            unicodedata.normalize("NFC", onset + rhyme[0] + rng.choice(TONES) + rhyme[1:])
            for onset in ONSETS
            for rhyme in RHYMES
        }
    )
    rng.shuffle(syllables)
    cumulative, total = [], 0.0
    for rank in range(len(syllables)):  # Zipf-like frequencies
        total += 1 / (rank + 1)
        cumulative.append(total)
    phrases = [" ".join(WORDS[i : i + 3]) for i in range(0, len(WORDS) - 2, 2)]
    vocabulary = {w for s in syllables + WORDS + PAIRS for w in tokens(s) if len(w) > 1}
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, length=len(w)) for w in sorted(vocabulary)], ignore_conflicts=True
    )
    kinds = [("thu-vien", "0001"), ("bai-giang", "0002"), ("tin-tuc", "0003")]
    start = datetime(2026, 12, 1, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        topic = rng.sample(phrases, 2)
        title = f"{topic[0]} {' '.join(rng.choices(syllables, cum_weights=cumulative, k=4))}"
        title = title[:1].upper() + title[1:]
        body = " ".join([*rng.choices(syllables, cum_weights=cumulative, k=80), *topic])
        kind, section = kinds[n % 3]
        centre = tree_step(2 + n % CENTRES)
        yield SimpleNamespace(
            page_id=n,
            kind=kind,
            title=title,
            summary=body[:200],
            text_folded=f" {' '.join(tokens(fold_vietnamese(f'{title} {body}')))} ",
            path=f"0001{centre}{section}{tree_step(1 + n // CENTRES)}",
            field_id=1 + n % 12,
            year=1995 + n % 32,
            published_at=start - timedelta(minutes=n),
        )


def measure(label: str, texts: list[str]) -> bool:
    """Time each query once (after one warm-up query); False if any failed or timed out."""
    from search import elastic
    from search.query import plan

    plans = [(text, plan(text)) for text in texts]
    timings: dict[str, list[float]] = {"with": [], "without": []}
    failed, matches = [], []
    try:
        elastic.search(plans[0][1])
    except Exception as error:  # noqa: BLE001 (reported, not hidden)
        failed.append(f"warm-up: {error.__class__.__name__}")
    deadline = time.perf_counter() + QUERY_MINUTES * 60
    for n, (text, made) in enumerate(plans):
        if time.perf_counter() > deadline:
            failed.append(f"{len(plans) - n} not run (the stage's {QUERY_MINUTES:g} min passed)")
            break
        began = time.perf_counter()
        try:
            found = elastic.search(made)
        except Exception as error:  # noqa: BLE001
            failed.append(f"{text}: {error.__class__.__name__}")
            continue
        timings["without" if n % 2 else "with"].append((time.perf_counter() - began) * 1000)
        matches.append(found.total)
    every = sorted(timings["with"] + timings["without"])
    if every:
        p90 = every[max(0, round(len(every) * 0.9) - 1)]
        row(
            f"search, {label}: p50 / p90",
            f"{statistics.median(every):,.0f} / {p90:,.0f}",
            "ms",
            f"{len(every)} of {len(texts)} queries answered; with diacritics p50 "
            f"{statistics.median(timings['with'] or [0]):,.0f} ms, without "
            f"{statistics.median(timings['without'] or [0]):,.0f} ms; median "
            f"{statistics.median(matches):,.0f} matches"
            + (f"; failed: {', '.join(failed[:5])}" if failed else ""),
        )
    else:
        row(f"search, {label}", "failed", "", "; ".join(failed[:5]))
    return not failed


def main() -> None:
    from elasticsearch.helpers import bulk

    from search import elastic

    call_command("migrate", verbosity=0)
    settings.SEARCH_URL = URL
    settings.SEARCH_INDEX = "hoctap-million"
    settings.SEARCH_TIMEOUT = TIMEOUT
    es = elastic.client().options(request_timeout=600)
    if es.indices.exists(index=elastic.first_index()):  # a rerun against the same engine
        es.indices.delete(index=elastic.first_index())
    elastic.create_index(es, elastic.first_index(), with_alias=True)
    docs = corpus()
    texts = queries()
    indexed, bulk_seconds, generate_seconds = 0, 0.0, 0.0
    stopped = ""
    for stage in STAGES:
        while indexed < stage:
            size = min(CHUNK * 10, stage - indexed)
            began = time.perf_counter()
            batch = [
                {"_index": elastic.first_index(), **elastic.to_source(next(docs))}
                for _ in range(size)
            ]
            generate_seconds += time.perf_counter() - began
            began = time.perf_counter()
            bulk(es, batch, chunk_size=CHUNK, max_chunk_bytes=50 * 1024 * 1024)
            bulk_seconds += time.perf_counter() - began
            indexed += size
            if bulk_seconds > MINUTES * 60:
                stopped = f"bulk time passed {MINUTES:g} min"
                break
        began = time.perf_counter()
        es.indices.refresh(index=elastic.first_index())
        refreshed = time.perf_counter() - began
        count = es.count(index=elastic.alias())["count"]
        row(
            f"bulk-indexed {indexed:,} documents",
            round(bulk_seconds, 1),
            "s",
            f"{indexed / bulk_seconds:,.0f} documents a second over all stages; refresh "
            f"{refreshed:.1f} s; the engine counts {count:,}; documents generated in "
            f"{generate_seconds:.0f} s (not included)",
        )
        final = stopped or stage == STAGES[-1]
        ok = measure(f"{indexed:,} documents", texts if final else texts[:10])
        if not ok and not final and os.environ.get("BENCH_MILLION_STOP_ON_FAIL"):
            stopped = "a query failed or timed out at this size"
        if stopped:
            row("stopped before the target", f"{indexed:,}", "documents", stopped)
            break
    write("million", rows)


if __name__ == "__main__":
    main()
