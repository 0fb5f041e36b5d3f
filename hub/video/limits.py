"""The limits an uploaded video is held to, and holding ffmpeg to them while it reads the file.

A file states its own length, frame size and frame rate, and may lie: a Matroska file can declare
10 s and hold 3 h of frames. So the limits are checked on what ffmpeg actually reads, not only on
what ffprobe is told:

- probe.py checks the stated values, then `measure_command()` reads every packet of the picture
  stream without decoding (about a second for two hours of video) for its real length and frames;
- every ffmpeg run over an upload reads no further than the length limit (`-t`), its decoder
  refuses pictures above the frame-size limit (`-max_pixels`), and `watch()` stops it as soon as
  the progress it reports passes the length or the number of frames the limits allow.

The limits come from settings (`VideoLimits.from_settings`): VIDEO_MAX_SECONDS, VIDEO_MAX_LONG_SIDE,
VIDEO_MAX_SHORT_SIDE and VIDEO_MAX_FPS. Plain data and functions plus one subprocess runner; no
database, no storage. The Vietnamese reasons are in probe.py (`limit_message`).
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import ffmpeg
from django.conf import settings

TOLERANCE_SECONDS = 1.0  # a genuine file at the limit may decode a little past its stated end
FPS_TOLERANCE = 1.02  # the timing jitter of variable-rate phone clips
DECODER_PADDING = 64  # decoders allocate pictures rounded up to their block size
PIXEL_LIMIT_ERROR = "exceeds specified max pixel count"  # ffmpeg's words for a -max_pixels refusal


@dataclass(frozen=True)
class VideoLimits:
    """The longest, largest and fastest video accepted. Sides are in pixels as displayed, in either
    orientation: 4096x2304 and 2304x4096 are both within the defaults, 3000x3000 is not."""

    max_seconds: float
    max_long_side: int = 4096
    max_short_side: int = 2304
    max_fps: float = 60

    @classmethod
    def from_settings(cls, max_seconds: float | None = None) -> VideoLimits:
        return cls(
            max_seconds=settings.VIDEO_MAX_SECONDS if max_seconds is None else max_seconds,
            max_long_side=getattr(settings, "VIDEO_MAX_LONG_SIDE", cls.max_long_side),
            max_short_side=getattr(settings, "VIDEO_MAX_SHORT_SIDE", cls.max_short_side),
            max_fps=getattr(settings, "VIDEO_MAX_FPS", cls.max_fps),
        )

    def frame_fits(self, width: int, height: int) -> bool:
        return (
            max(width, height) <= self.max_long_side and min(width, height) <= self.max_short_side
        )

    def fps_allowed(self, fps: float) -> bool:
        return fps <= self.max_fps * FPS_TOLERANCE

    @property
    def decode_seconds(self) -> float:
        """Picture time an ffmpeg run may reach before it is stopped."""
        return self.max_seconds + TOLERANCE_SECONDS

    @property
    def decode_frames(self) -> int:
        """Frames an ffmpeg run may read before it is stopped: the length at the top frame rate."""
        return math.ceil(self.decode_seconds * self.max_fps * FPS_TOLERANCE)

    @property
    def decode_pixels(self) -> int:
        """Pixels a decoded picture may have (ffmpeg's -max_pixels), padding included."""
        return (self.max_long_side + DECODER_PADDING) * (self.max_short_side + DECODER_PADDING)

    def input_options(self) -> dict:
        """ffmpeg options for the upload as an input: read one second past the point where
        `watch()` stops the run (so a run that gets there is surely seen to pass the limit), and
        let the decoder refuse oversized pictures."""
        return {"t": self.decode_seconds + 1, "max_pixels": self.decode_pixels}

    def passed_by(self, decoded: Decoded) -> str | None:
        """ "seconds" or "frames" once what ffmpeg read passes a limit; None while within."""
        if decoded.seconds > self.decode_seconds:
            return "seconds"
        if decoded.frames > self.decode_frames:
            return "frames"
        return None


@dataclass(frozen=True)
class Decoded:
    """How far an ffmpeg run got, from its `-progress` report: the time of the last picture it
    wrote and the number of frames of its first output (see `measure_command`, `build_command`)."""

    seconds: float = 0.0
    frames: int = 0

    def after(self, line: str) -> Decoded:
        """This report updated by one `-progress` line (`out_time_us=…`, `frame=…`)."""
        key, _, value = line.strip().partition("=")
        try:
            if key == "out_time_us":
                return Decoded(max(self.seconds, int(value) / 1_000_000), self.frames)
            if key == "frame":
                return Decoded(self.seconds, max(self.frames, int(value)))
        except ValueError:  # "N/A" before the first picture
            pass
        return self


class LimitPassed(Exception):
    """ffmpeg read more than the limits allow ("seconds", "frames" or "pixels") and was stopped."""

    def __init__(self, limit: str, decoded: Decoded):
        self.limit = limit
        self.decoded = decoded
        super().__init__(f"{limit} limit passed at {decoded}")


@dataclass(frozen=True)
class Run:
    """A finished ffmpeg run that stayed within the limits."""

    decoded: Decoded
    returncode: int
    stderr: str  # the last 4,000 characters


def measure_command(source: str, stream_index: int, limits: VideoLimits) -> list[str]:
    """An ffmpeg run that reads the packets of one picture stream without decoding them, up to
    the length limit, and reports their time and number (`Decoded`) through `-progress`."""
    return (
        ffmpeg.input(source, t=limits.decode_seconds + 1)
        .output("-", f="null", map=f"0:{stream_index}", c="copy")
        .global_args("-hide_banner", "-nostats", "-v", "error", "-progress", "pipe:1")
        .compile()
    )


def watch(
    command: list[str], limits: VideoLimits, on_line: Callable[[str], None] | None = None
) -> Run:
    """Run ffmpeg (reporting with `-progress pipe:1`, every half second and at the end), passing
    each line to `on_line`; kill it and raise LimitPassed once a report passes a limit, or when its
    decoder refused a picture above the frame-size limit. Any other failure is the caller's to
    judge from `Run.returncode`."""
    decoded = Decoded()
    with tempfile.TemporaryFile(mode="w+") as errors:  # a file: a chatty ffmpeg never blocks
        process = subprocess.Popen(  # noqa: S603 (arguments built by ffmpeg-python, no shell)
            command, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        try:
            for line in process.stdout:
                decoded = decoded.after(line)
                if on_line is not None:
                    on_line(line.strip())
                # Judged once a report is whole: it gives the frames first, then the time.
                passed = line.startswith("progress=") and limits.passed_by(decoded)
                if passed:
                    raise LimitPassed(passed, decoded)
            returncode = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        errors.seek(0)
        stderr = errors.read()
    if returncode != 0 and PIXEL_LIMIT_ERROR in stderr:
        raise LimitPassed("pixels", decoded)
    return Run(decoded=decoded, returncode=returncode, stderr=stderr[-4000:])
