"""Helpers shared by the benchmark scripts: results table + JSON, and a throwaway project setup."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}"


def ffmpeg_version() -> str:
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "?"


def write(name: str, rows: list[dict]) -> None:
    """Print a table and write bench-results/<name>.json."""
    RESULTS.mkdir(exist_ok=True)
    payload = {"machine": machine(), "results": rows}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    print(f"\n## {name} ({payload['machine']})")
    for row in rows:
        print(
            f"- {row['metric']}: {row['value']} {row.get('unit', '')}  {row.get('note', '')}".rstrip()
        )


def noida_command(data_dir: Path, port: int) -> list[str]:
    """noida-db (Elasticsearch 8 REST API) on `port`; its launcher starts the engine as a child,
    so callers start it in a new session and stop the whole process group."""
    return [
        str(ROOT / ".venv" / "bin" / "noida-db"),
        "start",
        "--data-dir",
        str(data_dir),
        "--only",
        "elasticsearch",
        "--elasticsearch-port",
        str(port),
    ]
