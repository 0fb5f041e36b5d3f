"""Video limits on what ffmpeg really reads (length, frame size, frame rate), and failed originals
kept out of public storage (security issue #16: item 9 and the low-severity "failed uploads stay
public")."""

import re
import struct
import subprocess
import time
from pathlib import Path

import ffmpeg
import pytest
from django.core.files import File
from django.core.files.storage import default_storage, storages

from home.factories import UserFactory
from hub.models import Video
from hub.video import probe
from hub.video.jobs import retry
from hub.video.ladder import build_command, plan_outputs
from hub.video.limits import Decoded, LimitPassed, VideoLimits, watch
from hub.video.originals import private_name, private_storage
from hub.video.pipeline import make_output_dirs, run_ffmpeg
from hub.video.probe import VideoRejected, probe_video
from tests import media_files

TOO_LONG = (
    "Video thực tế dài hơn giới hạn 5 giây (tệp chỉ ghi 2 giây) nên đã dừng xử lý. "
    "Hãy cắt ngắn video rồi tải lên lại."
)
TOO_MANY_FRAMES = (
    "Video có nhiều khung hình hơn giới hạn (tối đa 60 khung hình/giây trong 5 giây) nên đã "
    "dừng xử lý. Hãy xuất lại video ở 30 khung hình/giây."
)
GREW_MIDWAY = (
    "Giữa chừng video có khung hình lớn hơn giới hạn 320×240 nên đã dừng xử lý. "
    "Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080."
)


def too_large(size: str, limit: str = "4096×2304", portrait: str = "2304×4096") -> str:
    return (
        f"Khung hình {size} quá lớn: tối đa {limit} (video dọc {portrait}). "
        "Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080."
    )


def too_fast(fps: int, limit: int = 60) -> str:
    return (
        f"Video có {fps} khung hình/giây, vượt giới hạn {limit}. "
        "Hãy xuất lại video ở 30 khung hình/giây."
    )


# --- test files -----------------------------------------------------------------------------


def ffmpeg_run(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def format_duration(path: Path) -> float:
    return float(ffmpeg.probe(str(path))["format"]["duration"])


def lying_mkv(path: Path, *, seconds: float = 20, states: float = 2, rate: int = 24) -> Path:
    """A silent 160x120 Matroska clip whose Segment Duration states `states` seconds although it
    holds `seconds` of frames (the float after the Duration id 0x4489, in milliseconds)."""
    honest = path.with_suffix(".honest.mkv")
    ffmpeg_run(
        *("-f", "lavfi", "-i", f"testsrc=size=160x120:rate={rate}", "-t", str(seconds)),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(honest)),
    )
    data = bytearray(honest.read_bytes())
    at = data.find(b"\x44\x89\x88")  # Duration, an 8-byte float
    assert at > 0 and data.find(b"\x44\x89\x88", at + 1) == -1
    data[at + 3 : at + 11] = struct.pack(">d", states * 1000)
    path.write_bytes(bytes(data))
    assert format_duration(path) == states
    return path


def frame_rate_lying_mkv(path: Path) -> Path:
    """4 s of 120 frames a second in a Matroska file whose track states 60 (DefaultDuration
    0x23E383, 3 bytes of nanoseconds per frame)."""
    honest = path.with_suffix(".honest.mkv")
    ffmpeg_run(
        *("-f", "lavfi", "-i", "testsrc=size=160x120:rate=120", "-t", "4"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(honest)),
    )
    data = bytearray(honest.read_bytes())
    at = data.find(b"\x23\xe3\x83\x83")
    assert at > 0 and int.from_bytes(data[at + 4 : at + 7], "big") == 8_333_333
    data[at + 4 : at + 7] = (16_666_667).to_bytes(3, "big")
    path.write_bytes(bytes(data))
    video = ffmpeg.probe(str(path))["streams"][0]
    assert (video["avg_frame_rate"], video["r_frame_rate"]) == ("60/1", "60/1")
    return path


