"""The processes of a site started as users start it (`make run`, bin/serve), found in /proc.

Shared by the `make run` browser test and the bench scripts (bench/prod_check.py,
bench/worker_memory.py), which start the site in a session of its own and then kill, stop or
measure one of its processes: a gunicorn worker, a task worker and the job it forked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def make_run_environment(var_dir: Path, port: int, **extra: str) -> dict[str, str]:
    """A new user's shell, as `make run` has it: no DATABASE_URL, REDIS_URL or test settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "BASE_URL"}
        and not key.startswith(("PYTEST_", "MASTHEAD_"))
    }
    environment.update(MASTHEAD_VAR_DIR=str(var_dir), PORT=str(port), **extra)
    return environment


def site_manage(environment: dict[str, str], *args: str, timeout: float = 900) -> str:
    """`manage.py` in a started site's environment; its standard output. Raises with the end
    of its standard error when it fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def session_processes(session: int, needle: str) -> list[int]:
    """Pids of the processes in `session` whose command line contains `needle`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if needle in command and os.getsid(int(entry.name)) == session:
                found.append(int(entry.name))
        except (OSError, ProcessLookupError):
            continue
    return found


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def children_of(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def gunicorn_workers(session: int) -> list[int]:
    """gunicorn's worker processes in `session`: its processes whose parent is one of them."""
    processes = session_processes(session, "gunicorn")
    found = []
    for pid in processes:
        try:
            if parent_of(pid) in processes:
                found.append(pid)
        except OSError:
            continue  # ended meanwhile
    return found
