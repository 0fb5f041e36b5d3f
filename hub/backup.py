"""Back up and restore the whole site -- the database and the media files -- as one tar archive.

The archive (``hoctap-backup-YYYYmmdd-HHMMSS.tar``, uncompressed; gzip it if you like, restore
reads either) holds:

- ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  the online backup API);
- ``media/<name>``: every file of the default storage (local MEDIA_ROOT or S3), walked with
  ``storage.listdir`` and read with ``storage.open``, so any Django storage works;
- ``manifest.json``, written last: when and by which versions it was made, the database vendor,
  the migrations applied, the size and sha256 of the dump and of every media file, and the
  files the database names that the storage did not have (``missing_media``).

Consistency: the database is dumped first, from one snapshot (PostgreSQL: a REPEATABLE READ
transaction whose snapshot is exported to pg_dump, and the file references and migration state
are read in that same snapshot; SQLite: read back from the copy). The media are copied after it.
A file uploaded after the snapshot is a harmless extra (nothing in the dump names it); a file
deleted in between is listed in ``missing_media``, as is any file the database names that the
storage did not hold at all.

Restore reads the whole archive and checks every file against the manifest before it touches
anything, refuses an archive made on another database vendor, then replaces the database
(``pg_restore --clean --if-exists --no-owner --single-transaction``; SQLite: the backup API into
the database file), writes the media (files already identical are left alone; files not in the
archive are removed only with ``prune_media``) and forgets every cache.

Commands: ``manage.py backup`` and ``manage.py restore`` (hub/management/commands) are thin
wrappers; docs/BACKUP.md is the operator's guide.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import posixpath
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO

import django
import wagtail
from django.apps import apps
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

ARCHIVE_FORMAT = "hoctap-backup"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024
SPOOL_BYTES = 16 * 1024 * 1024  # media files up to this size are staged in memory

# Columns that name stored files without being a FileField (every FileField is found by itself):
# the video pipeline's HLS playlist and the list of every output it stored.
EXTRA_FILE_COLUMNS = [("hub.Video", "hls_master", False), ("hub.Video", "rendition_files", True)]

Log = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class FileColumn:
    """A database column that names files in the default storage."""

    label: str  # "wagtaildocs.Document.file"
    table: str
    column: str
    is_list: bool = False  # a JSON list of names rather than one name


@dataclass
class Snapshot:
    """What was read from the database in the dump's own snapshot."""

    migrations: dict[str, list[str]]
    references: dict[str, str]  # file name -> the first column that names it


@dataclass
class RestoreResult:
    media_written: int = 0
    media_unchanged: int = 0
    media_removed: int = 0
    dropped_tables: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)


# --- the archive's name and manifest ------------------------------------------------------------


def archive_path(output: Path | None, now: datetime) -> Path:
    """Where the archive goes: a dated name inside `output` when it is a folder (or not given:
    the current folder), `output` itself otherwise."""
    name = f"hoctap-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    if output is None:
        return Path.cwd() / name
    if output.is_dir() or str(output).endswith(("/", os.sep)):
        return output / name
    return output


def safe_member_name(name: str) -> bool:
    """A name that stays inside the archive's root and the storage (no absolute path, no '..')."""
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and "\x00" not in name
        and all(part not in ("", ".", "..") for part in parts)
    )


def expected_members(manifest: dict) -> dict[str, tuple[int, str]]:
    """Every file the manifest promises, by archive name: (size, sha256)."""
    database = manifest["database"]
    files = {database["file"]: (database["size"], database["sha256"])}
    for entry in manifest["media"]:
        files[MEDIA_PREFIX + entry["name"]] = (entry["size"], entry["sha256"])
    return files