def growing_ts(path: Path) -> Path:
    """One H.264 stream of 1 s at 160x120 then 1 s at 640x480: ffprobe reports 160x120."""
    parts = []
    for i, size in enumerate(("160x120", "640x480")):
        part = path.with_name(f"part{i}.ts")
        ffmpeg_run(
            *("-f", "lavfi", "-i", f"testsrc2=size={size}:rate=24", "-t", "1"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(part)),
        )
        parts.append(part)
    listing = path.with_name("parts.txt")
    listing.write_text("".join(f"file '{part}'\n" for part in parts))
    ffmpeg_run("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(path))
    video = ffmpeg.probe(str(path))["streams"][0]
    assert (video["width"], video["height"]) == (160, 120)
    return path


def y4m_header(path: Path, width: int, height: int) -> Path:
    """The start of a raw YUV4MPEG2 file: ffprobe reads the frame size from the header alone."""
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F24:1 Ip A1:1 C420jpeg\nFRAME\n".encode())
    with open(path, "ab") as handle:
        handle.write(bytes(4096))
    return path


# --- the limits as data -----------------------------------------------------------------------


def test_limits_default_to_4096x2304_at_60_fps_and_follow_settings(settings):
    settings.VIDEO_MAX_SECONDS = 600
    for name in ("VIDEO_MAX_LONG_SIDE", "VIDEO_MAX_SHORT_SIDE", "VIDEO_MAX_FPS"):
        if hasattr(settings, name):
            delattr(settings, name)
    assert VideoLimits.from_settings() == VideoLimits(600, 4096, 2304, 60)
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 1920, 1080
    settings.VIDEO_MAX_FPS = 30
    assert VideoLimits.from_settings(max_seconds=5) == VideoLimits(5, 1920, 1080, 30)


@pytest.mark.parametrize(
    ("size", "fits"),
    [
        ((4096, 2304), True),
        ((2304, 4096), True),
        ((3840, 2160), True),
        ((2304, 2304), True),
        ((4098, 2000), False),
        ((2400, 2400), False),
        ((8192, 8192), False),
    ],
)
def test_frame_size_limit_holds_in_either_orientation(size, fits):
    assert VideoLimits(60).frame_fits(*size) is fits


def test_what_ffmpeg_may_decode_before_it_is_stopped():
    limits = VideoLimits(max_seconds=5, max_long_side=320, max_short_side=240, max_fps=60)
    assert (limits.decode_seconds, limits.decode_frames, limits.decode_pixels) == (
        6.0,
        368,  # 6 s x 60 fps, and 2 % for variable-rate clips
        (320 + 64) * (240 + 64),  # decoders pad pictures to their block size
    )
    assert limits.passed_by(Decoded(6.0, 368)) is None
    assert limits.passed_by(Decoded(6.01, 10)) == "seconds"
    assert limits.passed_by(Decoded(1.0, 369)) == "frames"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("out_time_us=7000000\n", Decoded(7.0, 3)),
        ("frame=168", Decoded(1.0, 168)),
        ("out_time_us=N/A", Decoded(1.0, 3)),
        ("frame=2", Decoded(1.0, 3)),  # never goes back
        ("progress=end", Decoded(1.0, 3)),
    ],
)
def test_progress_lines_update_what_was_decoded(line, expected):
    assert Decoded(1.0, 3).after(line) == expected


def test_transcode_reads_no_further_than_the_limit_and_counts_decoded_frames_first():
    limits = VideoLimits(max_seconds=5, max_long_side=320, max_short_side=240)
    command = build_command(
        "in.mkv", "/out", plan_outputs(320, 240), has_audio=True, duration=2, limits=limits
    )
    assert command[: command.index("-i") + 2] == [
        "ffmpeg",
        *("-max_pixels", str(384 * 304)),
        *("-t", "7.0"),
        *("-i", "in.mkv"),
    ]
    graph = command[command.index("-filter_complex") + 1]
    # split in four: the rendition, the MP4, the poster, and the frame counter: the first output,
    # a null one (which passes every decoded frame through), straight from the split.
    split_outputs = re.match(r"\[0:v\]split=4((?:\[s\d+\])+);", graph).group(1)
    first_output = command[command.index("-filter_complex") + 2 :][:5]
    assert first_output[0] == "-map" and first_output[2:] == ["-f", "null", "-"]
    assert first_output[1] in split_outputs
    # Without limits (the benchmark's bare run) the command is as before.
    bare = build_command("in.mkv", "/out", plan_outputs(320, 240), has_audio=True, duration=2)
    assert "-t" not in bare and "null" not in bare and "split=3" in " ".join(bare)


