"""`manage.py backup` and `restore` (hub/backup.py): the restore drill on PostgreSQL + SeaweedFS
(back up, change, restore, compare), the same round trip on the embedded SQLite default, and the
refusals (a damaged archive, no confirmation, another database vendor) that change nothing.

The commands run in subprocesses on databases of their own (a copy of the session's demo network;
a fresh migrated SQLite file): the shared test database is never restored over."""

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import boto3
import psycopg
import pytest

from hub.backup import BackupError, archive_path, check_restorable, safe_member_name
from tests.conftest import DEMO_TEMPLATE
from tests.servers import ROOT, run_python, sqlite_env

ENDPOINT = os.environ.get("S3_TEST_ENDPOINT_URL", "")
KEY_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_site",
    "hub_centre",
    "auth_user",
    "auth_group",
    "wagtaildocs_document",
    "wagtailimages_image",
    "django_migrations",
]
# every column of the demo network that names a stored file (the drill's bucket must hold them)
FILE_COLUMNS = [
    ("wagtaildocs_document", "file"),
    ("wagtailimages_image", "file"),
    ("wagtailimages_rendition", "file"),
    ("hub_video", "file"),
    ("hub_video", "thumbnail"),
    ("hub_video", "mp4"),
]


def _manage(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """manage.py in a subprocess, with `stdin` as its input (never the terminal pytest runs in)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


# --- PostgreSQL + SeaweedFS -----------------------------------------------------------------------


class Drill:
    """A copy of the demo network with its media in a fresh bucket, and the production settings
    pointed at both: what an operator's cron job would run."""

    def __init__(self, database_url: str, bucket: str, env: dict):
        self.database_url, self.bucket, self.env = database_url, bucket, env
        self.s3 = boto3.client(
            "s3",
            endpoint_url=ENDPOINT,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def database_state(self) -> dict:
        """Row counts of the key tables, and a digest of every page and revision row."""
        state = {t: self.sql(f"SELECT count(*) FROM {t}")[0][0] for t in KEY_TABLES}  # noqa: S608
        for table in ("wagtailcore_page", "wagtailcore_revision"):
            state[f"{table} rows"] = self.sql(
                f"SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM {table} t"  # noqa: S608
            )[0][0]
        return state

    def objects(self) -> dict[str, str]:
        """Every object of the bucket: its sha256."""
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {
            obj["Key"]: hashlib.sha256(
                self.s3.get_object(Bucket=self.bucket, Key=obj["Key"])["Body"].read()
            ).hexdigest()
            for page in pages
            for obj in page.get("Contents", [])
        }

    def title(self, page_id: int) -> str | None:
        rows = self.sql("SELECT title FROM wagtailcore_page WHERE id = %s", [page_id])
        return rows[0][0] if rows else None


@pytest.fixture(scope="module")
def drill(django_db_setup, tmp_path_factory):
    base_url = os.environ["DATABASE_URL"]
    assert base_url.startswith("postgres"), "DATABASE_URL is PostgreSQL (scripts/services.sh)"
    assert ENDPOINT, "S3_TEST_ENDPOINT_URL is set by scripts/services.sh (make test)"
    name = f"hoctap_backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{DEMO_TEMPLATE}"')
    bucket = f"hoctap-backup-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": ENDPOINT,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("unused-media")),
    }
    for variable in ("REDIS_URL", "PAGE_CACHE_URL"):
        env.pop(variable, None)
    if os.environ.get("HOCTAP_PG_BIN"):  # the server's own pg_dump (scripts/services.sh)
        env["PG_BIN"] = os.environ["HOCTAP_PG_BIN"]
    drill = Drill(env["DATABASE_URL"], bucket, env)
    drill.s3.create_bucket(Bucket=bucket)
    referenced = {
        value
        for table, column in FILE_COLUMNS
        for (value,) in drill.sql(f"SELECT {column} FROM {table}")  # noqa: S608
        if value
    }
    # a processed video also names its HLS playlist and every rendition file (the demo has two)
    for master, renditions in drill.sql("SELECT hls_master, rendition_files FROM hub_video"):
        referenced.update(name for name in [master, *renditions] if name)
    for key in [*referenced, "thu-vien/tài liệu.txt", "video/1/hls/seg-000.ts"]:
        drill.s3.put_object(Bucket=bucket, Key=key, Body=f"nội dung của {key}".encode())
    yield drill
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg_archive(drill, tmp_path_factory):
    """`manage.py backup` of the drill's database and bucket; the state it was made from."""
    folder = tmp_path_factory.mktemp("backups")
    done = _manage(drill.env, "backup", "--output", str(folder))
    assert done.returncode == 0, done.stderr
    (archive,) = folder.glob("hoctap-backup-*.tar")
    assert str(archive) in done.stdout
    return {
        "archive": archive,
        "database": drill.database_state(),
        "objects": drill.objects(),
    }


