"""Back up the database and the media files into one archive (hub/backup.py, docs/BACKUP.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.backup import BackupError, create_backup, describe


class Command(BaseCommand):
    help = (
        "Back up the database and every media file into one archive "
        "(hoctap-backup-YYYYmmdd-HHMMSS.tar). See docs/BACKUP.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="a folder (the archive gets a dated name in it) or the archive's file name; "
            "default: the current folder",
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        def progress(message: str) -> None:
            if verbosity > 1:
                self.stdout.write(message)

        try:
            path, manifest = create_backup(Path(output) if output else None, log=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for missing in manifest["missing_media"]:
            self.stderr.write(
                self.style.WARNING(
                    f"Missing from storage: {missing['name']} ({missing['referenced_by']})"
                )
            )
        self.stdout.write(f"Backed up {describe(manifest)} to {path}")
