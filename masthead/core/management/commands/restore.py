"""`masthead restore ARCHIVE`: put back the database and media of a `masthead backup` archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from masthead.core.backup import (
    BackupError,
    backup_manifest_read,
    backup_restore,
    backup_restore_check,
)
from masthead.core.management.commands.backup import media_files_format


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded media with those of an archive made by "
        "`masthead backup`, then clear the caches. Stop the site first."
    )
    # A restore is how a broken site is repaired: a failing system check must not stop it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive `masthead backup` wrote.")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (the current data is replaced).",
        )

    def handle(
        self, *args: Any, archive: Path | str, interactive: bool = True, **options: Any
    ) -> None:
        archive = Path(archive)
        try:
            manifest = backup_manifest_read(archive=archive)
            backup_restore_check(manifest=manifest)
        except BackupError as error:
            raise CommandError(error.message) from error
        database = manifest["database"]
        self.stdout.write(
            f"{archive}: made {manifest['created_at']} by Masthead "
            f"{manifest['masthead_version']}, a {database['vendor']} database and "
            f"{media_files_format(manifest['media']['files'])}."
        )
        if interactive and not self._confirmed():
            raise CommandError("Restore cancelled: nothing was changed.")
        try:
            result = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(error.message) from error
        media = media_files_format(result.media_files)
        self.stdout.write(
            f"Restored the {database['vendor']} database and {media} into {settings.MEDIA_ROOT}; "
            f"cleared the caches: {', '.join(result.caches_cleared)}."
        )
        for problem in result.cache_errors:
            self.stderr.write(f"A cache could not be cleared, {problem}")
        if result.migrations_pending:
            self.stdout.write(
                f"The archive is older than this code: run `masthead migrate` "
                f"({result.migrations_pending} migrations to apply) before starting the site."
            )
        self.stdout.write(
            "Start (or restart) the site's processes: they keep some pages in memory."
        )

    def _confirmed(self) -> bool:
        self.stdout.write(
            "This replaces the current database and the media in "
            f"{settings.MEDIA_ROOT} with the archive's."
        )
        try:
            answer = input("Type 'yes' to continue: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
