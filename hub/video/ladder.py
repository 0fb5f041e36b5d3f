"""What the pipeline makes from a source, and the one ffmpeg command that makes it.

Owns the HLS ladder, the MP4 fallback and the poster: `plan_outputs()` turns the source's frame size
into an `OutputPlan` (every output's exact width and height), `build_command()` turns a plan into an
ffmpeg argument list, and two small parsers read ffmpeg's output back (master playlist, progress).
Given the upload limits (limits.py), the command reads no further than the length limit, refuses
oversized pictures, and its first output counts every decoded frame, so `-progress` reports what
was decoded and limits.watch() can stop the run.

Sizes follow the SHORT side of the picture, so a portrait phone clip (720x1280) and a landscape one
(1280x720) get the same rungs: a rung of short side S scales the source to S on its short side and
long * S / short (to the nearest even number) on its long side. Rungs above the source are dropped;
a source whose short side is below the first rung gets one rung at its own size. Every dimension is
even (H.264 with 4:2:0 chroma needs it) and never above the source's (but at least 2).

Plain data and functions: no database, no storage, no subprocess. Imported by hub/video/pipeline.py,
bench/video_bench.py and the tests; content apps never build ffmpeg commands.
"""

from __future__ import annotations

from dataclasses import dataclass

import ffmpeg

from .limits import VideoLimits

AUDIO_BITRATE = 96_000
SEGMENT_SECONDS = 4


@dataclass(frozen=True)
class Rung:
    """One step of the ladder: the short side of the picture and its target video bitrate."""

    short_side: int
    video_bitrate: int


LADDER = (Rung(360, 800_000), Rung(480, 1_400_000), Rung(720, 2_800_000))
FALLBACK = Rung(360, 700_000)  # one small MP4 that old phones play without HLS


@dataclass(frozen=True)
class Size:
    width: int
    height: int

    @property
    def resolution(self) -> str:
        """As a master playlist states it: "640x360"."""
        return f"{self.width}x{self.height}"


@dataclass(frozen=True)
class Rendition(Size):
    """One encoded video output: its exact size and bitrates."""

    video_bitrate: int  # target; -maxrate is this x 1.07, -bufsize x 1.5

    @property
    def maxrate(self) -> int:
        return int(self.video_bitrate * 1.07)

    @property
    def bufsize(self) -> int:
        return int(self.video_bitrate * 1.5)

    def bandwidth(self, with_audio: bool) -> int:
        """Peak bits per second a player must sustain, as the master playlist should state."""
        return self.maxrate + (AUDIO_BITRATE if with_audio else 0)


@dataclass(frozen=True)
class OutputPlan:
    """Everything one ffmpeg run writes for a source."""

    renditions: tuple[Rendition, ...]  # the HLS variants, smallest first
    fallback: Rendition  # fallback.mp4
    poster: Size  # poster.jpg, the size of the largest rendition


def plan_outputs(width: int, height: int) -> OutputPlan:
    """The HLS renditions, MP4 fallback and poster for a source of `width` x `height` pixels
    (as displayed, i.e. after any rotation tag)."""
    if width < 1 or height < 1:
        raise ValueError(f"no picture to plan for: {width}x{height}")
    short = min(width, height)
    rungs = [r for r in LADDER if r.short_side <= short]
    if not rungs:
        rungs = [Rung(_even_floor(short), LADDER[0].video_bitrate)]
    renditions = tuple(
        _rendition(width, height, rung.short_side, rung.video_bitrate) for rung in rungs
    )
    fallback = _rendition(
        width, height, min(FALLBACK.short_side, _even_floor(short)), FALLBACK.video_bitrate
    )
    top = renditions[-1]
    return OutputPlan(renditions=renditions, fallback=fallback, poster=Size(top.width, top.height))