@pytest.mark.parametrize(
    ("limits", "limit"),
    [
        (VideoLimits(max_seconds=2), "seconds"),
        (VideoLimits(max_seconds=10_000, max_fps=0.01), "frames"),
    ],
    ids=["length", "frames"],
)
def test_watch_stops_an_ffmpeg_that_would_never_end(limits, limit):
    endless = [
        *("ffmpeg", "-hide_banner", "-nostats", "-v", "error"),
        *("-f", "lavfi", "-i", "testsrc=size=64x64:rate=25"),
        *("-f", "null", "-", "-progress", "pipe:1"),
    ]
    start = time.monotonic()
    with pytest.raises(LimitPassed) as passed:
        watch(endless, limits)
    assert time.monotonic() - start < 20
    assert passed.value.limit == limit
    if limit == "seconds":
        assert passed.value.decoded.seconds > 3
    else:
        assert passed.value.decoded.frames > limits.decode_frames == 103


# --- probing ------------------------------------------------------------------------------------

LIMITS = {"max_bytes": 10**9, "max_seconds": 60}


def test_probe_refuses_an_8192_square_picture_at_the_default_limits(tmp_path):
    with pytest.raises(VideoRejected) as rejected:
        probe_video(str(y4m_header(tmp_path / "big.y4m", 8192, 8192)), **LIMITS)
    assert rejected.value.message == too_large("8192×8192")


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((320, 240), None),
        ((240, 320), None),
        ((640, 360), too_large("640×360", "320×240", "240×320")),
        ((320, 320), too_large("320×320", "320×240", "240×320")),
    ],
)
def test_probe_holds_the_frame_size_to_the_settings(tmp_path, settings, size, message):
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 320, 240
    clip = media_files.make_clip(
        tmp_path / "clip.mp4", seconds=1, width=size[0], height=size[1], audio=False
    )
    if message is None:
        result = probe_video(str(clip), **LIMITS)
        assert (result.width, result.height) == size
    else:
        with pytest.raises(VideoRejected) as rejected:
            probe_video(str(clip), **LIMITS)
        assert rejected.value.message == message


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        ("60", None),
        ("60000/1001", None),
        ("24", None),
        ("120", too_fast(120)),
        ("90", too_fast(90)),
    ],
)
def test_probe_refuses_a_frame_rate_over_60(tmp_path, rate, message):
    clip = tmp_path / "clip.mp4"
    ffmpeg_run(
        *("-f", "lavfi", "-i", f"testsrc=size=160x120:rate={rate}", "-t", "1"),
        *("-c:v", "libx264", "-preset", "medium", "-pix_fmt", "yuv420p", str(clip)),
    )
    if message is None:
        assert probe_video(str(clip), **LIMITS).duration == pytest.approx(1, abs=0.02)
    else:
        with pytest.raises(VideoRejected) as rejected:
            probe_video(str(clip), **LIMITS)
        assert rejected.value.message == message


def test_probe_counts_the_frames_a_file_really_holds(tmp_path):
    """The track says 60 frames a second, the packets are 120 a second."""
    with pytest.raises(VideoRejected) as rejected:
        probe_video(str(frame_rate_lying_mkv(tmp_path / "fast.mkv")), **LIMITS)
    assert rejected.value.message == too_fast(120)


