"""Backups of a whole site: the database and the uploaded media in one archive, and back.

Entry points: `backup_create` (`masthead backup`), `backup_manifest_read` and
`backup_restore_check` (what `masthead restore` checks before it asks the operator),
`backup_restore` (`masthead restore`) and `caches_clear`. The commands are in
core/management/commands/; the operators' guide is docs/self-hosting/backup.md.

The archive is a gzipped tar whose first member is `manifest.json`, so a restore refuses a
file that is not ours, or one from another database or a newer Masthead, before reading the
rest of it. Then the database (`database.sqlite3`, a copy made with SQLite's online backup API
while the site writes; or `database.pgdump`, pg_dump's custom format) and MEDIA_ROOT's files
under `media/`. The manifest holds a SHA-256 of every file, checked before a restore
replaces anything: a damaged archive is refused, not half restored.

The media are read twice (checksums for the manifest, then the archive) so that the manifest
can come first; a file that changed in between fails the backup rather than leaving an
archive whose checksums lie (Wagtail never rewrites a stored file in place, so it is rare).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

FORMAT_NAME = "masthead-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_DIRECTORY = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK_BYTES = 1024 * 1024
# Any PostgreSQL tool: "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)".
TOOL_VERSION = re.compile(r"\)\s+(\d+(?:\.\d+)*)")
# A line of `pg_restore --list`: "215; 1259 16390 TABLE public auth_group postgres".
ARCHIVE_RELATION = re.compile(
    r"^\d+;\s+\d+\s+\d+\s+(TABLE(?! DATA)|VIEW|MATERIALIZED VIEW)\s+(\S+)\s+(\S+)\s",
    re.MULTILINE,
)


class BackupErrorCode(StrEnum):
    NOT_AN_ARCHIVE = "not_an_archive"
    FORMAT_TOO_NEW = "format_too_new"
    VENDOR_UNSUPPORTED = "vendor_unsupported"
    VENDOR_MISMATCH = "vendor_mismatch"
    MIGRATIONS_UNKNOWN = "migrations_unknown"
    DATABASE_IN_MEMORY = "database_in_memory"
    DATABASE_MISSING = "database_missing"
    TOOL_MISSING = "tool_missing"
    TOOL_TOO_OLD = "tool_too_old"
    TOOL_FAILED = "tool_failed"
    MEDIA_CHANGED = "media_changed"
    ARCHIVE_DAMAGED = "archive_damaged"
    MEDIA_NOT_REPLACED = "media_not_replaced"


class BackupError(Exception):
    """A backup or restore that cannot go on, with a code and a message for the operator."""

    def __init__(self, code: BackupErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    media_files: int
    caches_cleared: list[str]
    cache_errors: list[str]
    migrations_pending: int


# --- Backup ------------------------------------------------------------------------------------


def backup_default_path(*, now: datetime.datetime | None = None) -> Path:
    """Where a backup goes unless told: var/backups/, named by its UTC time so none overwrite."""
    moment = now or datetime.datetime.now(tz=datetime.UTC)
    return Path(settings.VAR_DIR) / "backups" / f"masthead-{moment:%Y%m%dT%H%M%SZ}.tar.gz"


def backup_create(*, output: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the database and MEDIA_ROOT to one archive at `output`; returns its path and size.

    The archive is written under a temporary name beside `output` and renamed when complete,
    so a failed backup never leaves a partial file under the final name (and a fixed
    `--output` keeps the previous good archive until the new one is whole). It holds password
    hashes and readers' personal data: the file is readable by its owner only.
    """
    if output is None:
        output = backup_default_path()
    elif output.is_dir():
        output = output / backup_default_path().name
    output = output.absolute()
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    # The dump is staged beside the archive: /tmp may be a small tmpfs.
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".masthead-backup-") as work:
        database_path, dumped_with = _database_dump(connection=connection, directory=Path(work))
        media = _media_checksums(media_root)
        manifest: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
            "masthead_version": _masthead_version(),
            "database": {
                "vendor": connection.vendor,
                "file": database_path.name,
                "bytes": database_path.stat().st_size,
                "sha256": _file_sha256(database_path),
                "dumped_with": dumped_with,
            },
            "migrations": _migrations_applied(connection),
            "media": {
                "files": len(media),
                "bytes": sum(size for size, _ in media.values()),
                "sha256": {name: checksum for name, (_, checksum) in media.items()},
            },
        }
        descriptor, partial_name = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".partial"
        )
        partial = Path(partial_name)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(output, "w:gz", raw, compresslevel=6) as archive:
                    _archive_add_bytes(
                        archive, MANIFEST_NAME, json.dumps(manifest, indent=1).encode()
                    )
                    with database_path.open("rb") as database_file:
                        _archive_add_file(
                            archive,
                            database_path.name,
                            database_file,
                            size=manifest["database"]["bytes"],
                        )
                    for name, (size, checksum) in media.items():
                        _archive_add_media(archive, media_root, name, size=size, checksum=checksum)
                raw.flush()
                os.fsync(raw.fileno())
            partial.replace(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=output, size=output.stat().st_size, manifest=manifest)


