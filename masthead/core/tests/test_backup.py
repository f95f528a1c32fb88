"""`masthead backup` and `masthead restore`: a round trip brings the data and the media back.

The round trips run the commands as an operator does (`manage.py`, the base settings) in
subprocesses against a throwaway site: a SQLite file under a temporary MASTHEAD_VAR_DIR or,
when DATABASE_URL names PostgreSQL (CI's second pass), a database made on that server for the
test and dropped after it. Each migrates a fresh database (about 15 s of CPU). The refusals
run in this process on hand-made archives: they stop before any database is touched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from masthead.core import backup
from masthead.core.management.commands import restore as restore_command

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module", autouse=True)
def _migration_modules_imported(django_db_setup, django_db_blocker) -> None:
    """The refusals read the migrations on disk, and wagtail-localize's first migration asks
    the database a question when it is imported. Imported here with the test database open,
    so the refusals pass whichever test of the worker's ran first (they failed when first)."""
    from django.db.migrations.loader import MigrationLoader

    with django_db_blocker.unblock():
        MigrationLoader(None, ignore_no_migrations=True)


DATABASE_URL = os.environ.get("DATABASE_URL", "")
IS_POSTGRES_URL = DATABASE_URL.startswith(("postgres://", "postgresql://"))

# Each script prints the site's state as JSON on its last line.
STATE = """
import json
from django.contrib.auth import get_user_model
from django.db import connection
users = get_user_model().objects.order_by("username")
print(json.dumps({
    "users": list(users.values("username", "email", "password", "date_joined")),
    "tables": sorted(connection.introspection.table_names()),
}, default=str))
"""
GIVEN = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
get_user_model().objects.create_user(
    username="ana", email="ana@example.org", password="correct horse battery"
)
"""
CHANGE = """
from django.contrib.auth import get_user_model
from django.db import connection
User = get_user_model()
User.objects.filter(username="ana").update(email="changed@example.org")
User.objects.create_user(username="mallory", email="mallory@example.org")
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE made_after_the_backup (id integer)")
"""


class Site:
    """A throwaway Masthead site driven through manage.py, as an operator drives it."""

    def __init__(self, var_dir: Path, database_url: str | None) -> None:
        self.var_dir = var_dir
        var_dir.mkdir()  # as `make run` makes it
        self.media_root = var_dir / "media"
        self.vendor = "postgresql" if database_url else "sqlite"
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.environment["MASTHEAD_VAR_DIR"] = str(var_dir)
        if database_url:
            self.environment["DATABASE_URL"] = database_url

    def manage(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def run(self, *arguments: str) -> str:
        result = self.manage(*arguments)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def state(self, before: str = "") -> dict[str, Any]:
        output = self.run("shell", "-c", before + STATE)
        return dict(json.loads(output.strip().splitlines()[-1]))


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request, tmp_path) -> Iterator[Site]:
    """A new site on a SQLite file, or on a new database of DATABASE_URL's server."""
    if request.param == "sqlite":
        if IS_POSTGRES_URL:
            pytest.skip("runs in the SQLite pass: it does not depend on DATABASE_URL")
        yield Site(tmp_path / "var", None)
        return
    if not IS_POSTGRES_URL:
        pytest.skip("DATABASE_URL does not name a PostgreSQL server")
    import psycopg

    server, _, last_part = DATABASE_URL.rpartition("/")
    query = last_part.partition("?")[2]  # Django's options (prepare_threshold), not libpq's
    name = f"masthead_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Site(tmp_path / "var", f"{server}/{name}" + (f"?{query}" if query else ""))
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_restore_brings_back_the_database_and_the_media_as_they_were_backed_up(site, tmp_path):
    """Users, tables and media files after a restore are those of the backup, byte for byte."""
    before = site.state(GIVEN)  # on a database migrated from scratch
    photo = site.media_root / "original_images" / "harbour.jpg"
    photo.parent.mkdir(parents=True)
    photo_bytes = os.urandom(200_000)
    photo.write_bytes(photo_bytes)
    archive = tmp_path / "nightly.tar.gz"

    output = site.run("backup", f"--output={archive}")
    changed = site.state(CHANGE)
    photo.unlink()
    (site.media_root / "uploaded-after.txt").write_text("not in the backup")
    restored = site.run("restore", str(archive), "--yes")
    after = site.state()

    manifest = backup.backup_manifest_read(archive=archive)
    assert str(archive) in output
    assert manifest["database"]["vendor"] == site.vendor
    assert "0001_initial" in manifest["migrations"]["readers"]
    assert manifest["media"]["sha256"] == {
        "original_images/harbour.jpg": hashlib.sha256(photo_bytes).hexdigest()
    }
    assert [name for name in os.listdir(tmp_path) if name.startswith(".")] == []  # no leftovers
    assert changed != before  # the change reached the database
    assert after == before
    assert "made_after_the_backup" not in after["tables"]
    assert photo.read_bytes() == photo_bytes
    assert sorted(p.name for p in site.media_root.rglob("*")) == ["harbour.jpg", "original_images"]
    assert "1 media file " in restored


# --- Refusals, on archives made by hand ---------------------------------------------------------


def archive_write(path: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **files}.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


def manifest_of(*, vendor: str, migrations: dict[str, list[str]], media: dict[str, bytes]):
    database = b"not restored in these tests"
    return {
        "format": backup.FORMAT_NAME,
        "format_version": backup.FORMAT_VERSION,
        "created_at": "2026-01-01T00:00:00+00:00",
        "masthead_version": "0.1.0",
        "database": {
            "vendor": vendor,
            "file": backup.DATABASE_FILES[vendor],
            "bytes": len(database),
            "sha256": hashlib.sha256(database).hexdigest(),
        },
        "migrations": migrations,
        "media": {
            "files": len(media),
            "bytes": sum(len(data) for data in media.values()),
            "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in media.items()},
        },
    }