@pytest.mark.django_db  # the session's demo network, copied for the drill
def test_restore_drill_on_postgresql_and_s3(drill, pg_archive):
    archive, before, objects = pg_archive["archive"], pg_archive["database"], pg_archive["objects"]
    manifest = _manifest(archive)
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["storage"] == "storages.backends.s3.S3Storage"
    assert {e["name"]: e["sha256"] for e in manifest["media"]} == objects
    assert manifest["missing_media"] == []  # every file the dumped database names is in it
    assert manifest["migrations"]["hub"]
    assert sorted(manifest["versions"]) == ["app", "django", "python", "wagtail"]

    # change: delete a page, edit another one's title, delete a media file, add one
    (deleted, deleted_title), (edited, edited_title) = drill.sql(
        "SELECT id, title FROM wagtailcore_page WHERE numchild = 0 AND depth >= 4 AND live "
        "ORDER BY id LIMIT 2"
    )
    changed = _manage(
        drill.env,
        "shell",
        "-c",
        "from wagtail.models import Page; "
        f"Page.objects.get(pk={deleted}).specific.delete(); "
        f"page = Page.objects.get(pk={edited}).specific; page.title = 'Tiêu đề đã sửa'; "
        "page.save_revision().publish()",
    )
    assert changed.returncode == 0, changed.stderr
    # a table made by a newer migration, pointing at a table of the archive
    drill.sql("CREATE TABLE newer_feature (page_id integer REFERENCES wagtailcore_page (id))")
    lost = next(key for key in objects if key.startswith("documents/"))
    drill.s3.delete_object(Bucket=drill.bucket, Key=lost)
    drill.s3.put_object(Bucket=drill.bucket, Key="documents/moi.pdf", Body=b"%PDF new")
    assert drill.title(deleted) is None and drill.title(edited) == "Tiêu đề đã sửa"
    assert drill.database_state() != before

    restored = _manage(drill.env, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored. Media: 1 written," in restored.stdout  # the deleted file; the rest is as is
    assert "Dropped tables not in the archive: public.newer_feature" in restored.stdout

    assert drill.title(deleted) == deleted_title
    assert drill.title(edited) == edited_title
    assert drill.database_state() == before
    assert drill.sql("SELECT to_regclass('newer_feature')") == [(None,)]
    after = drill.objects()
    assert after[lost] == objects[lost]  # back, byte for byte
    assert after == {**objects, "documents/moi.pdf": after["documents/moi.pdf"]}  # no --prune-media
    assert drill.sql("SELECT count(*) FROM hub_cache") == [(0,)]  # the caches were emptied


def _damage_one_media_file(archive: Path, copy: Path) -> str:
    shutil.copyfile(archive, copy)
    with tarfile.open(copy) as tar:
        member = next(m for m in tar if m.name.startswith("media/"))
    with open(copy, "r+b") as handle:
        handle.seek(member.offset_data)
        byte = handle.read(1)
        handle.seek(member.offset_data)
        handle.write(bytes([byte[0] ^ 0xFF]))
    return member.name


@pytest.mark.django_db  # the session's demo network, copied for the drill
def test_damaged_archive_is_refused_and_nothing_changes(drill, pg_archive, tmp_path):
    damaged = tmp_path / "damaged.tar"
    name = _damage_one_media_file(pg_archive["archive"], damaged)
    page_id = drill.sql("SELECT id FROM wagtailcore_page WHERE depth = 2 ORDER BY id LIMIT 1")[0][0]
    drill.sql("UPDATE wagtailcore_page SET title = 'Sau bản sao lưu' WHERE id = %s", [page_id])
    database, objects = drill.database_state(), drill.objects()

    refused = _manage(drill.env, "restore", str(damaged), "--yes")

    assert refused.returncode == 1
    assert f"checksum mismatch: {name}" in refused.stderr
    assert "Nothing was restored." in refused.stderr
    assert drill.database_state() == database and drill.objects() == objects
    assert drill.title(page_id) == "Sau bản sao lưu"


@pytest.mark.django_db  # the session's demo network, copied for the drill
def test_restore_without_yes_asks_and_refuses(drill, pg_archive):
    page_id = drill.sql("SELECT id FROM wagtailcore_page WHERE depth = 2 ORDER BY id LIMIT 1")[0][0]
    drill.sql("UPDATE wagtailcore_page SET title = 'Chưa khôi phục' WHERE id = %s", [page_id])
    database, objects = drill.database_state(), drill.objects()

    refused = _manage(drill.env, "restore", str(pg_archive["archive"]), stdin="no\n")

    assert refused.returncode == 1
    assert "Type 'yes' to restore" in refused.stdout
    assert "Restore cancelled: nothing was changed" in refused.stderr
    assert drill.database_state() == database and drill.objects() == objects
    assert drill.title(page_id) == "Chưa khôi phục"


# --- SQLite (the embedded default) ----------------------------------------------------------------


@pytest.mark.xdist_group("sqlite")
def test_sqlite_round_trip_with_local_media(fresh_sqlite, tmp_path):
    env = {
        **os.environ,
        **sqlite_env(tmp_path, fresh_sqlite),
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
    }
    env.pop("S3_BUCKET", None)
    media = Path(env["MEDIA_ROOT"])
    # two documents: one whose file is in MEDIA_ROOT, one whose file is not
    kept, lost = "documents/giữ lại.txt", "documents/mat.txt"
    (media / "documents").mkdir(parents=True)
    (media / kept).write_text("Nội dung giữ lại")
    with closing(sqlite3.connect(fresh_sqlite)) as db, db:
        for title, name in [("Giữ lại", kept), ("Mất tệp", lost)]:
            db.execute(
                "INSERT INTO wagtaildocs_document (title, file, created_at, collection_id, "
                "file_size, file_hash) VALUES (?, ?, '2025-01-01 00:00:00', "
                "(SELECT id FROM wagtailcore_collection WHERE depth = 1), 1, '')",
                [title, name],
            )
    kept_sha = hashlib.sha256((media / kept).read_bytes()).hexdigest()

    backed_up = run_python(env, "manage.py", "backup", "--output", str(tmp_path / "b.tar"))
    assert backed_up.returncode == 0, backed_up.stderr
    assert f"Missing from storage: {lost} (wagtaildocs.Document.file)" in backed_up.stderr
    manifest = _manifest(tmp_path / "b.tar")
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["missing_media"] == [
        {"name": lost, "referenced_by": "wagtaildocs.Document.file"}
    ]
    assert [(e["name"], e["sha256"]) for e in manifest["media"]] == [(kept, kept_sha)]

    with closing(sqlite3.connect(fresh_sqlite)) as db, db:
        before = list(db.iterdump())
        db.execute("UPDATE wagtailcore_page SET title = 'Đã đổi' WHERE depth = 2")
        db.execute("DELETE FROM wagtaildocs_document WHERE title = 'Giữ lại'")
    (media / kept).unlink()
    (media / "them" / "moi.txt").parent.mkdir()
    (media / "them" / "moi.txt").write_text("thêm sau")

    restored = run_python(
        env, "manage.py", "restore", str(tmp_path / "b.tar"), "--yes", "--prune-media"
    )
    assert restored.returncode == 0, restored.stderr
    assert "1 written, 0 unchanged, 1 removed" in restored.stdout

    with closing(sqlite3.connect(fresh_sqlite)) as db:
        assert list(db.iterdump()) == before
    assert hashlib.sha256((media / kept).read_bytes()).hexdigest() == kept_sha
    assert not (media / "them" / "moi.txt").exists()


# --- plain functions -------------------------------------------------------------------------------


def _manifest_for(vendor: str) -> dict:
    file = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}[vendor]
    return {
        "format": "hoctap-backup",
        "format_version": 1,
        "database": {"vendor": vendor, "file": file, "size": 1, "sha256": "0" * 64},
        "media": [{"name": "documents/a.pdf", "size": 1, "sha256": "0" * 64}],
    }


def test_an_archive_of_another_database_vendor_is_refused():
    check_restorable(_manifest_for("sqlite"), "sqlite")
    with pytest.raises(
        BackupError, match="holds a SQLite database, but the configured database is PostgreSQL"
    ):
        check_restorable(_manifest_for("sqlite"), "postgresql")


def test_unsafe_media_names_are_refused():
    manifest = _manifest_for("postgresql")
    manifest["media"].append({"name": "../settings.py", "size": 1, "sha256": "0" * 64})
    with pytest.raises(BackupError, match="unsafe media names"):
        check_restorable(manifest, "postgresql")
    assert safe_member_name("original_images/ảnh 1.jpg")
    assert not any(map(safe_member_name, ["/etc/passwd", "a/../../b", "a//b", "", "a\\b"]))


def test_archive_name_in_a_folder_or_as_given(tmp_path):
    now = datetime(2025, 3, 1, 1, 2, 3, tzinfo=UTC)  # 08:02:03 in Hà Nội
    assert archive_path(tmp_path, now) == tmp_path / "hoctap-backup-20250301-080203.tar"
    assert archive_path(tmp_path / "x.tar", now) == tmp_path / "x.tar"
