"""Prometheus metrics: what is measured, how every process's counts add up, who may read them.

Entry points: `MetricsEndpointMiddleware` answers `GET /metrics` (second in MIDDLEWARE, after
the health checks: no session, site or host lookup, never cached); `RequestMetricsMiddleware`
times every other request; the services count through `moderation_decision_count`,
`push_sent_count` and `push_deliveries_count`. Every metric name is listed in this module
(they are an interface: dashboards and alerts name them) and described in
docs/self-hosting/monitoring.md.

Two kinds of numbers, kept apart on purpose:

- Counted where they happen (request latency, moderation decisions, push deliveries): each
  process counts its own. gunicorn runs several workers and the task workers are processes of
  their own, so one process's count means nothing to a scraper that reaches whichever worker
  answers. With PROMETHEUS_MULTIPROC_DIR set (bin/serve sets it), each process writes its
  counts to files in that directory (prometheus_client's multiprocess mode) and /metrics adds
  up every file, including those of processes that have ended, so totals never go back.
- Read when scraped (task queue depth and age, the mail backlog): from the database or Redis
  by `BacklogCollector`, so they are right whichever process answers and wherever the workers
  run, and need no process to keep them up to date.

A metric that cannot be counted (a missing metrics directory) is logged, never raised: counting
is a side channel, and a comment is posted or a page served whatever happens to it.

Request latency is labelled by a low-cardinality view: the Wagtail page type
(`news.articlepage`), else the URL name (`comments:thread`), never the raw path. A page the
in-app cache replays (masthead/core/middleware.py) carries the label it was rendered with in
`VIEW_LABEL_HEADER`, which this middleware takes off before the response leaves.
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ParamSpec

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

logger = logging.getLogger(__name__)
P = ParamSpec("P")

METRICS_PATH = "/metrics"
# Set on a response by the in-app page cache's stored copy; never leaves the process.
VIEW_LABEL_HEADER = "X-Masthead-View"
# Set on the request by the `before_serve_page` hook (core/wagtail_hooks.py).
PAGE_TYPE_ATTRIBUTE = "metrics_page_type"
# The site's own warm-up renders (news.services.WARM_HEADER) are not readers' requests.
WARM_UP_HEADER = "HTTP_X_MASTHEAD_WARM"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
CACHE_OUTCOMES = frozenset({"hit", "miss", "stale"})

# A page-cache hit takes under a millisecond, a render tens of them: finer buckets at the bottom
# than prometheus_client's defaults.
REQUEST_SECONDS = Histogram(
    "masthead_http_request_duration_seconds",
    "Time from the request reaching the app to its response's headers, by view (page type or "
    "URL name), method, status class and in-app page cache outcome (hit, stale, miss, none).",
    ["view", "method", "status", "cache"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
MODERATION_DECISIONS = Counter(
    "masthead_moderation_decisions",
    "Comments the moderation pipeline decided on, by outcome (published, held, rejected), the "
    "first standard that decided it (its reason code; none when published) and submission "
    "(post, edit).",
    ["decision", "reason", "submission"],
)
# Labelled so that no metric is created at import: in multiprocess mode that opens a file.
PUSH_SENT = Counter(
    "masthead_push_sent",
    "Push requests made to push services (retries included), by push service answer class.",
    ["status"],
)
PUSH_DELIVERIES = Counter(
    "masthead_push_deliveries",
    "Push deliveries that reached a final state: accepted, failed (after the last attempt), "
    "expired (the subscription is gone) or uncertain (a worker died while sending).",
    ["outcome"],
)


def _counted(function: Callable[P, None]) -> Callable[P, None]:
    """Run a counting function; log instead of raising (see the module docstring).

    Logged the first time only in each process: a metrics directory removed under a busy
    site would otherwise write a traceback per request.
    """
    has_failed = False

    @functools.wraps(function)
    def count(*args: P.args, **kwargs: P.kwargs) -> None:
        nonlocal has_failed
        try:
            function(*args, **kwargs)
        except Exception:
            if not has_failed:
                has_failed = True
                logger.exception("Could not count %s (logged once per process)", function.__name__)

    return count


@_counted
def moderation_decision_count(*, decision: str, reason: str, submission: str) -> None:
    """One comment decided on (comments/services.py, once the comment is committed)."""
    MODERATION_DECISIONS.labels(decision=decision, reason=reason, submission=submission).inc()


@_counted
def push_sent_count(*, statuses: Iterable[int]) -> None:
    """Requests made to push services (push/services.py); 0 is no answer (a network error)."""
    for status in statuses:
        PUSH_SENT.labels(status=_status_class(status) if status else "none").inc()


@_counted
def push_deliveries_count(*, outcome: str, count: int) -> None:
    """Deliveries that reached a final state (push/services.py)."""
    if count:
        PUSH_DELIVERIES.labels(outcome=outcome).inc(count)


# --- Request latency ------------------------------------------------------------------------


class RequestMetricsMiddleware:
    """Times each request from here to its response and counts it in REQUEST_SECONDS.

    Not the site's own warm-up renders (a new worker's, `site_pages_warm_task`'s): they are
    not readers, and would put a worker's slow first renders in the readers' latency.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = response.get(VIEW_LABEL_HEADER)
        if view is None:
            view = request_view_label(request)
        else:
            del response[VIEW_LABEL_HEADER]
        if WARM_UP_HEADER not in request.META:
            _request_count(request, response, view, elapsed)
        return response


