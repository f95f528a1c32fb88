"""Liveness and readiness endpoints, for orchestrators, load balancers and monitoring.

`healthz` (liveness): the process answers; it touches nothing it depends on, so a database
or Redis outage never makes an orchestrator kill healthy web workers. `readyz` (readiness):
the database, the cache and the task queue each checked, with their status and the time
taken, plus the mail queue's backlog; 503 when one of the first three fails, so a load
balancer stops sending readers to a worker that cannot serve them. The cache is asked
directly: the Redis cache's fallback (`core.cache`) hides an outage from readers, not from
this check.

`HealthCheckMiddleware`, first in MIDDLEWARE, answers both before any other middleware runs:
no session, site or consent lookup, no HTTPS redirect (probes come over plain HTTP to
gunicorn), no ALLOWED_HOSTS check (probes often name the worker by its address), never stored
by a cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .cache import ResilientRedisCache
from .models import OutgoingEmail

Check = dict[str, Any]


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        if request.path_info == "/readyz":
            return readyz(request)
        return self.get_response(request)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _timed(_database_check),
        "cache": _timed(_cache_check),
        "tasks": _timed(_tasks_check),
        "mail": _timed(_mail_check),
    }
    required = ("database", "cache", "tasks")
    ready = all(checks[name]["status"] == "ok" for name in required)
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )


def _timed(check: Callable[[], Check]) -> Check:
    started = time.monotonic()
    try:
        result = check()
    except Exception as error:
        result = {"status": "fail", "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database_check() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def _cache_check() -> Check:
    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        # Past the fallback: ask Redis itself (a short timeout, from the cache's options).
        cache._cache.get_client(write=True).ping()
        return {"status": "ok", "backend": "redis"}
    key = "health:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        return {"status": "fail", "error": "the cache did not keep a value"}
    return {"status": "ok", "backend": type(cache).__name__}


def _tasks_check() -> Check:
    backend = str(settings.TASKS["default"]["BACKEND"])
    queue = settings.TASKS["default"].get("QUEUES", ["default"])[0]
    if backend == "django_tasks_rq.RQBackend":
        import django_rq

        rq_queue = django_rq.get_queue(queue)
        rq_queue.connection.ping()
        return {"status": "ok", "backend": "rq", "queued": rq_queue.count}
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        return {
            "status": "ok",
            "backend": "database",
            "queued": ready.count(),
            "oldest_seconds": round(age, 1),
        }
    return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}


def _mail_check() -> Check:
    """The mail backlog; `uncertain` messages need an operator (see core/mail.py)."""
    stages = OutgoingEmail.Stage
    queued = OutgoingEmail.objects.exclude(stage=stages.UNCERTAIN).count()
    uncertain = OutgoingEmail.objects.filter(stage=stages.UNCERTAIN).count()
    return {"status": "warn" if uncertain else "ok", "queued": queued, "uncertain": uncertain}
