"""The HLS ladder and MP4 fallback: which rungs, and the ffmpeg command that makes them."""

from __future__ import annotations

from dataclasses import dataclass

import ffmpeg

AUDIO_BITRATE = 96_000


@dataclass(frozen=True)
class Rung:
    height: int
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


LADDER = (Rung(360, 800_000), Rung(480, 1_400_000), Rung(720, 2_800_000))
FALLBACK = Rung(360, 700_000)  # one small MP4 that old phones play without HLS
SEGMENT_SECONDS = 4


def rungs_for(source_height: int) -> list[Rung]:
    """Only rungs not above the source; a source below 360p gets one rung at its own height."""
    rungs = [r for r in LADDER if r.height <= source_height]
    if not rungs:
        even = max(2, source_height - source_height % 2)
        rungs = [Rung(even, LADDER[0].video_bitrate)]
    return rungs


def _h264(prefix: str, index: int | str, rung: Rung) -> dict:
    suffix = f":{index}" if index != "" else ""
    return {
        f"c:v{suffix}": "libx264",
        f"b:v{suffix}": rung.video_bitrate,
        f"maxrate:v{suffix}": rung.maxrate,
        f"bufsize:v{suffix}": rung.bufsize,
    }


def build_command(
    source: str,
    out_dir: str,
    rungs: list[Rung],
    *,
    has_audio: bool,
    fallback_height: int,
    duration: float,
    preset: str = "veryfast",
) -> list[str]:
    """One ffmpeg run that decodes once and writes every HLS rung, the MP4 fallback and a poster."""
    stream = ffmpeg.input(source)
    outputs = len(rungs) + 2
    split = stream.video.filter_multi_output("split", outputs)
    videos = [
        split.stream(i).filter("scale", -2, rung.height).filter("setsar", 1)
        for i, rung in enumerate(rungs)
    ]
    hls_args = {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_segment_filename": f"{out_dir}/v%v/seg_%04d.ts",
        "master_pl_name": "master.m3u8",
        "var_stream_map": " ".join(
            f"v:{i},a:{i}" if has_audio else f"v:{i}" for i in range(len(rungs))
        ),
        "preset": preset,
        "profile:v": "main",
        "pix_fmt": "yuv420p",
        "g": 48,
        "keyint_min": 48,
        "sc_threshold": 0,
        "force_key_frames": "expr:gte(t,n_forced*4)",
    }
    for i, rung in enumerate(rungs):
        hls_args.update(_h264("v", i, rung))
    streams = list(videos)
    if has_audio:
        streams += [stream.audio] * len(rungs)
        hls_args.update({"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2})
    hls = ffmpeg.output(*streams, f"{out_dir}/v%v/index.m3u8", **hls_args)

    fallback = (
        FALLBACK
        if fallback_height >= FALLBACK.height
        else Rung(fallback_height, FALLBACK.video_bitrate)
    )
    mp4_streams = [
        split.stream(len(rungs)).filter("scale", -2, fallback.height).filter("setsar", 1)
    ]
    mp4_args = {
        **_h264("v", "", fallback),
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
        split.stream(len(rungs) + 1)
        .filter("trim", start=poster_at)
        .filter("setpts", "PTS-STARTPTS")
        .filter("scale", -2, min(720, max(r.height for r in rungs))),
        f"{out_dir}/poster.jpg",
        vframes=1,
        **{"q:v": 3},
    )
    command = ffmpeg.merge_outputs(hls, mp4, poster).global_args(
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
