"""Media on a real S3 server (SeaweedFS started by `make test`): originals, renditions, posters."""

import os
import urllib.request
import uuid

import boto3
import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from hub.models import Video
from hub.settings.base import s3_storage_from_env
from hub.video.ladder import parse_master_playlist
from tests import media_files

pytestmark = pytest.mark.django_db

ENDPOINT = os.environ.get("S3_TEST_ENDPOINT_URL", "")


@pytest.fixture
def s3(settings):
    assert ENDPOINT, "S3_TEST_ENDPOINT_URL is set by scripts/services.sh (make test)"
    bucket = f"hoctap-{uuid.uuid4().hex[:10]}"
    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_from_env(
            {
                "S3_BUCKET": bucket,
                "S3_ENDPOINT_URL": ENDPOINT,
                "S3_ACCESS_KEY_ID": "test",
                "S3_SECRET_ACCESS_KEY": "test",
            }
        ),
    }
    yield client, bucket


def _keys(client, bucket, prefix=""):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return {obj["Key"] for page in pages for obj in page.get("Contents", [])}


def _http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local test server)
        return response.read()


def test_round_trip_through_django_storage(s3):
    client, bucket = s3
    assert type(storages["default"]).__name__ == "S3Storage"
    name = default_storage.save("thu-vien/tài liệu.txt", ContentFile("Tủ sách cộng đồng".encode()))
    assert name in _keys(client, bucket)
    assert default_storage.open(name).read().decode() == "Tủ sách cộng đồng"
    assert _http_get(default_storage.url(name)).decode() == "Tủ sách cộng đồng"
    again = default_storage.save("thu-vien/tài liệu.txt", ContentFile(b"other"))
    assert again != name  # never overwrite another upload
    default_storage.delete(name)
    assert name not in _keys(client, bucket)


def test_video_pipeline_reads_and_writes_s3(
    s3, tmp_path, centre_a, django_capture_on_commit_callbacks
):
    client, bucket = s3
    clip = media_files.make_clip(tmp_path / "bai-giang.mp4", seconds=2, width=640, height=360)
    with django_capture_on_commit_callbacks(execute=True), open(clip, "rb") as handle:
        video = Video.objects.create(
            title="Bài giảng S3",
            type="video",
            collection=centre_a.collection,
            file=File(handle, name=clip.name),
        )
    video.refresh_from_db()
    assert video.status == Video.Status.READY, video.error
    keys = _keys(client, bucket)
    assert video.file.name in keys and video.hls_master in keys
    assert video.mp4.name in keys and video.thumbnail.name in keys
    assert any(k.endswith(".ts") for k in keys)
    master = _http_get(video.hls_url).decode()
    assert [v["resolution"] for v in parse_master_playlist(master)] == ["640x360"]
    assert _http_get(video.poster_url)[:3] == b"\xff\xd8\xff"  # a JPEG
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert _keys(client, bucket) == set()
