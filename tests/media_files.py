"""Small media files made with ffmpeg for the pipeline tests (lavfi testsrc2 + sine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def make_clip(
    path: Path,
    *,
    seconds: float = 3,
    width: int = 1280,
    height: int = 720,
    audio: bool = True,
    faststart: bool = True,
    rate: int = 24,
) -> Path:
    args = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={width}x{height}:rate={rate}",
    ]
    if audio:
        args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
    args += ["-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-shortest"]
    if faststart:
        args += ["-movflags", "+faststart"]
    subprocess.run([*args, str(path)], check=True)
    return path


def make_audio_only(path: Path, seconds: float = 2) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            str(seconds),
            "-c:a",
            "aac",
            str(path),
        ],
        check=True,
    )
    return path


def truncate(source: Path, target: Path, fraction: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


def renamed_executable(target: Path) -> Path:
    shutil.copy(shutil.which("ls"), target)
    return target