def _rendition(width: int, height: int, short_side: int, video_bitrate: int) -> Rendition:
    short, long = min(width, height), max(width, height)
    # long * short_side / short, rounded half up to an even number, never above the source.
    scaled_long = 2 * ((long * short_side + short) // (2 * short))
    scaled_long = max(2, min(scaled_long, _even_floor(long)))
    if width <= height:
        return Rendition(short_side, scaled_long, video_bitrate)
    return Rendition(scaled_long, short_side, video_bitrate)


def _even_floor(value: int) -> int:
    return max(2, value - value % 2)


def _h264(index: int | str, rendition: Rendition) -> dict:
    suffix = f":{index}" if index != "" else ""
    return {
        f"c:v{suffix}": "libx264",
        f"b:v{suffix}": rendition.video_bitrate,
        f"maxrate:v{suffix}": rendition.maxrate,
        f"bufsize:v{suffix}": rendition.bufsize,
    }


def _scaled(stream, size: Size):
    return stream.filter("scale", size.width, size.height).filter("setsar", 1)


def build_command(
    source: str,
    out_dir: str,
    plan: OutputPlan,
    *,
    has_audio: bool,
    duration: float,
    preset: str = "veryfast",
    limits: VideoLimits | None = None,
) -> list[str]:
    """One ffmpeg run that decodes once and writes every HLS rendition (`v<i>/index.m3u8` under
    `out_dir`, whose `v<i>` folders must exist), `fallback.mp4` and `poster.jpg`, as planned.

    With `limits`, ffmpeg reads at most a second past the length limit, its decoder refuses
    pictures above the frame-size limit, and a first output that keeps every decoded frame (the
    null muxer passes frames through, never dropping or repeating them) makes `-progress` report
    the decoded frames and time, for limits.watch()."""
    renditions = plan.renditions
    stream = ffmpeg.input(source, **(limits.input_options() if limits else {}))
    counted = 1 if limits else 0
    split = stream.video.filter_multi_output("split", len(renditions) + 2 + counted)
    videos = [_scaled(split.stream(i), r) for i, r in enumerate(renditions)]
    hls_args = {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_segment_filename": f"{out_dir}/v%v/seg_%04d.ts",
        "master_pl_name": "master.m3u8",
        "var_stream_map": " ".join(
            f"v:{i},a:{i}" if has_audio else f"v:{i}" for i in range(len(renditions))
        ),
        "preset": preset,
        "profile:v": "main",
        "pix_fmt": "yuv420p",
        "g": 48,
        "keyint_min": 48,
        "sc_threshold": 0,
        "force_key_frames": "expr:gte(t,n_forced*4)",
    }
    for i, rendition in enumerate(renditions):
        hls_args.update(_h264(i, rendition))
    streams = list(videos)
    if has_audio:
        streams += [stream.audio] * len(renditions)
        hls_args.update({"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2})
    hls = ffmpeg.output(*streams, f"{out_dir}/v%v/index.m3u8", **hls_args)

    mp4_streams = [_scaled(split.stream(len(renditions)), plan.fallback)]
    mp4_args = {
        **_h264("", plan.fallback),
        "preset": preset,
        "profile:v": "baseline",
        "level": "3.0",
        "pix_fmt": "yuv420p",
        "movflags": "+faststart",
    }
    if has_audio:
        mp4_streams.append(stream.audio)
        mp4_args.update({"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2})
    mp4 = ffmpeg.output(*mp4_streams, f"{out_dir}/fallback.mp4", **mp4_args)

    poster_at = min(1.0, duration / 3)
    poster = ffmpeg.output(
        split.stream(len(renditions) + 1)
        .filter("trim", start=poster_at)
        .filter("setpts", "PTS-STARTPTS")
        .filter("scale", plan.poster.width, plan.poster.height),
        f"{out_dir}/poster.jpg",
        vframes=1,
        **{"q:v": 3},
    )
    outputs = [hls, mp4, poster]
    if limits:
        # first, so that the `frame=` of -progress (the first video output's) counts decoded frames
        outputs.insert(0, ffmpeg.output(split.stream(len(renditions) + 2), "-", f="null"))
    command = ffmpeg.merge_outputs(*outputs).global_args(
        "-hide_banner", "-nostats", "-v", "error", "-xerror", "-progress", "pipe:1", "-y"
    )
    return command.compile()


def parse_master_playlist(text: str) -> list[dict]:
    """The variants of a master playlist: [{"bandwidth": int, "resolution": "WxH", "uri": str}]."""
    variants, pending = [], None
    for line in text.splitlines():
        if line.startswith("#EXT-X-STREAM-INF:"):
            attrs = dict(
                part.split("=", 1)
                for part in _split_attributes(line.split(":", 1)[1])
                if "=" in part
            )
            pending = {
                "bandwidth": int(attrs["BANDWIDTH"]),
                "resolution": attrs.get("RESOLUTION", ""),
            }
        elif line and not line.startswith("#") and pending is not None:
            variants.append({**pending, "uri": line.strip()})
            pending = None
    return variants


def _split_attributes(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current] if current else parts


def progress_percent(line: str, duration: float) -> int | None:
    """Percent done from one `-progress` line (`out_time_us=…`), or None for other lines."""
    if not line.startswith("out_time_us=") or duration <= 0:
        return None
    try:
        micros = int(line.split("=", 1)[1])
    except ValueError:
        return None
    return max(0, min(99, int(micros / 1_000_000 / duration * 100)))