def _database_dump(*, connection: BaseDatabaseWrapper, directory: Path) -> tuple[Path, str]:
    """A consistent copy of the database in `directory`; returns it and the tool that made it."""
    vendor = connection.vendor
    if vendor == "sqlite":
        source = _sqlite_path(connection)
        if not source.is_file():
            raise BackupError(
                BackupErrorCode.DATABASE_MISSING, f"The SQLite database {source} does not exist."
            )
        target = directory / DATABASE_FILES["sqlite"]
        _sqlite_copy(source=source, target=target)
        # A file that needs no -wal beside it, whatever journal mode the site runs in.
        with closing(sqlite3.connect(target)) as copy:
            copy.execute("PRAGMA journal_mode=DELETE")
        return target, f"sqlite3 {sqlite3.sqlite_version}"
    if vendor == "postgresql":
        target = directory / DATABASE_FILES["postgresql"]
        pg_dump = _postgres_tool("pg_dump")
        version = _postgres_tool_version(pg_dump)
        server_major = _postgres_server_major(connection)
        if _major(version) < server_major:
            raise BackupError(
                BackupErrorCode.TOOL_TOO_OLD,
                f"{pg_dump} is version {version}, older than the server ({server_major}): "
                f"install the PostgreSQL {server_major} client tools (postgresql-client-"
                f"{server_major} on Debian).",
            )
        # Uncompressed: the archive compresses everything once.
        _postgres_run(
            [pg_dump, "--format=custom", "--compress=0", f"--file={target}"],
            connection=connection,
        )
        return target, version
    raise BackupError(
        BackupErrorCode.VENDOR_UNSUPPORTED, f"Backups support SQLite and PostgreSQL, not {vendor}."
    )


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    if connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper has it
        raise BackupError(
            BackupErrorCode.DATABASE_IN_MEMORY,
            "The database is in memory: there is no file to back up or restore.",
        )
    return Path(connection.settings_dict["NAME"])


def _sqlite_copy(*, source: Path, target: Path) -> None:
    """Copy a database with SQLite's backup API: one read transaction, so a consistent copy.

    In WAL mode the site's writers go on meanwhile; into a live database, the copy waits for
    their locks (sqlite3 retries while busy) and readers then see all of it or none.
    """
    with (
        closing(sqlite3.connect(source, timeout=30)) as source_connection,
        closing(sqlite3.connect(target, timeout=30)) as target_connection,
    ):
        source_connection.backup(target_connection)


def _media_checksums(root: Path) -> dict[str, tuple[int, str]]:
    """Every regular file under MEDIA_ROOT (symbolic links left out): name -> (size, sha256)."""
    files: dict[str, tuple[int, str]] = {}
    if not root.is_dir():
        return files
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_symlink() or not path.is_file():
                continue
            files[path.relative_to(root).as_posix()] = (path.stat().st_size, _file_sha256(path))
    return files


def _archive_add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    _archive_add_file(archive, name, io.BytesIO(data), size=len(data))


def _archive_add_file(
    archive: tarfile.TarFile, name: str, file: IO[bytes] | _HashingReader, *, size: int
) -> None:
    member = tarfile.TarInfo(name)
    member.size = size
    member.mode = 0o644
    member.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
    archive.addfile(member, file)


def _archive_add_media(
    archive: tarfile.TarFile, root: Path, name: str, *, size: int, checksum: str
) -> None:
    """Add one media file, as the manifest describes it, or fail if it changed since."""
    changed = BackupError(
        BackupErrorCode.MEDIA_CHANGED,
        f"The media file {name} changed during the backup: run the backup again.",
    )
    try:
        file = (root / name).open("rb")
    except FileNotFoundError:
        raise changed from None
    with file:
        if os.fstat(file.fileno()).st_size != size:
            raise changed
        reader = _HashingReader(file)
        _archive_add_file(archive, f"{MEDIA_DIRECTORY}/{name}", reader, size=size)
    if reader.hexdigest() != checksum:
        raise changed