def test_probe_finds_the_real_length_of_a_file_that_states_less(tmp_path):
    lying = lying_mkv(tmp_path / "lying.mkv", seconds=20, states=2)
    # Within the limit: accepted with its real length, not the stated 2 s.
    assert probe_video(str(lying), max_bytes=10**9, max_seconds=60).duration == pytest.approx(
        20, abs=0.1
    )
    # Over it: refused, after reading no more than the limit and a second or two.
    with pytest.raises(VideoRejected) as rejected:
        probe_video(str(lying), max_bytes=10**9, max_seconds=5)
    assert rejected.value.message == TOO_LONG
    assert rejected.value.__cause__.decoded.seconds == pytest.approx(7, abs=0.1)


@pytest.mark.django_db  # (the heartbeat, for a video that does not exist)
def test_transcode_of_a_lying_file_is_stopped_at_the_limit(tmp_path):
    """run_ffmpeg on its own (as if the probe had believed the file): killed past the limit, and
    the HLS output it was writing covers the first 7 s (two 4 s segments), not the 20 s held."""
    lying = lying_mkv(tmp_path / "lying.mkv", seconds=20, states=2)
    limits = VideoLimits(max_seconds=5)
    plan = plan_outputs(160, 120)
    out = tmp_path / "out"
    make_output_dirs(out, plan)
    command = build_command(str(lying), str(out), plan, has_audio=False, duration=2, limits=limits)
    video = Video(pk=0, attempts=1)
    with pytest.raises(VideoRejected) as rejected:
        run_ffmpeg(command, video, 2.0, limits)
    assert rejected.value.message == TOO_LONG
    assert sorted(p.name for p in (out / "v0").glob("seg_*.ts")) == ["seg_0000.ts", "seg_0001.ts"]


# --- the pipeline -------------------------------------------------------------------------------


