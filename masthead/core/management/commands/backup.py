"""`masthead backup`: the database and the uploaded media in one archive (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masthead.core.backup import BackupError, backup_create

SIZE_UNITS = ((10**12, "TB"), (10**9, "GB"), (10**6, "MB"), (10**3, "kB"))


def size_format(size: int) -> str:
    """A size as an operator reads it: 734 bytes, 12.4 MB."""
    for factor, unit in SIZE_UNITS:
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def media_files_format(count: int) -> str:
    return f"{count} media file" if count == 1 else f"{count} media files"


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded media (MEDIA_ROOT) to one .tar.gz archive, "
        "consistent while the site runs. Restore it with `masthead restore`."
    )
    # A nightly cron job mails whatever it prints: no system-check notices, and a broken
    # setting elsewhere must not stop the backup.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help=(
                "The archive to write, or a directory to write it in (default: "
                "$MASTHEAD_VAR_DIR/backups/masthead-<UTC time>.tar.gz). An existing file "
                "is replaced only once the new archive is complete."
            ),
        )

    def handle(self, *args: Any, output: Path | str | None = None, **options: Any) -> None:
        try:
            result = backup_create(output=Path(output) if output else None)
        except BackupError as error:
            raise CommandError(error.message) from error
        manifest = result.manifest
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"{result.path} ({size_format(result.size)}): the {manifest['database']['vendor']} "
            f"database and {media_files_format(manifest['media']['files'])}."
        )
