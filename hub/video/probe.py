"""Probing and validating an uploaded file with ffprobe (through ffmpeg-python).

Owns what counts as a usable video (a picture stream, a duration, size and length limits, the
rotation tag of phone clips) and the Vietnamese reason for every rejection. Plain functions: no
database, no storage. Used by the pipeline and by content apps that check an upload before saving
it (lessons/sharing.py); `probe_video` is the only way other apps touch ffprobe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import ffmpeg
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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


def probe_video(path: str, *, max_bytes: int, max_seconds: float) -> ProbeResult:
    """Describe a local file, or raise VideoRejected with a reason staff can act on."""
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
    duration = _duration(info, video)
    if duration <= 0:
        raise VideoRejected(
            _("Không xác định được thời lượng video: tệp có thể bị hỏng hoặc dở dang.")
        )
    if duration > max_seconds:
        raise VideoRejected(
            _("Video dài %(duration)s, vượt giới hạn %(limit)s.")
            % {"duration": human_duration(duration), "limit": human_duration(max_seconds)}
        )
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if not width or not height:
        raise VideoRejected(_("Không đọc được kích thước khung hình: tệp video bị hỏng."))
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