@_counted
def _request_count(request: HttpRequest, response: HttpResponse, view: str, elapsed: float) -> None:
    method = request.method if request.method in METHODS else "other"
    cache = response.get("X-Page-Cache", "none")
    REQUEST_SECONDS.labels(
        view=view,
        method=method,
        status=_status_class(response.status_code),
        cache=cache if cache in CACHE_OUTCOMES else "none",
    ).observe(elapsed)


def request_view_label(request: HttpRequest) -> str:
    """The request's view for the latency histogram: page type, URL name, `static` or `other`.

    Bounded by the code, never by what a client sends: a path no route knows is Wagtail's
    catch-all (`wagtail_serve`), a route without a name is its view's dotted path.
    """
    page_type = getattr(request, PAGE_TYPE_ATTRIBUTE, None)
    if page_type:
        return str(page_type)
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return str(match.view_name)
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "other"


def _status_class(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status < 600 else "other"


# --- The endpoint -------------------------------------------------------------------------


class MetricsEndpointMiddleware:
    """Answers /metrics to an allowed client, a plain 404 to anyone else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != METRICS_PATH:
            return self.get_response(request)
        response: HttpResponse
        if request.method in ("GET", "HEAD") and metrics_access_allowed(request):
            response = HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
        else:
            response = HttpResponseNotFound(b"Not Found", content_type="text/plain")
        add_never_cache_headers(response)  # Cache-Control: no-store, private (and for nginx)
        return response


def metrics_access_allowed(request: HttpRequest) -> bool:
    """True with the bearer token (METRICS_TOKEN) or from an allowed address.

    The address is the client's as TRUSTED_PROXY_COUNT says (allauth's reading of
    X-Forwarded-For). A request that came through a proxy the settings do not count is never
    allowed by its address: REMOTE_ADDR is then the proxy's (127.0.0.1 behind nginx) and would
    let every reader in.
    """
    token = str(settings.MASTHEAD_METRICS_TOKEN)
    if token:
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and constant_time_compare(given.strip(), token):
            return True
    address = client_address(request)
    if address is None:
        return False
    return any(address in network for network in allowed_networks())


def client_address(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    proxies = int(settings.ALLAUTH_TRUSTED_PROXY_COUNT)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and proxies <= 0:
        return None  # see metrics_access_allowed
    if forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) < proxies:
            return None
        value = hops[-proxies]
    else:
        value = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(tuple(settings.MASTHEAD_METRICS_ALLOWED_IPS))


@functools.lru_cache(maxsize=4)
def _networks(
    entries: Sequence[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The allowed addresses as networks (an address is a /32 or /128); core.E004 checks them."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def metrics_exposition() -> bytes:
    """The text Prometheus reads: this host's counters, then the backlogs read now."""
    registry = CollectorRegistry()
    directory = str(settings.MASTHEAD_METRICS_MULTIPROCESS_DIR)
    if directory:
        # Every process's files, not this process's own registry (which would count twice).
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry.register(REGISTRY)
    registry.register(BacklogCollector())
    return generate_latest(registry)


# --- Backlogs, read when scraped ------------------------------------------------------------