@pytest.fixture
def private_root(settings, tmp_path):
    """Each test stores into its own public and private folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    return tmp_path / "private"


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def public_files() -> list[str]:
    return files_under(Path(default_storage.location))


def upload(path: Path, collection, capture, title="Video thử") -> Video:
    with capture(execute=True), open(path, "rb") as handle:
        video = Video.objects.create(
            title=title, type="video", collection=collection, file=File(handle, name=path.name)
        )
    video.refresh_from_db()
    return video


def failed_and_hidden(video: Video, private_root: Path, message: str) -> None:
    """The failure is recorded, nothing of it is public, the original waits in private storage."""
    assert (video.status, video.error) == (Video.Status.FAILED, message)
    assert (video.hls_master, video.rendition_files, video.mp4.name) == ("", [], "")
    assert not default_storage.exists(video.file.name)
    assert public_files() == []
    assert files_under(private_root) == [private_name(video.pk, video.file.name)]


@pytest.fixture
def packets_not_read(monkeypatch):
    """The probe learns nothing from the packets (as for a file whose packets hide what decoding
    finds): what is left to stop the file is the transcode itself."""
    monkeypatch.setattr(probe, "measure_command", lambda *args: ["true"])


@pytest.mark.django_db
@pytest.mark.parametrize("caught_by", ["probe", "transcode"])
def test_a_file_longer_than_it_states_fails_and_nothing_stays_public(
    request,
    tmp_path,
    settings,
    private_root,
    centre_a,
    django_capture_on_commit_callbacks,
    caught_by,
):
    if caught_by == "transcode":
        request.getfixturevalue("packets_not_read")
    settings.VIDEO_MAX_SECONDS = 5
    lying = lying_mkv(tmp_path / "lying.mkv", seconds=20, states=2)
    video = upload(lying, centre_a.collection, django_capture_on_commit_callbacks)
    failed_and_hidden(video, private_root, TOO_LONG)
    assert video.attempts == 1


@pytest.mark.django_db
def test_more_frames_than_stated_stop_the_transcode(
    tmp_path, settings, private_root, centre_a, django_capture_on_commit_callbacks, packets_not_read
):
    settings.VIDEO_MAX_SECONDS = 5
    fast = frame_rate_lying_mkv(tmp_path / "fast.mkv")
    video = upload(fast, centre_a.collection, django_capture_on_commit_callbacks)
    failed_and_hidden(video, private_root, TOO_MANY_FRAMES)


@pytest.mark.django_db
def test_pictures_growing_past_the_limit_midway_stop_the_transcode(
    tmp_path, settings, private_root, centre_a, django_capture_on_commit_callbacks
):
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 320, 240
    video = upload(
        growing_ts(tmp_path / "growing.ts"), centre_a.collection, django_capture_on_commit_callbacks
    )
    failed_and_hidden(video, private_root, GREW_MIDWAY)


@pytest.mark.django_db
def test_an_8192_square_upload_is_refused_at_probe(
    tmp_path, private_root, centre_a, django_capture_on_commit_callbacks
):
    video = upload(
        y4m_header(tmp_path / "big.y4m", 8192, 8192),
        centre_a.collection,
        django_capture_on_commit_callbacks,
    )
    failed_and_hidden(video, private_root, too_large("8192×8192"))


@pytest.mark.django_db
def test_a_file_that_states_less_but_is_within_the_limits_gets_its_real_length(
    tmp_path, private_root, centre_a, django_capture_on_commit_callbacks
):
    lying = lying_mkv(tmp_path / "lying.mkv", seconds=20, states=2)
    video = upload(lying, centre_a.collection, django_capture_on_commit_callbacks)
    assert video.status == Video.Status.READY, video.error
    assert video.duration == pytest.approx(20, abs=0.1)
    segments = [n for n in video.rendition_files if n.rsplit("/", 1)[-1].startswith("seg_")]
    assert len(segments) == 5  # 20 s in 4 s segments
    assert default_storage.exists(video.file.name) and files_under(private_root) == []


# --- failed originals out of public storage -------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_admin_upload_is_no_longer_public(
    client, tmp_path, settings, private_root, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[centre_a.editors_group]))

    def post(path, title):
        with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
            return client.post(
                "/admin/media/video/add/",
                {"title": title, "file": handle, "collection": centre_a.collection_id, "tags": ""},
            )

    # A program renamed .mp4 is refused by the upload form itself: nothing saved or stored.
    program = media_files.renamed_executable(tmp_path / "bai-giang.mp4")
    refused = post(program, "Bài giảng")
    assert refused.status_code == 200
    assert (
        "bai-giang.mp4: Không đọc được tệp: đây không phải video hoặc tệp đã bị hỏng, tải lên dở "
        "dang." in refused.content.decode()
    )
    assert not Video.objects.filter(title="Bài giảng").exists()
    assert public_files() == [] and files_under(private_root) == []

    # A real video over the limits passes the upload check and fails in the pipeline: hidden.
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 320, 240
    clip = media_files.make_clip(tmp_path / "lop-hoc.mp4", seconds=1, width=640, height=360)
    assert post(clip, "Lớp học").status_code == 302
    video = Video.objects.get(title="Lớp học")
    assert video.file.name == "media/lop-hoc.mp4"
    failed_and_hidden(video, private_root, too_large("640×360", "320×240", "240×320"))
    # The admin still opens the video (wagtailmedia says the file is not found).
    assert client.get(f"/admin/media/edit/{video.pk}/").status_code == 200


@pytest.mark.django_db
def test_retry_reads_the_hidden_original_and_success_makes_it_public_again(
    client, tmp_path, settings, private_root, centre_a, django_capture_on_commit_callbacks
):
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 320, 240
    clip = media_files.make_clip(tmp_path / "lop-hoc.mp4", seconds=1, width=640, height=360)
    video = upload(clip, centre_a.collection, django_capture_on_commit_callbacks)
    message = too_large("640×360", "320×240", "240×320")
    failed_and_hidden(video, private_root, message)
    client.force_login(UserFactory(groups=[centre_a.editors_group]))

    # Retried under the same limits: fails again, still hidden.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/video-status/{video.pk}/retry/")
    video.refresh_from_db()
    failed_and_hidden(video, private_root, message)
    assert video.attempts == 2

    # The limit raised: the retry reads the private copy, succeeds and puts the original back.
    settings.VIDEO_MAX_LONG_SIDE, settings.VIDEO_MAX_SHORT_SIDE = 4096, 2304
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/video-status/{video.pk}/retry/")
    video.refresh_from_db()
    assert (video.status, video.error, video.attempts) == (Video.Status.READY, "", 3)
    assert video.file.name == "media/lop-hoc.mp4"
    assert default_storage.open(video.file.name).read() == clip.read_bytes()
    assert files_under(private_root) == []
    assert public_files() == sorted([video.file.name, *video.rendition_files])


@pytest.mark.django_db
def test_an_original_whose_name_was_taken_meanwhile_comes_back_under_another(
    tmp_path, settings, private_root, centre_a, django_capture_on_commit_callbacks
):
    settings.VIDEO_MAX_SECONDS = 1
    clip = media_files.make_clip(tmp_path / "clip.mp4", seconds=2, width=320, height=240)
    failed = upload(clip, centre_a.collection, django_capture_on_commit_callbacks)
    assert failed.status == Video.Status.FAILED and failed.file.name == "media/clip.mp4"
    settings.VIDEO_MAX_SECONDS = 60
    other = upload(clip, centre_a.collection, django_capture_on_commit_callbacks)
    assert other.file.name == "media/clip.mp4"  # the name was free again

    with django_capture_on_commit_callbacks(execute=True):
        assert retry(failed) is True
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Video.Status.READY, 2)  # not queued once more
    assert failed.file.name != "media/clip.mp4" and failed.file.name.startswith("media/clip")
    assert default_storage.open(failed.file.name).read() == clip.read_bytes()
    assert files_under(private_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize("new_name", ["setup.mp4", "fixed.mp4"], ids=["same-name", "new-name"])
def test_replacing_the_file_of_a_failed_video_drops_its_hidden_copy(
    client, tmp_path, private_root, centre_a, django_capture_on_commit_callbacks, new_name
):
    """Through the admin's edit form. The hidden original's public name is free, so a replacement
    of the same name gets it: it is still a new file, processed as one."""
    video = upload(
        media_files.renamed_executable(tmp_path / "setup.mp4"),
        centre_a.collection,
        django_capture_on_commit_callbacks,
    )
    assert files_under(private_root) == [private_name(video.pk, "media/setup.mp4")]
    clip = media_files.make_clip(tmp_path / "clip.mp4", seconds=1, width=320, height=240)
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    with django_capture_on_commit_callbacks(execute=True), open(clip, "rb") as handle:
        response = client.post(
            f"/admin/media/edit/{video.pk}/",
            {
                "title": video.title,
                "file": File(handle, name=new_name),
                "collection": centre_a.collection_id,
                "tags": "",
            },
        )
    assert response.status_code == 302
    video.refresh_from_db()
    assert (video.status, video.error, video.attempts) == (Video.Status.READY, "", 2)
    assert video.file.name == f"media/{new_name}"
    assert default_storage.open(video.file.name).read() == clip.read_bytes()
    assert files_under(private_root) == []


@pytest.mark.django_db
def test_deleting_a_failed_video_removes_its_hidden_copy(
    tmp_path, private_root, centre_a, django_capture_on_commit_callbacks
):
    video = upload(
        media_files.renamed_executable(tmp_path / "setup.mp4"),
        centre_a.collection,
        django_capture_on_commit_callbacks,
    )
    assert files_under(private_root) == [private_name(video.pk, "media/setup.mp4")]
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert files_under(private_root) == [] and public_files() == []


def test_failed_originals_go_to_the_projects_private_storage(private_root, settings):
    assert private_storage() is storages["private"]
    assert Path(private_storage().location) == private_root
    # Without one: a folder beside MEDIA_ROOT, not inside it (everything inside it is served).
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "private"}
    assert Path(private_storage().location) == Path(f"{settings.MEDIA_ROOT}-private")
