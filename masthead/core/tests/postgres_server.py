"""A throwaway PostgreSQL cluster under a temporary directory, for tests that restart it.

Never the shared cluster: `initdb` makes a new one on a free port, `restart(down=3)` stops it
the way an operator's restart does (fast shutdown: open connections are terminated) and starts
it again after `down` seconds. As root, the server runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from .redis_server import free_port

_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PG_BIN = Path(_BIN[-1]) if _BIN else None
needs_postgres_server = pytest.mark.skipif(
    PG_BIN is None or (os.geteuid() == 0 and shutil.which("runuser") is None),
    reason="PostgreSQL's server binaries are absent",
)


class PostgresServer:
    def __init__(self) -> None:
        # Its own directory under /tmp: pytest's are private to root, and the server is not.
        self.directory = Path(tempfile.mkdtemp(prefix="masthead-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        assert PG_BIN is not None
        argv = [str(PG_BIN / command[0]), *command[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        self.directory.chmod(0o777)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def restart(self, *, down: float) -> None:
        self.stop()
        time.sleep(down)
        self.start()