class BacklogCollector:
    """Task queue depth and age per queue, mail backlog: read from the database or Redis.

    A source that cannot be read (the database down) leaves its gauges out of this scrape and
    says so in `masthead_metrics_source_up`, rather than failing the whole scrape.
    """

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "masthead_metrics_source_up",
            "1 when the source (tasks, mail) was read for this scrape; 0 when it failed and its "
            "gauges are missing.",
            labels=["source"],
        )
        sources: tuple[tuple[str, Callable[[], list[Metric]]], ...] = (
            ("tasks", task_queue_metrics),
            ("mail", mail_metrics),
        )
        for name, read in sources:
            try:
                families = read()
            except Exception as error:
                logger.warning("Metrics: could not read the %s backlog: %s", name, error)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up


def task_queue_metrics() -> list[Metric]:
    """Tasks waiting for a worker per queue, and how long the one waiting longest has waited.

    A task scheduled for later (`run_after`) waits from that time on, not from its enqueuing.
    """
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    depth = GaugeMetricFamily(
        "masthead_task_queue_depth",
        "Tasks ready to run that no worker has taken yet, per queue.",
        labels=["queue"],
    )
    age = GaugeMetricFamily(
        "masthead_task_queue_oldest_age_seconds",
        "Seconds the task waiting longest has waited to be taken, per queue (0: none waits).",
        labels=["queue"],
    )
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    backend_path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if backend_path.startswith("django_tasks_db."):
        waiting = _database_queues_waiting(backend.alias, backend.queues)
    elif backend_path.startswith("django_tasks_rq."):
        waiting = _rq_queues_waiting(backend.queues)
    else:
        return []  # the immediate or dummy backend: nothing ever waits
    now = timezone.now()
    for queue, (count, oldest) in sorted(waiting.items()):
        depth.add_metric([queue], count)
        age.add_metric([queue], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
    return [depth, age]


Waiting = dict[str, tuple[int, datetime.datetime | None]]


def _database_queues_waiting(alias: str, queues: Iterable[str]) -> Waiting:
    from django.db.models import Case, F, When
    from django.db.models.functions import Greatest
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting: Waiting = dict.fromkeys(queues, (0, None))
    rows = (
        DBTaskResult.objects.ready()
        .filter(backend_name=alias)
        .annotate(
            waiting_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=Greatest("enqueued_at", "run_after"),
            )
        )
        .order_by()
        .values("queue_name")
        .annotate(count=Count("pk"), oldest=Min("waiting_since"))
    )
    for row in rows:
        waiting[row["queue_name"]] = (row["count"], row["oldest"])
    return waiting


def _rq_queues_waiting(queues: Iterable[str]) -> Waiting:
    """Jobs in each RQ queue; the oldest is at its head (scheduled jobs are not in it yet)."""
    import django_rq

    waiting: Waiting = {}
    for name in queues:
        queue = django_rq.get_queue(name)
        count = int(queue.count)
        oldest = None
        head = queue.get_job_ids(0, 0) if count else []
        job = queue.fetch_job(head[0]) if head else None
        if job is not None and job.enqueued_at is not None:
            oldest = job.enqueued_at
            if timezone.is_naive(oldest):
                oldest = oldest.replace(tzinfo=datetime.UTC)  # RQ keeps UTC
        waiting[name] = (count, oldest)
    return waiting


def mail_metrics() -> list[Metric]:
    """The outgoing mail queue (core.models.OutgoingEmail): a message is deleted once sent."""
    from .models import OutgoingEmail

    stages = OutgoingEmail.Stage
    backlog = GaugeMetricFamily(
        "masthead_mail_backlog",
        "E-mails not yet handed to the mail server, by delivery stage (uncertain: a worker died "
        "while handing it over, and an operator must decide).",
        labels=["stage"],
    )
    age = GaugeMetricFamily(
        "masthead_mail_oldest_age_seconds",
        "Seconds since the oldest e-mail still to be sent was queued (uncertain ones left out: "
        "they wait for an operator, not the worker); 0 when none waits.",
    )
    rows = (
        OutgoingEmail.objects.order_by()
        .values("stage")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
    )
    counts = dict.fromkeys(stages.values, 0)
    oldest: datetime.datetime | None = None
    for row in rows:
        counts[row["stage"]] = row["count"]
        if row["stage"] != stages.UNCERTAIN and (oldest is None or row["oldest"] < oldest):
            oldest = row["oldest"]
    for stage, count in counts.items():
        backlog.add_metric([stage], count)
    age.add_metric([], max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0)
    return [backlog, age]
