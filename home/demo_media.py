"""Short videos for the demo network, drawn by ffmpeg: a coloured gradient, the title in large
letters and a caption, over a silent audio track. They go through the same pipeline as an upload
(probe, HLS ladder, poster), so demo lessons and contest entries play like real ones."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from django.core.files import File

from hub.video.models import Video

CLIP_SECONDS = 6
CLIP_SIZE = (640, 360)
# DejaVu has every Vietnamese letter; Debian's fonts-dejavu-core comes with Chromium and ffmpeg.
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
]


def font_file() -> str | None:
    """A bold font with Vietnamese letters, or None (the clip is then drawn without text)."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [fc_match, "-f", "%{file}", "DejaVu Sans:bold"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if found and Path(found).exists():
            return found
    return next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


def _escape(value: str) -> str:
    """A value inside an ffmpeg filter option (the filter graph's own quoting)."""
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")


def make_clip(path: Path, title: str, caption: str, colours: tuple[str, str]) -> Path:
    """Write a CLIP_SECONDS H.264/AAC MP4 of `title` to `path`."""
    width, height = CLIP_SIZE
    start, end = (colour.lstrip("#") for colour in colours)
    video = f"gradients=s={width}x{height}:c0=0x{start}:c1=0x{end}:speed=0.02:d={CLIP_SECONDS}:r=24"
    filters = []
    font = font_file()
    if font:
        text_file = path.with_suffix(".txt")
        text_file.write_text("\n".join(textwrap.wrap(title, 24)), encoding="utf-8")
        common = f"fontfile='{_escape(font)}':fontcolor=white:x=(w-text_w)/2"
        filters = [
            f"drawtext={common}:textfile='{_escape(str(text_file))}':fontsize=34"
            ":line_spacing=10:y=(h-text_h)/2",
            f"drawtext={common}:text='{_escape(caption)}':fontsize=18:y=h-48",
        ]
    args = [shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", video]
    args += ["-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", str(CLIP_SECONDS)]
    if filters:
        args += ["-vf", ",".join(filters)]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "30", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart", str(path)]
    subprocess.run(args, check=True, capture_output=True)  # noqa: S603 (our arguments, no shell)
    return path


def add_video(collection, title: str, caption: str, colours: tuple[str, str], name: str) -> Video:
    """A Video in `collection` made from a generated clip; it is processed when the surrounding
    transaction commits (at once with the immediate task backend, else by the worker)."""
    with tempfile.TemporaryDirectory() as workdir:
        clip = make_clip(Path(workdir) / f"{name}.mp4", title, caption, colours)
        with open(clip, "rb") as handle:
            video = Video(title=title, type="video", collection=collection)
            video.file.save(f"{name}.mp4", File(handle), save=False)
            video.save()
    return video