class _HashingReader:
    """A file's reader that hashes what it hands on (tarfile reads exactly `size` bytes)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _file_sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _masthead_version() -> str:
    try:
        return importlib.metadata.version("masthead")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _migrations_applied(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- Restore -----------------------------------------------------------------------------------


def backup_manifest_read(*, archive: Path) -> dict[str, Any]:
    """The manifest of a Masthead archive, read from its first member alone.

    Raises `BackupError` when the file is not a Masthead backup, or is of a newer format.
    """
    not_ours = f"{archive} is not a Masthead backup"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST_NAME or not first.isfile():
                raise BackupError(BackupErrorCode.NOT_AN_ARCHIVE, f"{not_ours}.")
            file = tar.extractfile(first)
            assert file is not None  # a regular file
            manifest = json.loads(file.read())
    except (tarfile.TarError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(BackupErrorCode.NOT_AN_ARCHIVE, f"{not_ours} ({error}).") from error
    except OSError as error:
        raise BackupError(
            BackupErrorCode.NOT_AN_ARCHIVE, f"{archive} cannot be read ({error})."
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BackupError(BackupErrorCode.NOT_AN_ARCHIVE, f"{not_ours}.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            BackupErrorCode.FORMAT_TOO_NEW,
            f"{archive} is in backup format {version}, newer than this Masthead's "
            f"({FORMAT_VERSION}): restore it with the version that made it "
            f"({manifest.get('masthead_version')}) or a later one.",
        )
    if not _manifest_is_complete(manifest):
        raise BackupError(BackupErrorCode.NOT_AN_ARCHIVE, f"{archive}'s manifest is incomplete.")
    return manifest


def _manifest_is_complete(manifest: dict[str, Any]) -> bool:
    """What a restore reads from the manifest is there, and names only our own files."""
    database, media = manifest.get("database"), manifest.get("media")
    return (
        isinstance(database, dict)
        and database.get("file") == DATABASE_FILES.get(database.get("vendor", ""))
        and isinstance(database.get("sha256"), str)
        and isinstance(media, dict)
        and isinstance(media.get("files"), int)
        and isinstance(media.get("sha256"), dict)
        and isinstance(manifest.get("migrations"), dict)
    )


def backup_restore_check(*, manifest: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse an archive of another database vendor, or one that a newer Masthead made.

    Migrations the archive has and the code does not would leave tables this code cannot
    read; an older archive is fine (`migrate` brings it up to date after the restore).
    Migrations of apps not installed here (django_rq without Redis) are not counted.
    """
    vendor = connections[using].vendor
    archived_vendor = manifest.get("database", {}).get("vendor")
    if archived_vendor != vendor:
        raise BackupError(
            BackupErrorCode.VENDOR_MISMATCH,
            f"The archive holds a {archived_vendor} database and this site runs on {vendor}: "
            f"restore it where DATABASE_URL names a {archived_vendor} database (for SQLite: "
            "leave DATABASE_URL empty).",
        )
    unknown = _migrations_unknown(manifest.get("migrations", {}))
    if unknown:
        listed = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise BackupError(
            BackupErrorCode.MIGRATIONS_UNKNOWN,
            f"The archive was made by a newer Masthead ({manifest.get('masthead_version')}): "
            f"its database has migrations this code does not know ({listed}). Upgrade "
            "Masthead first, then restore.",
        )


def _migrations_unknown(applied: dict[str, list[str]]) -> list[str]:
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)  # squashed away, still recorded as applied
    installed = {config.label for config in apps.get_app_configs()}
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        if app in installed
        for name in names
        if (app, name) not in known
    ]


