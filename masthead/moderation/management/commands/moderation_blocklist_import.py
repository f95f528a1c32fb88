"""Import a malware blocklist from a file: a URLhaus CSV dump, a plain list, or a hosts file.

    manage.py moderation_blocklist_import urlhaus.csv
    manage.py moderation_blocklist_import feed.txt --hosts none --append

Writes MASTHEAD_MODERATION_BLOCKLIST (atomically); running workers pick it up within 30 s.
Nothing is fetched: download the feed with the tool of your choice, then import the file.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...app_settings import blocklist_path
from ...blocklist import blocklist_entries_from_urls, blocklist_read, blocklist_write


def urls_from_file(path: Path) -> list[str]:
    """URLs or hosts from a CSV with a `url` column, a hosts file, or one entry per line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        head = f.read(4096)
        f.seek(0)
        lines = [line for line in head.splitlines() if line and not line.startswith("#")]
        if lines and "url" in [c.strip().strip('"') for c in lines[0].split(",")]:
            return [
                row["url"] for row in csv.DictReader(line for line in f if not line.startswith("#"))
            ]
        entries = []
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            # hosts-file lines: "0.0.0.0 evil.example" or "127.0.0.1 evil.example"
            if len(parts) >= 2 and parts[0] in {"0.0.0.0", "127.0.0.1", "::"}:
                entries.append(parts[1])
            else:
                entries.append(parts[0])
        return entries


class Command(BaseCommand):
    help = (
        "Import a malware blocklist (URLhaus CSV, plain list or hosts file) for the malware rule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--hosts",
            choices=["ip", "none", "all"],
            default="ip",
            help="Which hosts to block whole: bare IP addresses (default), none, or all.",
        )
        parser.add_argument("--append", action="store_true", help="Keep the current entries.")
        parser.add_argument("--output", type=Path, default=None, help="Default: the setting.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        target: Path = options["output"] or blocklist_path()
        lines = blocklist_entries_from_urls(urls_from_file(source), host_entries=options["hosts"])
        if options["append"]:
            current = blocklist_read(target)
            lines = [*lines, *current.urls, *current.hosts]
        count = blocklist_write(target, lines, header=f"Imported from {source.name}")
        self.stdout.write(f"{count} blocklist entries written to {target}.")
