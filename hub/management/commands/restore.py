"""Restore the database and the media files from a backup archive (hub/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from hub.backup import BackupError, describe, restore_backup, unknown_migrations, verify_archive


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with those of a backup archive made by "
        "`manage.py backup`. The archive is checked in full before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive made by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="restore without asking")
        parser.add_argument(
            "--prune-media",
            action="store_true",
            help="also delete media files that are not in the archive",
        )

    def handle(self, *args, archive, yes=False, prune_media=False, **options):
        path = Path(archive)
        try:
            manifest = verify_archive(path, connection.vendor)
        except BackupError as error:
            raise CommandError(f"{error}\nNothing was restored.") from error
        self.stdout.write(f"Archive checked: {describe(manifest)}.")
        unknown = unknown_migrations(manifest)
        if unknown:
            self.stderr.write(
                self.style.WARNING(
                    f"The archive has {len(unknown)} migrations this code does not know "
                    f"(e.g. {unknown[0]}): restore with the version that made it."
                )
            )
        if not yes and not self._confirmed(prune_media):
            raise CommandError(
                "Restore cancelled: nothing was changed (--yes skips this question)."
            )
        try:
            result = restore_backup(path, manifest, prune_media=prune_media, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.dropped_tables:
            self.stdout.write(
                f"Dropped tables not in the archive: {', '.join(result.dropped_tables)}"
            )
        self.stdout.write(
            f"Restored. Media: {result.media_written} written, {result.media_unchanged} unchanged, "
            f"{result.media_removed} removed. Caches cleared."
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.pending_migrations)} migrations of this code are not applied: "
                    "run `manage.py migrate`."
                )
            )

    def _confirmed(self, prune_media: bool) -> bool:
        database = connection.settings_dict["NAME"]
        media = (
            "media files not in the archive are deleted"
            if prune_media
            else "media files in the archive overwrite those of the same name"
        )
        self.stdout.write(f"This REPLACES the whole database {database}; {media}.")
        try:
            answer = input("Type 'yes' to restore: ")
        except EOFError:
            answer = ""
        return answer.strip().lower() == "yes"