def backup_restore(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database and MEDIA_ROOT's content with the archive's, then clear the caches.

    The archive is extracted and every checksum verified before anything is replaced. The
    database is replaced in one transaction (SQLite's backup API; on PostgreSQL one psql
    transaction), then the media, then the caches are cleared: cached pages would show the
    old data.
    """
    manifest = backup_manifest_read(archive=archive)
    backup_restore_check(manifest=manifest, using=using)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT).absolute()
    staging = Path(tempfile.mkdtemp(dir=_staging_parent(media_root), prefix=".masthead-restore-"))
    keep_staging = False
    try:
        _archive_extract(archive=archive, manifest=manifest, directory=staging)
        database_path = staging / manifest["database"]["file"]
        connections.close_all()
        if connection.vendor == "sqlite":
            _sqlite_restore(connection=connection, source=database_path)
        else:
            _postgres_restore(connection=connection, source=database_path)
        connections.close_all()
        try:
            _media_replace(staged=staging / MEDIA_DIRECTORY, root=media_root, staging=staging)
        except BackupError:
            keep_staging = True
            raise
        cleared, cache_errors = caches_clear()
        return RestoreResult(
            manifest=manifest,
            media_files=manifest["media"]["files"],
            caches_cleared=cleared,
            cache_errors=cache_errors,
            migrations_pending=_migrations_pending(connection),
        )
    finally:
        if not keep_staging:
            shutil.rmtree(staging, ignore_errors=True)


def _staging_parent(media_root: Path) -> Path | None:
    """Beside MEDIA_ROOT when possible, so the extracted media move in by renaming."""
    parent = media_root.parent
    return parent if parent.is_dir() and os.access(parent, os.W_OK) else None


def _archive_extract(*, archive: Path, manifest: dict[str, Any], directory: Path) -> None:
    """Extract the archive's expected members into `directory` and check every checksum."""
    database_name = manifest["database"]["file"]
    damaged = f"{archive} is damaged"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not _member_is_expected(member, database_name=database_name):
                    raise BackupError(
                        BackupErrorCode.ARCHIVE_DAMAGED,
                        f"{damaged}: unexpected member {member.name!r}.",
                    )
                # The "data" filter refuses absolute paths, `..`, links out and device files.
                tar.extract(member, directory, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(BackupErrorCode.ARCHIVE_DAMAGED, f"{damaged} ({error}).") from error
    expected = {database_name: manifest["database"]["sha256"]}
    expected.update(
        {
            f"{MEDIA_DIRECTORY}/{name}": checksum
            for name, checksum in manifest["media"]["sha256"].items()
        }
    )
    found = {
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and path != directory / MANIFEST_NAME
    }
    if found != set(expected):
        missing = sorted(set(expected) - found)[:5]
        extra = sorted(found - set(expected))[:5]
        raise BackupError(
            BackupErrorCode.ARCHIVE_DAMAGED,
            f"{damaged}: its files differ from its manifest (missing {missing}, extra {extra}).",
        )
    for name, checksum in expected.items():
        if _file_sha256(directory / name) != checksum:
            raise BackupError(
                BackupErrorCode.ARCHIVE_DAMAGED, f"{damaged}: {name} fails its checksum."
            )
    (directory / MEDIA_DIRECTORY).mkdir(exist_ok=True)


def _member_is_expected(member: tarfile.TarInfo, *, database_name: str) -> bool:
    parts = Path(member.name).parts
    if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
        return False
    return member.name in {MANIFEST_NAME, database_name} or (
        len(parts) > 1 and parts[0] == MEDIA_DIRECTORY
    )


def _sqlite_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    with closing(sqlite3.connect(source)) as archived:
        (result,) = archived.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(
            BackupErrorCode.ARCHIVE_DAMAGED, f"The archived SQLite database is damaged: {result}."
        )
    target = _sqlite_path(connection)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(source=source, target=target)


def _postgres_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    """pg_restore's script through psql in one transaction, after dropping tables it lacks.

    `--clean --if-exists` drops and recreates what the archive holds; tables that only the
    current database has (made by migrations newer than the archive) are dropped first, in
    the same transaction, or `migrate` would then trip over them. Any error rolls it all back.
    """
    pg_restore = _postgres_tool("pg_restore")
    psql = _postgres_tool("psql")
    listing = _postgres_run([pg_restore, "--list", str(source)], connection=connection)
    archived = {(schema, name) for _kind, schema, name in ARCHIVE_RELATION.findall(listing)}
    prelude = ["SET client_min_messages = warning;"]
    quote = connection.ops.quote_name
    for schema, name, kind in _postgres_relations(connection):
        if (schema, name) not in archived:
            statement = {"v": "VIEW", "m": "MATERIALIZED VIEW"}.get(kind, "TABLE")
            prelude.append(f"DROP {statement} IF EXISTS {quote(schema)}.{quote(name)} CASCADE;")
    connections.close_all()
    environment = _postgres_environment(connection)
    with (
        tempfile.TemporaryFile() as restore_errors,
        tempfile.TemporaryFile() as psql_errors,
    ):
        script = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=environment,
        )
        loader = subprocess.Popen(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=environment,
        )
        assert script.stdout is not None and loader.stdin is not None
        script_status = -1
        try:
            with suppress(BrokenPipeError):  # psql stopped at an error: its message says which
                loader.stdin.write("\n".join(prelude).encode() + b"\n")
                shutil.copyfileobj(script.stdout, loader.stdin, CHUNK_BYTES)
            script.stdout.close()
            script_status = script.wait()
        finally:
            if script_status != 0:
                # Stopped before the end of its input, psql commits nothing.
                loader.kill()
                script.kill()
            with suppress(BrokenPipeError):
                loader.stdin.close()  # the end of its input: psql commits
        script_status, loader_status = script.wait(), loader.wait()
        if loader_status or script_status:
            errors = b""
            for log in (psql_errors, restore_errors):
                log.seek(0)
                errors += log.read()
            raise BackupError(
                BackupErrorCode.TOOL_FAILED,
                "The database restore failed and was rolled back: "
                + errors.decode(errors="replace").strip()[-2000:],
            )


def _postgres_relations(connection: BaseDatabaseWrapper) -> list[tuple[str, str, str]]:
    """Tables, views and materialized views of the database's own schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN "
            "('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_' "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
            "AND d.deptype = 'e')"  # an extension's own tables go with it
        )
        return [(schema, name, kind) for schema, name, kind in cursor.fetchall()]


def _media_replace(*, staged: Path, root: Path, staging: Path) -> None:
    """Swap MEDIA_ROOT's content for the archive's (the directory itself may be a mount)."""
    previous = staging / "previous-media"
    previous.mkdir()
    root.mkdir(parents=True, exist_ok=True)
    try:
        for child in list(root.iterdir()):
            shutil.move(child, previous / child.name)
        for child in list(staged.iterdir()):
            shutil.move(child, root / child.name)
    except OSError as error:
        raise BackupError(
            BackupErrorCode.MEDIA_NOT_REPLACED,
            f"The database was restored but the media were not ({error}). The media before "
            f"the restore are in {previous}, the archive's in {staged}.",
        ) from error


def _migrations_pending(connection: BaseDatabaseWrapper) -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# --- Caches ------------------------------------------------------------------------------------


def caches_clear() -> tuple[list[str], list[str]]:
    """Empty every configured cache of this site; returns the aliases cleared and any errors.

    On Redis only the keys under the cache's prefix are deleted: Django's `clear()` would
    flush the whole Redis database, the task queue (RQ) and other sites' caches with it.
    Process-local caches are cleared in this process only: the site's own processes keep
    theirs until restarted (a minute at most).
    """
    cleared: list[str] = []
    errors: list[str] = []
    for alias in settings.CACHES:
        cache = caches[alias]
        try:
            if isinstance(cache, RedisCache):
                _redis_prefix_delete(cache)
                fallback = getattr(cache, "fallback", None)  # ResilientRedisCache's
                if fallback is not None:
                    fallback.clear()
            else:
                cache.clear()
        except (redis.RedisError, OSError) as error:
            errors.append(f"{alias}: {error}")
        else:
            cleared.append(alias)
    return cleared, errors


def _redis_prefix_delete(cache: RedisCache) -> None:
    client = cache._cache.get_client(write=True)
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", cache.key_prefix) + ":*"
    batch: list[Any] = []
    for key in client.scan_iter(match=pattern, count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            client.unlink(*batch)
            batch.clear()
    if batch:
        client.unlink(*batch)


# --- PostgreSQL's tools ------------------------------------------------------------------------


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            BackupErrorCode.TOOL_MISSING,
            f"{name} is not installed or not on PATH: install PostgreSQL's client tools "
            "(postgresql-client on Debian), of the server's version or newer.",
        )
    return path


def _postgres_tool_version(tool: str) -> str:
    output = subprocess.run(
        [tool, "--version"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    match = TOOL_VERSION.search(output)
    return match.group(1) if match else "0"


def _major(version: str) -> int:
    return int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0


def _postgres_server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]  # PostgreSQL's


def _postgres_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the `default` database: the password never on a command line."""
    environment = dict(os.environ)
    settings_dict = connection.settings_dict
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS", {})
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _postgres_run(command: list[str], *, connection: BaseDatabaseWrapper) -> str:
    result = subprocess.run(
        command,
        env=_postgres_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(
            BackupErrorCode.TOOL_FAILED,
            f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}",
        )
    return result.stdout
