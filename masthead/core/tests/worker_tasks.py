"""A task for the worker tests: it leaves a file behind, so a test sees it ran in the worker."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def marker_write(path: str, text: str) -> str:
    """Write `text` to `path` and return it (the worker stores the return value)."""
    Path(path).write_text(text)
    return text