def check_restorable(manifest: dict, vendor: str) -> None:
    """Refuse a manifest this code cannot restore into a `vendor` database."""
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError("Not a HọcTập backup archive (its manifest has another format).")
    if manifest.get("format_version") != ARCHIVE_VERSION:
        raise BackupError(
            f"Archive format version {manifest.get('format_version')} is not supported "
            f"(this code reads version {ARCHIVE_VERSION})."
        )
    made_on = manifest["database"]["vendor"]
    if made_on != vendor:
        raise BackupError(
            f"This archive holds a {VENDOR_NAMES.get(made_on, made_on)} database, but the "
            f"configured database is {VENDOR_NAMES.get(vendor, vendor)}. Restore it into a "
            f"{VENDOR_NAMES.get(made_on, made_on)} database (set DATABASE_URL)."
        )
    if manifest["database"]["file"] != DATABASE_FILES[made_on]:
        raise BackupError("The manifest names an unexpected database file.")
    unsafe = [e["name"] for e in manifest["media"] if not safe_member_name(e["name"])]
    if unsafe:
        raise BackupError(f"The manifest holds unsafe media names, e.g. {unsafe[0]!r}.")


def _versions() -> dict[str, str]:
    try:
        app = metadata.version("hoctap-hub")
    except metadata.PackageNotFoundError:
        app = "unknown"
    return {
        "app": app,
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "python": platform.python_version(),
    }


# --- files ---------------------------------------------------------------------------------------


def storage_files(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in `storage` under `path`, folders walked recursively."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:  # a local MEDIA_ROOT nobody has written to yet
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for folder in sorted(folders):
        yield from storage_files(storage, posixpath.join(path, folder) if path else folder)


def sha256_of(handle: IO[bytes]) -> tuple[int, str]:
    """(size, sha256) of what is left to read in `handle`."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    return info


def _add_local(tar: tarfile.TarFile, name: str, path: Path, mtime: float) -> dict:
    with open(path, "rb") as handle:
        size, sha256 = sha256_of(handle)
        handle.seek(0)
        tar.addfile(_tar_info(name, size, mtime), handle)
    return {"size": size, "sha256": sha256}


def _add_stream(
    tar: tarfile.TarFile, name: str, source: IO[bytes], mtime: float, workdir: str
) -> dict:
    """Stage `source` (its size is only known once read) and add it to the archive."""
    digest, size = hashlib.sha256(), 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=workdir) as staged:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            staged.write(chunk)
            size += len(chunk)
        staged.seek(0)
        tar.addfile(_tar_info(name, size, mtime), staged)
    return {"size": size, "sha256": digest.hexdigest()}


# --- the database --------------------------------------------------------------------------------


def file_columns() -> list[FileColumn]:
    """Every column naming a file of the default storage: all FileFields (documents, images,
    renditions, video originals, posters, MP4s, ...) and EXTRA_FILE_COLUMNS."""
    columns = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        for model_field in meta.local_concrete_fields:
            if isinstance(model_field, models.FileField):
                columns.append(
                    FileColumn(
                        f"{meta.label}.{model_field.name}", meta.db_table, model_field.column
                    )
                )
    for label, name, is_list in EXTRA_FILE_COLUMNS:
        meta = apps.get_model(label)._meta
        column = meta.get_field(name).column
        columns.append(FileColumn(f"{meta.label}.{name}", meta.db_table, column, is_list))
    return columns


def _read_snapshot(cursor, tables: set[str], quote: Callable[[str], str]) -> Snapshot:
    """Migration state and referenced file names, read through `cursor` (inside the snapshot)."""
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    references: dict[str, str] = {}
    for column in file_columns():
        if column.table not in tables:
            continue
        cursor.execute(f"SELECT {quote(column.column)} FROM {quote(column.table)}")  # noqa: S608 (names from the models)
        for (value,) in cursor.fetchall():
            if not value:
                continue
            names = json.loads(value) if column.is_list and isinstance(value, str) else value
            for name in names if column.is_list else [names]:
                if name:
                    references.setdefault(name, column.label)
    return Snapshot(migrations, references)


def _not_in_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError("Back up and restore run outside any database transaction.")


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from $PG_BIN, else PATH, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BIN"):
        candidate = Path(os.environ["PG_BIN"]) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if installed:
        return str(installed[-1])
    raise BackupError(
        f"{name} not found: install the PostgreSQL client (the server's major version or newer) "
        "or set PG_BIN to its folder."
    )


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq environment for DATABASES[alias]: the password goes here, never on a command line."""
    options = settings_dict.get("OPTIONS") or {}
    env = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {key: str(value) for key, value in env.items() if value}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            args, env={**os.environ, **env}, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{args[0]}: {error}") from error
    if result.returncode:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )
    return result


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """pg_dump of the snapshot of one REPEATABLE READ transaction, which also reads the migration
    state and the file references: the dump and what the manifest says of it agree exactly."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
            ],
            pg_environment(connection.settings_dict),
        )
        tables = set(connection.introspection.table_names(cursor))
        return _read_snapshot(cursor, tables, connection.ops.quote_name)


def _sqlite_file(connection: BaseDatabaseWrapper) -> str:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return name


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """SQLite's online backup (a consistent copy while the site runs), then read from the copy."""
    _sqlite_file(connection)
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        return _read_snapshot(cursor, tables, connection.ops.quote_name)


