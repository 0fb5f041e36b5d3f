"""Plain functions of the video pipeline: ladder choice, playlists, progress, probing."""

import pytest

from hub.video.ladder import LADDER, parse_master_playlist, progress_percent, rungs_for
from hub.video.probe import VideoRejected, probe_video
from tests import media_files


@pytest.mark.parametrize(
    ("height", "expected"),
    [
        (1080, [360, 480, 720]),
        (720, [360, 480, 720]),
        (719, [360, 480]),
        (480, [360, 480]),
        (360, [360]),
        (240, [240]),
        (241, [240]),
    ],
)
def test_only_rungs_not_above_the_source(height, expected):
    assert [r.height for r in rungs_for(height)] == expected


def test_rung_bandwidth_covers_maxrate_and_audio():
    for rung in LADDER:
        assert rung.maxrate > rung.video_bitrate
        assert rung.bandwidth(with_audio=True) == rung.maxrate + 96_000
        assert rung.bufsize > rung.maxrate


def test_master_playlist_parsing_keeps_quoted_commas():
    text = (
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=985600,RESOLUTION=640x360,"
        'CODECS="avc1.4d401e,mp4a.40.2"\nv0/index.m3u8\n'
    )
    assert parse_master_playlist(text) == [
        {"bandwidth": 985600, "resolution": "640x360", "uri": "v0/index.m3u8"}
    ]


@pytest.mark.parametrize(
    ("line", "duration", "expected"),
    [
        ("out_time_us=1500000", 3.0, 50),
        ("out_time_us=9000000", 3.0, 99),
        ("out_time_us=N/A", 3.0, None),
        ("frame=12", 3.0, None),
        ("out_time_us=100", 0, None),
        ("out_time_us=-5", 3.0, 0),
    ],
)
def test_progress_from_ffmpeg_lines(line, duration, expected):
    assert progress_percent(line, duration) == expected


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


LIMITS = {"max_bytes": 50_000_000, "max_seconds": 60}


def test_probe_reads_a_real_clip(tmp_path):
    clip = media_files.make_clip(tmp_path / "a.mp4", seconds=2, width=640, height=360)
    result = probe_video(str(clip), **LIMITS)
    assert (result.width, result.height, result.video_codec, result.audio_codec) == (
        640,
        360,
        "h264",
        "aac",
    )
    assert result.duration == pytest.approx(2, abs=0.2)


def test_probe_swaps_dimensions_of_portrait_phone_video(tmp_path):
    clip = media_files.make_clip(
        tmp_path / "land.mp4", seconds=1, width=640, height=360, audio=False
    )
    rotated = tmp_path / "portrait.mp4"
    import subprocess

    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-i",
            str(clip),
            "-c",
            "copy",
            "-metadata:s:v:0",
            "rotate=90",
            str(rotated),
        ],
        check=True,
    )
    result = probe_video(str(rotated), **LIMITS)
    assert (result.width, result.height) == (360, 640)


@pytest.mark.parametrize(
    ("maker", "message"),
    [
        (lambda d: _write(d / "empty.mp4", b""), "Tệp rỗng (0 byte)"),
        (lambda d: media_files.renamed_executable(d / "setup.mp4"), "không phải video"),
        (lambda d: media_files.make_audio_only(d / "song.mp4"), "không có hình ảnh"),
        (
            lambda d: media_files.truncate(
                media_files.make_clip(d / "full.mp4", faststart=False), d / "cut.mp4", 0.5
            ),
            "bị hỏng",
        ),
        (lambda d: _write(d / "noise.mp4", bytes(range(256)) * 400), "không phải video"),
    ],
    ids=["zero-byte", "renamed-executable", "audio-only", "truncated-moov-at-end", "random-bytes"],
)
def test_probe_rejects_bad_files_in_vietnamese(tmp_path, maker, message):
    path = maker(tmp_path)
    with pytest.raises(VideoRejected) as rejected:
        probe_video(str(path), **LIMITS)
    assert message in rejected.value.message


def test_probe_enforces_size_and_duration_limits(tmp_path):
    clip = media_files.make_clip(tmp_path / "a.mp4", seconds=3, width=320, height=240)
    with pytest.raises(VideoRejected, match="vượt giới hạn"):
        probe_video(str(clip), max_bytes=1000, max_seconds=60)
    with pytest.raises(VideoRejected, match="Video dài .* vượt giới hạn"):
        probe_video(str(clip), max_bytes=10**9, max_seconds=2)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.4, "0 giây"),
        (45, "45 giây"),
        (200, "3 phút 20 giây"),
        (3900, "1 giờ 5 phút"),
        (7200, "2 giờ"),
    ],
)
def test_human_duration(seconds, text):
    from hub.video.probe import human_duration

    assert human_duration(seconds) == text
