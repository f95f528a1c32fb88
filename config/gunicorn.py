"""gunicorn's hooks for Masthead: `gunicorn -c config/gunicorn.py config.wsgi` (as bin/serve runs).

Hooks only; workers, threads and the address come from the command line (bin/serve, the scaling
doc). Each worker prepares the moderation rules (models, word lists) as it starts, so no comment
waits for them, and a rule that cannot be prepared is logged as an error at once, not found by a
reader. In a thread: the language and embedding models take 20 to 30 s to load on two busy
cores, as long as gunicorn's timeout, and the worker answers pages (and its heartbeat)
meanwhile; a comment posted during the warm-up waits for the rule being loaded, never loads it
twice (`pipeline._prepare`). Then it renders one page of each main kind, so that the worker's
first readers do not pay for the URLconf and the templates (`process_pages_warm`).

The application is loaded in gunicorn's master before it forks the workers (`preload_app`):
Django's setup, the URLconf with every view module, and the rules whose lists and models are
plain files (`when_ready`, `moderation_preload`) are done once, and a worker forked to replace
one that died (a crash, the out-of-memory killer, `--max-requests`) starts with them in
memory, shared with its siblings: it serves its first comment in about a second, not the
3.5 to 5 s a cold start took (bench/worker_memory.py). The master opens no database or cache
connection for it. The price: SIGHUP reloads the configuration, not the code, so a deploy
restarts bin/serve (docs/self-hosting/scaling.md).

With PROMETHEUS_MULTIPROC_DIR set (bin/serve sets it), a worker that ends is marked dead in
it, as prometheus_client's multiprocess mode asks (`child_exit`; masthead/core/metrics.py).
"""

import os
import threading
from typing import Any

preload_app = True


def _pages_warm() -> None:
    """Render the main page kinds once (masthead.news.services.process_pages_warm)."""
    import logging

    from masthead.news.services import process_pages_warm

    try:
        process_pages_warm()
    except Exception:  # a page that fails here fails for readers too, and is logged there
        logging.getLogger("masthead.warm").exception("Could not warm the pages up")


def _heap_trim() -> None:
    """Give back to the system what loading the models freed (glibc keeps it otherwise):
    about 17 MB of a web worker's resident memory (bench/worker_memory.py)."""
    import contextlib
    import ctypes
    import ctypes.util

    # Not glibc (musl, macOS): no malloc_trim, nothing to give back.
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def when_ready(server: Any) -> None:
    """In the master, once the application is loaded and before the first fork: load what
    every worker needs and can share (see the module's docstring)."""
    import logging
    import time

    from django.db import connections
    from django.urls import get_resolver

    from masthead.moderation.pipeline import moderation_preload

    started = time.perf_counter()
    try:
        get_resolver().reverse_dict  # noqa: B018 - imports every view module, builds the map
        rules = moderation_preload()
    finally:
        connections.close_all()  # none is expected; a worker must never share its parent's
    logging.getLogger("masthead.warm").info(
        "Preloaded before fork: the URLconf and %d moderation rules in %.1f s",
        rules,
        time.perf_counter() - started,
    )


def post_worker_init(worker: Any) -> threading.Thread:
    """Start the warm-up; returns its thread (gunicorn ignores it; tests join it)."""

    def warm_up() -> None:
        from django.db import connections

        from masthead.moderation.pipeline import moderation_boot

        try:
            moderation_boot("web")
            _pages_warm()
        finally:
            connections.close_all()  # this thread's own, if it read the overrides
            _heap_trim()

    thread = threading.Thread(target=warm_up, name="moderation-warm-up", daemon=True)
    thread.start()
    return thread


def child_exit(server: Any, worker: Any) -> None:
    """A web worker ended: its live gauges leave the metrics directory; its counts stay.

    Masthead's per-process metrics are counters and histograms, whose totals must outlive the
    worker, so this removes nothing today; it is there for any live gauge added later.
    """
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