# --- backup --------------------------------------------------------------------------------------


def create_backup(
    output: Path | None = None,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    log: Log = _quiet,
) -> tuple[Path, dict]:
    """Write one archive of the database and the media; its path and manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Cannot back up a {vendor} database: only PostgreSQL and SQLite.")
    _not_in_transaction(connection)
    storage = storage or storages["default"]
    created = timezone.now()
    target = archive_path(output, created)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    mtime = created.timestamp()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".hoctap-backup-") as workdir:
        dump = Path(workdir) / DATABASE_FILES[vendor]
        log(f"Dumping the {VENDOR_NAMES[vendor]} database…")
        dumper = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        snapshot = dumper(connection, dump)
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                database = {
                    "vendor": vendor,
                    "file": dump.name,
                    **_add_local(tar, dump.name, dump, mtime),
                }
                dump.unlink()
                log("Copying the media files…")
                media = []
                for name in storage_files(storage):
                    with storage.open(name, "rb") as source:
                        entry = _add_stream(tar, MEDIA_PREFIX + name, source, mtime, workdir)
                    media.append({"name": name, **entry})
                in_archive = {entry["name"] for entry in media}
                missing = [
                    {"name": name, "referenced_by": label}
                    for name, label in sorted(snapshot.references.items())
                    if name not in in_archive
                ]
                manifest = {
                    "format": ARCHIVE_FORMAT,
                    "format_version": ARCHIVE_VERSION,
                    "created_at": created.isoformat(),
                    "versions": _versions(),
                    "database": database,
                    "migrations": snapshot.migrations,
                    "storage": f"{type(storage).__module__}.{type(storage).__qualname__}",
                    "media": media,
                    "missing_media": missing,
                }
                payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                tar.addfile(_tar_info(MANIFEST, len(payload), mtime), io.BytesIO(payload))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


# --- restore -------------------------------------------------------------------------------------


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path}: not a readable backup archive ({error}).") from error


def verify_archive(path: Path, vendor: str) -> dict:
    """Read the whole archive once and check it against its manifest and the configured database
    vendor; the manifest. Touches nothing: every problem is a BackupError before any change."""
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    with _open_archive(path) as tar:
        try:
            for member in tar:
                if not member.isfile() or not safe_member_name(member.name):
                    raise BackupError(f"Unexpected entry in the archive: {member.name!r}.")
                if member.name in seen or (member.name == MANIFEST and manifest is not None):
                    raise BackupError(f"{member.name} is in the archive twice.")
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read().decode())
                else:
                    seen[member.name] = sha256_of(handle)
        except (OSError, EOFError, tarfile.TarError, ValueError) as error:
            raise BackupError(f"{path}: the archive is damaged or truncated ({error}).") from error
    if manifest is None:
        raise BackupError(f"{path}: no {MANIFEST}; not a complete HọcTập backup.")
    try:
        check_restorable(manifest, vendor)
        expected = expected_members(manifest)
    except (KeyError, TypeError) as error:
        raise BackupError(f"{path}: the manifest is incomplete ({error}).") from error
    problems = [
        f"missing: {name}" if name not in seen else f"checksum mismatch: {name}"
        for name, sums in expected.items()
        if seen.get(name) != sums
    ]
    problems += [f"not in the manifest: {name}" for name in sorted(seen.keys() - expected.keys())]
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"The archive does not match its manifest:\n  {shown}{more}")
    return manifest


def _archive_tables(dump: Path, env: dict[str, str]) -> set[tuple[str, str]]:
    listing = _run([pg_tool("pg_restore"), "--list", str(dump)], env).stdout
    return set(re.findall(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", listing, re.MULTILINE))


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> list[str]:
    """Tables the archive does not have (made by newer migrations) are dropped first, then
    pg_restore replaces everything in one transaction; the dropped tables' names."""
    env = pg_environment(connection.settings_dict)
    archived = _archive_tables(dump, env)
    schemas = sorted({schema for schema, _table in archived}) or ["public"]
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(%s)", [schemas]
        )
        extra = sorted(set(cursor.fetchall()) - archived)
        for schema, table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(schema)}.{quote(table)} CASCADE")
    connection.close()
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
    )
    return [f"{schema}.{table}" for schema, table in extra]


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> list[str]:
    target = _sqlite_file(connection)
    connection.close()
    try:
        with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target)) as db:
            source.backup(db)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite restore failed: {error}") from error
    return []