def restore(archive: Path) -> None:
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())


def test_restore_asks_first_and_changes_nothing_unless_told_yes(tmp_path, monkeypatch):
    """Without --yes the operator is asked; any answer but "yes" cancels before any change."""
    manifest = manifest_of(vendor=connection.vendor, migrations={}, media={})
    archive = archive_write(tmp_path / "nightly.tar.gz", manifest, {})
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    monkeypatch.setattr(restore_command, "backup_restore", lambda **kw: pytest.fail("restored"))

    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path):
    """A file of random bytes is refused before anything is read from it."""
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(os.urandom(1000))

    with pytest.raises(CommandError, match="is not a Masthead backup"):
        restore(not_an_archive)


def test_restore_refuses_an_archive_without_a_masthead_manifest(tmp_path):
    """Some other .tar.gz, even one holding a manifest.json, is not taken for a backup."""
    other = archive_write(tmp_path / "other.tar.gz", {"name": "something else"}, {})

    with pytest.raises(CommandError, match="is not a Masthead backup"):
        restore(other)


def test_restore_refuses_an_archive_of_another_database_vendor(tmp_path):
    """A PostgreSQL archive is refused by a SQLite site, and the other way round."""
    other_vendor = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    archive = archive_write(
        tmp_path / "other.tar.gz", manifest_of(vendor=other_vendor, migrations={}, media={}), {}
    )

    with pytest.raises(CommandError, match=f"holds a {other_vendor} database"):
        restore(archive)


def test_restore_refuses_an_archive_made_by_a_newer_masthead(tmp_path):
    """Migrations the code does not know mean tables it could not read: refused."""
    migrations = {"news": ["0001_initial", "9999_from_the_future"], "gone_app": ["0001_initial"]}
    manifest = manifest_of(vendor=connection.vendor, migrations=migrations, media={})
    archive = archive_write(tmp_path / "newer.tar.gz", manifest, {})

    with pytest.raises(CommandError, match=r"newer Masthead.*news\.9999_from_the_future\)"):
        restore(archive)


def test_restore_refuses_a_member_that_would_land_outside_the_media(tmp_path, settings):
    """A `..` member is refused before anything is replaced, and nothing lands outside."""
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    media = {"../../escaped.txt": b"outside"}
    manifest = manifest_of(vendor=connection.vendor, migrations={}, media=media)
    files = {"media/../../escaped.txt": b"outside"}
    archive = archive_write(tmp_path / "unsafe.tar.gz", manifest, files)

    with pytest.raises(CommandError, match="unexpected member"):
        restore(archive)
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list((tmp_path / "site").glob(".masthead-restore-*"))


def test_restore_refuses_an_archive_whose_files_fail_their_checksums(tmp_path, settings):
    """A media file that differs from the manifest's checksum is refused: nothing replaced."""
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    manifest = manifest_of(vendor=connection.vendor, migrations={}, media={"a.jpg": b"photo"})
    files = {
        manifest["database"]["file"]: b"not restored in these tests",
        "media/a.jpg": b"tampered",
    }
    archive = archive_write(tmp_path / "damaged.tar.gz", manifest, files)

    with pytest.raises(CommandError, match=r"media/a\.jpg fails its checksum"):
        restore(archive)


def test_a_failed_backup_leaves_no_partial_archive_and_keeps_the_previous_one(
    tmp_path, settings, monkeypatch
):
    """The archive is written under a temporary name: the one at `--output` stays whole."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.jpg").write_bytes(b"photo")
    previous = tmp_path / "backups" / "latest.tar.gz"
    previous.parent.mkdir()
    previous.write_bytes(b"last night's archive")

    def database_dump(*, connection, directory):
        (directory / "database.sqlite3").write_bytes(b"a database")
        return directory / "database.sqlite3", "test"

    def media_changed(*args, **kwargs):
        raise backup.BackupError(backup.BackupErrorCode.MEDIA_CHANGED, "a.jpg changed")

    monkeypatch.setattr(backup, "_database_dump", database_dump)
    monkeypatch.setattr(backup, "_migrations_applied", lambda connection: {})
    monkeypatch.setattr(backup, "_archive_add_media", media_changed)

    with pytest.raises(CommandError, match=r"a\.jpg changed"):
        call_command("backup", output=str(previous), stdout=io.StringIO())

    assert previous.read_bytes() == b"last night's archive"
    assert sorted(path.name for path in previous.parent.iterdir()) == ["latest.tar.gz"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump's checks")
def test_backup_refuses_a_pg_dump_older_than_the_server(tmp_path, monkeypatch):
    """pg_dump cannot dump a newer server: the operator is told which tools to install."""
    monkeypatch.setattr(backup, "_postgres_tool_version", lambda tool: "9.6.24")

    with pytest.raises(CommandError, match="older than the server"):
        call_command("backup", output=str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_clearing_the_caches_leaves_other_keys_of_the_same_redis_alone():
    """On Redis only the site's cache keys go: RQ's queue in the same database stays."""
    cache = caches["default"]
    cache.set("backup-test-page", "an old page")
    other_key = f"rq:backup-test:{uuid.uuid4().hex}"
    client = None
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        client = cache._cache.get_client(write=True)
        client.set(other_key, "a queued job")

    cleared, errors = backup.caches_clear()

    assert "default" in cleared and errors == []
    assert cache.get("backup-test-page") is None
    if client is not None:
        assert client.get(other_key) == b"a queued job"
        client.delete(other_key)
