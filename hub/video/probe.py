"""Probing and validating an uploaded file with ffprobe and one quick read of its packets.

Owns what counts as a usable video (a picture stream, a duration, the file size, length, frame
size and frame rate limits of limits.py, the rotation tag of phone clips) and the Vietnamese reason
for every rejection, including the limits that ffmpeg finds passed while it works
(`limit_message`). A file may state a false length or frame rate, so after ffprobe's answer the
picture stream's packets are read without decoding (limits.measure_command) and the limits are
checked again on what was found. Plain functions: no database, no storage. Used by the pipeline and
by content apps that check an upload before saving it (lessons/sharing.py); `probe_video` is the
only way other apps touch ffprobe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import ffmpeg
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .limits import Decoded, LimitPassed, VideoLimits, measure_command, watch


class VideoRejected(Exception):
    """The file is not a playable video within the limits; `message` is shown to staff."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ProbeResult:
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str | None
    size: int
    bit_rate: int | None

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    def as_dict(self) -> dict:
        return {
            "duration": self.duration,
            "width": self.width,
            "height": self.height,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "size": self.size,
            "bit_rate": self.bit_rate,
        }


def human_duration(seconds: float) -> str:
    """ "1 giờ 5 phút", "3 phút 20 giây", "45 giây" (rounded to whole seconds)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}] if hours else []
    if minutes:
        parts.append(ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes})
    if secs and not hours:
        parts.append(ngettext("%(n)d giây", "%(n)d giây", secs) % {"n": secs})
    return " ".join(parts) or ngettext("%(n)d giây", "%(n)d giây", 0) % {"n": 0}


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def probe_video(
    path: str, *, max_bytes: int, max_seconds: float, limits: VideoLimits | None = None
) -> ProbeResult:
    """Describe a local file, or raise VideoRejected with a reason staff can act on.

    `limits` holds the frame size and frame rate limits (from settings unless given); its length
    limit is `max_seconds`."""
    limits = replace(limits or VideoLimits.from_settings(), max_seconds=max_seconds)
    size = os.path.getsize(path)
    if size == 0:
        raise VideoRejected(_("Tệp rỗng (0 byte). Hãy chọn lại tệp video rồi tải lên lần nữa."))
    if size > max_bytes:
        raise VideoRejected(
            _("Tệp nặng %(size)s, vượt giới hạn %(limit)s. Hãy cắt ngắn hoặc nén video.")
            % {"size": _mb(size), "limit": _mb(max_bytes)}
        )
    try:
        info = ffmpeg.probe(path)
    except FileNotFoundError as error:
        raise VideoRejected(
            _(
                "Máy chủ chưa cài ffmpeg nên chưa xử lý được video; hãy báo quản trị rồi bấm “Thử lại”."
            )
        ) from error
    except ffmpeg.Error as error:
        raise VideoRejected(
            _("Không đọc được tệp: đây không phải video hoặc tệp đã bị hỏng, tải lên dở dang.")
        ) from error
    streams = info.get("streams", [])
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise VideoRejected(
            _("Tệp không có hình ảnh (chỉ có âm thanh hoặc dữ liệu khác), không phải video.")
        )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if not width or not height:
        raise VideoRejected(_("Không đọc được kích thước khung hình: tệp video bị hỏng."))
    if not limits.frame_fits(width, height):
        raise VideoRejected(_frame_size_message(f"{width}×{height}", limits))
    duration = _duration(info, video)
    if duration <= 0:
        raise VideoRejected(
            _("Không xác định được thời lượng video: tệp có thể bị hỏng hoặc dở dang.")
        )
    _check_length(duration, max_seconds)
    _check_fps(_stated_fps(video), limits)
    # The stated length and rate may be false: read the packets themselves (no decoding).
    measured = _measure(path, int(video.get("index", 0)), limits, declared=duration)
    duration = max(duration, measured.seconds)
    # The frame rate the packets really have: their number over the longer of the two lengths.
    _check_fps(measured.frames / duration, limits)
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width
    bit_rate = info.get("format", {}).get("bit_rate")
    return ProbeResult(
        duration=duration,
        width=width,
        height=height,
        video_codec=video.get("codec_name", "?"),
        audio_codec=audio.get("codec_name") if audio else None,
        size=size,
        bit_rate=int(bit_rate) if bit_rate else None,
    )


def check_upload(path: str) -> None:
    """The upload-time check (the admin's media form): raise VideoRejected if ffprobe finds no
    picture in the file. It reads the container's header only (a fraction of a second even for a
    large file); the full probe with every limit runs in the worker (probe_video)."""
    if os.path.getsize(path) == 0:
        raise VideoRejected(_("Tệp rỗng (0 byte). Hãy chọn lại tệp video rồi tải lên lần nữa."))
    try:
        info = ffmpeg.probe(path)
    except FileNotFoundError:
        return  # no ffprobe on this machine: the worker will say so on the video
    except ffmpeg.Error as error:
        raise VideoRejected(
            _("Không đọc được tệp: đây không phải video hoặc tệp đã bị hỏng, tải lên dở dang.")
        ) from error
    has_picture = any(
        s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        for s in info.get("streams", [])
    )
    if not has_picture:
        raise VideoRejected(
            _("Tệp không có hình ảnh (chỉ có âm thanh hoặc dữ liệu khác), không phải video.")
        )


def limit_message(limit: str, limits: VideoLimits, *, declared: float) -> str:
    """Why ffmpeg was stopped (limits.LimitPassed.limit) for a file that stated `declared` seconds."""
    if limit == "seconds":
        return _(
            "Video thực tế dài hơn giới hạn %(limit)s (tệp chỉ ghi %(declared)s) nên đã dừng xử lý. Hãy cắt ngắn video rồi tải lên lại."
        ) % {"limit": human_duration(limits.max_seconds), "declared": human_duration(declared)}
    if limit == "frames":
        return _(
            "Video có nhiều khung hình hơn giới hạn (tối đa %(fps)d khung hình/giây trong %(limit)s) nên đã dừng xử lý. Hãy xuất lại video ở 30 khung hình/giây."
        ) % {"fps": limits.max_fps, "limit": human_duration(limits.max_seconds)}
    if limit == "pixels":
        return _(
            "Giữa chừng video có khung hình lớn hơn giới hạn %(limit)s nên đã dừng xử lý. Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080."
        ) % {"limit": f"{limits.max_long_side}×{limits.max_short_side}"}
    raise ValueError(f"unknown limit: {limit}")


def _check_length(seconds: float, max_seconds: float) -> None:
    if seconds > max_seconds:
        raise VideoRejected(
            _("Video dài %(duration)s, vượt giới hạn %(limit)s.")
            % {"duration": human_duration(seconds), "limit": human_duration(max_seconds)}
        )


def _frame_size_message(size: str, limits: VideoLimits) -> str:
    return _(
        "Khung hình %(size)s quá lớn: tối đa %(limit)s (video dọc %(portrait)s). Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080."
    ) % {
        "size": size,
        "limit": f"{limits.max_long_side}×{limits.max_short_side}",
        "portrait": f"{limits.max_short_side}×{limits.max_long_side}",
    }


def _check_fps(fps: float | None, limits: VideoLimits) -> None:
    if fps is not None and not limits.fps_allowed(fps):
        raise VideoRejected(
            _(
                "Video có %(fps)d khung hình/giây, vượt giới hạn %(limit)d. Hãy xuất lại video ở 30 khung hình/giây."
            )
            % {"fps": round(fps), "limit": limits.max_fps}
        )


def _stated_fps(video: dict) -> float | None:
    """The average frame rate the stream states (the nominal one if it states no average)."""
    for value in (video.get("avg_frame_rate"), video.get("r_frame_rate")):
        num, _slash, den = str(value or "").partition("/")
        try:
            if float(num) > 0 and float(den or 1) > 0:
                return float(num) / float(den or 1)
        except ValueError:
            continue
    return None


def _measure(path: str, stream_index: int, limits: VideoLimits, *, declared: float) -> Decoded:
    """The real length and number of frames of the picture stream, read up to the limits (which
    allow one second past `max_seconds`, as the transcode does). A file the packet reader fails on
    is left to the transcode, which decodes it and says what is wrong."""
    try:
        run = watch(measure_command(path, stream_index, limits), limits)
    except LimitPassed as passed:
        raise VideoRejected(limit_message(passed.limit, limits, declared=declared)) from passed
    except FileNotFoundError as error:
        raise VideoRejected(
            _(
                "Máy chủ chưa cài ffmpeg nên chưa xử lý được video; hãy báo quản trị rồi bấm “Thử lại”."
            )
        ) from error
    return run.decoded


def _duration(info: dict, video: dict) -> float:
    for value in (info.get("format", {}).get("duration"), video.get("duration")):
        try:
            if value is not None:
                return float(value)
        except ValueError:
            continue
    return 0.0


def _rotation(video: dict) -> int:
    """Phones record portrait video as landscape frames plus a rotation tag."""
    for side in video.get("side_data_list", []) or []:
        if "rotation" in side:
            return abs(int(float(side["rotation"]))) % 360
    tag = video.get("tags", {}).get("rotate")
    return abs(int(tag)) % 360 if tag else 0