def _same_file(storage: Storage, name: str, size: int, sha256: str) -> bool:
    if not storage.exists(name) or storage.size(name) != size:
        return False
    with storage.open(name, "rb") as handle:
        return sha256_of(handle) == (size, sha256)


def _pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def restore_backup(
    path: Path,
    manifest: dict,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    prune_media: bool = False,
    log: Log = _quiet,
) -> RestoreResult:
    """Replace the database and the media with the archive's (checked by `verify_archive`), then
    forget every cache."""
    from hub.caching.invalidation import content_changed

    connection = connections[using]
    _not_in_transaction(connection)
    check_restorable(manifest, connection.vendor)
    storage = storage or storages["default"]
    sums = expected_members(manifest)
    result = RestoreResult()
    database_file = manifest["database"]["file"]
    with _open_archive(path) as tar, tempfile.TemporaryDirectory() as workdir:
        dump = Path(workdir) / database_file
        with tar.extractfile(database_file) as source, open(dump, "wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        with open(dump, "rb") as handle:
            if sha256_of(handle) != sums[database_file]:
                raise BackupError("The database dump changed since it was checked; not restored.")
        log(f"Restoring the {VENDOR_NAMES[connection.vendor]} database…")
        restorer = _restore_postgresql if connection.vendor == "postgresql" else _restore_sqlite
        result.dropped_tables = restorer(connection, dump)
        dump.unlink()

        log("Restoring the media files…")
        for member in tar:
            if not member.name.startswith(MEDIA_PREFIX):
                continue
            name = member.name.removeprefix(MEDIA_PREFIX)
            size, sha256 = sums[member.name]
            if _same_file(storage, name, size, sha256):
                result.media_unchanged += 1
                continue
            storage.delete(name)
            content = File(tar.extractfile(member), name=posixpath.basename(name))
            content.size = size
            saved = storage.save(name, content)
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}; media restore stopped.")
            result.media_written += 1
    if prune_media:
        keep = {entry["name"] for entry in manifest["media"]}
        for name in list(storage_files(storage)):
            if name not in keep:
                storage.delete(name)
                result.media_removed += 1

    content_changed()
    cache.clear()
    result.pending_migrations = _pending_migrations(connection)
    return result


def describe(manifest: dict) -> str:
    """One line about an archive, for the operator."""
    database = manifest["database"]
    return (
        f"{VENDOR_NAMES.get(database['vendor'], database['vendor'])} database "
        f"({database['size']:,} bytes) and {len(manifest['media'])} media files, "
        f"made {manifest['created_at']} by version {manifest['versions']['app']}"
    )


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations applied in the archive that this code does not have (a newer code's backup)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    return sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known and app in installed
    )
