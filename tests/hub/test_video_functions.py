"""Plain functions of the video pipeline: output plan, ffmpeg command, playlists, progress, probing."""

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.video.ladder import (
    FALLBACK,
    LADDER,
    OutputPlan,
    Rendition,
    Size,
    build_command,
    parse_master_playlist,
    plan_outputs,
    progress_percent,
)
from hub.video.probe import VideoRejected, probe_video
from tests import media_files


@pytest.mark.parametrize(
    ("source", "renditions", "fallback"),
    [
        # Rungs follow the short side: portrait keeps all three, at its own orientation.
        ((720, 1280), ["360x640", "480x854", "720x1280"], "360x640"),
        ((1280, 720), ["640x360", "854x480", "1280x720"], "640x360"),
        ((720, 720), ["360x360", "480x480", "720x720"], "360x360"),
        ((1920, 1080), ["640x360", "854x480", "1280x720"], "640x360"),
        ((1080, 1920), ["360x640", "480x854", "720x1280"], "360x640"),
        ((854, 480), ["640x360", "854x480"], "640x360"),
        ((480, 640), ["360x480", "480x640"], "360x480"),
        # Odd sizes: the long side rounds to the nearest even number, never above the source.
        ((853, 479), ["642x360"], "642x360"),
        ((720, 1281), ["360x640", "480x854", "720x1280"], "360x640"),
        # Below the first rung: one rendition at the source's own (even) size.
        ((320, 240), ["320x240"], "320x240"),
        ((201, 357), ["200x356"], "200x356"),
        ((359, 640), ["358x638"], "358x638"),
        ((1, 1), ["2x2"], "2x2"),
    ],
)
def test_plan_scales_every_output_by_the_short_side(source, renditions, fallback):
    plan = plan_outputs(*source)
    assert [r.resolution for r in plan.renditions] == renditions
    assert plan.fallback.resolution == fallback
    assert plan.poster.resolution == renditions[-1]


def test_plan_for_a_portrait_phone_clip_in_full():
    assert plan_outputs(720, 1280) == OutputPlan(
        renditions=(
            Rendition(360, 640, 800_000),
            Rendition(480, 854, 1_400_000),
            Rendition(720, 1280, 2_800_000),
        ),
        fallback=Rendition(360, 640, 700_000),
        poster=Size(720, 1280),
    )


def test_a_source_below_360_keeps_the_bitrates_of_the_smallest_rungs():
    plan = plan_outputs(320, 240)
    assert [r.video_bitrate for r in plan.renditions] == [LADDER[0].video_bitrate]
    assert plan.fallback.video_bitrate == FALLBACK.video_bitrate


@pytest.mark.parametrize("size", [(0, 720), (1280, 0), (-2, 4)])
def test_plan_refuses_a_source_without_a_picture(size):
    with pytest.raises(ValueError, match="no picture"):
        plan_outputs(*size)


sides = st.integers(min_value=1, max_value=4096)


@given(width=sides, height=sides)
def test_planned_sizes_are_even_keep_the_aspect_and_never_upscale(width, height):
    plan = plan_outputs(width, height)
    short, long = min(width, height), max(width, height)
    ladder_sides = {r.short_side for r in LADDER}
    for output in [*plan.renditions, plan.fallback, plan.poster]:
        out_short, out_long = min(output.width, output.height), max(output.width, output.height)
        assert output.width % 2 == output.height % 2 == 0
        assert output.width >= output.height if width >= height else output.width <= output.height
        assert out_short <= max(2, short) and out_long <= max(2, long)
        assert out_short in ladder_sides or out_short == max(2, short - short % 2)
        if short >= 2:  # (a 1-pixel side is lifted to 2, which stretches the picture)
            # The long side is the exact scaled length to within one pixel.
            assert abs(out_long - long * out_short / short) <= 1
    assert plan.poster == Size(plan.renditions[-1].width, plan.renditions[-1].height)
    short_sides = [min(r.width, r.height) for r in plan.renditions]
    assert short_sides == sorted(set(short_sides))


@given(width=sides, height=sides)
def test_portrait_and_landscape_plans_mirror_each_other(width, height):
    plan, turned = plan_outputs(width, height), plan_outputs(height, width)
    assert [(r.width, r.height) for r in plan.renditions] == [
        (r.height, r.width) for r in turned.renditions
    ]
    assert (plan.fallback.width, plan.fallback.height) == (
        turned.fallback.height,
        turned.fallback.width,
    )
    assert (plan.poster.width, plan.poster.height) == (turned.poster.height, turned.poster.width)


def test_rendition_bandwidth_covers_maxrate_and_audio():
    for rendition in plan_outputs(1280, 720).renditions:
        assert rendition.maxrate > rendition.video_bitrate
        assert rendition.bandwidth(with_audio=True) == rendition.maxrate + 96_000
        assert rendition.bandwidth(with_audio=False) == rendition.maxrate
        assert rendition.bufsize > rendition.maxrate


def test_command_scales_each_output_to_its_planned_size():
    plan = plan_outputs(720, 1280)
    command = build_command("in.mp4", "/out", plan, has_audio=True, duration=10)
    graph = command[command.index("-filter_complex") + 1]
    assert graph.count("scale=") == 5
    for size in ("360:640", "480:854", "720:1280"):
        assert f"scale={size}" in graph
    assert graph.count("scale=360:640") == 2  # the first rung and the MP4 fallback
    assert graph.count("scale=720:1280") == 2  # the top rung and the poster
    assert {"/out/v%v/index.m3u8", "/out/fallback.mp4", "/out/poster.jpg"} <= set(command)


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
