"""Push writes: subscriptions, alerts and the fan-out that delivers an alert to its audience.

Entry points: `push_subscription_save` / `push_subscription_delete` /
`push_subscription_topics_change` (the reader's browser: subscribe, unsubscribe, follow a story
or a section), `push_subscription_delete_of_member` (the profile), `push_alert_create` (an
editor; enqueues the fan-out after commit), `push_alert_on_first_publication` (a section that
alerts on publish, within its edition's hourly cap), `push_alert_held_send` (an editor sends
an alert the cap held), `push_alert_fan_out` (the task's body), `push_delivery_click` and
`push_alert_counters_update` (the report).

The fan-out streams the audience by keyset pagination over subscription ids (a batch at a
time, never the whole audience in memory), claims a `PushDelivery` row for each subscription
before anything is sent, then sends the due rows in chunks (`chunk_size`, 256), `concurrency`
requests in flight at once over one pool of kept-alive connections (libcurl's multi interface,
through pycurl, driven by its socket events). The database work runs in order in a thread of
its own while the requests travel (`_Bookkeeper`). Before a chunk is handed to the sender it is
written on the alert as an id range (one row, not a write to each delivery) and its outcomes
are written after, so a worker killed at any point leaves every row in a state that says what
to do with it: `pending` rows are sent by the next run, and the rows of the chunks that were in
flight are sent again and counted (`resent_count`). Every push carries the alert's Topic and
tag, so the copy a browser may receive twice replaces the first at the push service and is not
shown twice by the service worker (static/js/push-sw.js): every reader sees the alert once.
429 and 5xx answers are retried with back-off honouring Retry-After; 404 and 410 delete the
subscription. The VAPID JWT is signed once per push-service origin (`vapid.VapidSigner`); each
payload is encrypted for its subscriber with a new key (`encryption.payload_encrypt`, RFC 8291
through http-ece). Each chunk's requests and final outcomes are counted for the metrics
(`masthead_push_sent_total`, `masthead_push_deliveries_total`: core/metrics.py).
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import json
import logging
import select
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from masthead.core.metrics import push_deliveries_count, push_sent_count

from . import app_settings
from .encryption import payload_encrypt
from .errors import PushError
from .models import PushAlert, PushDelivery, PushSubscription, PushTopic, VapidKeyPair
from .vapid import VapidSigner, vapid_key_current

if TYPE_CHECKING:
    from wagtail.models import Page

    from masthead.readers.models import User

logger = logging.getLogger(__name__)

Delivery = PushDelivery.State
ENDPOINT_MAX_LENGTH = 1024
KEY_MAX_LENGTH = 100
AUTH_MAX_LENGTH = 40
# A reader may follow many stories over the months; more than this is a script, not a reader.
TOPICS_MAX = 200
RETRY_BASE_SECONDS = 1.0
RETRY_MAX_SECONDS = 3600.0
# Placeholders of the click address, reversed once per alert (digits only: the id converter).
CLICK_ID_SLOT = "9876543210123"
CLICK_TOKEN_SLOT = "clicktokenslot"


def endpoint_validate(endpoint: str) -> None:
    """Raise `PushError` unless `endpoint` is a push service's URL we may POST to.

    HTTPS only: a plain-HTTP endpoint would carry the VAPID token in clear, and an endpoint
    on a private address would let a page make the server call its own network. Plain HTTP
    to 127.0.0.1 is allowed for the tests' double and DEBUG (`allow_http_endpoints`).
    """
    if not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH:
        raise PushError("endpoint_length")
    parts = urlsplit(endpoint)
    if parts.scheme == "https" and parts.hostname and parts.hostname not in ("localhost",):
        host = parts.hostname
        if host.replace(".", "").isdigit() or ":" in host:
            raise PushError("endpoint_address")
        return
    if (
        parts.scheme == "http"
        and parts.hostname == "127.0.0.1"
        and app_settings.allow_http_endpoints()
    ):
        return
    raise PushError("endpoint_scheme")


def _key_validate(value: str, *, decoded_length: int, code: str) -> None:
    import base64

    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError as error:
        raise PushError(code) from error
    if len(raw) != decoded_length:
        raise PushError(code)


def push_subscription_save(
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    language: str,
    topics: Iterable[str],
    member: User | None = None,
    merge_topics: bool = False,
) -> PushSubscription:
    """Store (or update, by endpoint) what the browser's `pushManager.subscribe()` returned.

    The topics replace the subscription's, unless `merge_topics` (the "Follow this story"
    button subscribing a browser that may already follow breaking news: it adds its topic).
    """
    endpoint_validate(endpoint)
    if len(p256dh) > KEY_MAX_LENGTH or len(auth) > AUTH_MAX_LENGTH:
        raise PushError("key_length")
    _key_validate(p256dh, decoded_length=65, code="key_invalid")
    _key_validate(auth, decoded_length=16, code="auth_invalid")
    names = _topics_validate(topics)
    if merge_topics:
        names = sorted(
            set(names).union(
                PushTopic.objects.filter(subscription__endpoint=endpoint).values_list(
                    "name", flat=True
                )
            )
        )
    names = names or ["breaking"]
    if len(names) > TOPICS_MAX:
        raise PushError("topics_too_many")
    with transaction.atomic():
        subscription, _ = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "p256dh": p256dh,
                "auth": auth,
                "language": language,
                "member": member,
                "vapid_key": vapid_key_current(),
                "failure_count": 0,
            },
        )
        subscription.topics.exclude(name__in=names).delete()
        PushTopic.objects.bulk_create(
            [PushTopic(subscription=subscription, name=name) for name in names],
            ignore_conflicts=True,
        )
    return subscription


def _topic_valid(name: str) -> bool:
    kind, _, number = name.partition(":")
    return name == "breaking" or (
        kind in ("section", "story") and number.isascii() and number.isdigit() and len(number) < 19
    )


def _topics_validate(topics: Iterable[str]) -> list[str]:
    names = sorted(set(topics))
    if len(names) > TOPICS_MAX:
        raise PushError("topics_too_many")
    if any(not _topic_valid(name) for name in names):
        raise PushError("topic_invalid")
    return names


def push_subscription_delete(*, endpoint: str) -> bool:
    """Forget a subscription (the reader unsubscribed); True if there was one."""
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return deleted > 0


def push_subscription_delete_of_member(*, member: User, subscription_id: int) -> bool:
    """A member removes one of their browsers' subscriptions from the profile page."""
    deleted, _ = PushSubscription.objects.filter(pk=subscription_id, member=member).delete()
    return deleted > 0


def push_subscription_topics_change(
    *, endpoint: str, follow: Iterable[str] = (), unfollow: Iterable[str] = ()
) -> PushSubscription:
    """Follow and unfollow topics of the subscription whose endpoint the browser sends.

    The endpoint is the credential, as for unsubscribing: only the browser that holds the
    subscription knows it. Unknown endpoint: `PushError("subscription_unknown")` (the browser's
    subscription was removed here, e.g. after a 410, and must subscribe again). Following a
    topic twice or unfollowing one not followed changes nothing.
    """
    adding = _topics_validate(follow)
    removing = _topics_validate(unfollow)
    with transaction.atomic():
        subscription = PushSubscription.objects.filter(endpoint=endpoint).first()
        if subscription is None:
            raise PushError("subscription_unknown")
        subscription.topics.filter(name__in=removing).delete()
        kept = set(subscription.topics.values_list("name", flat=True))
        if len(kept.union(adding)) > TOPICS_MAX:
            raise PushError("topics_too_many")
        PushTopic.objects.bulk_create(
            [
                PushTopic(subscription=subscription, name=name)
                for name in adding
                if name not in kept
            ],
            ignore_conflicts=True,
        )
    return subscription


def push_alert_create(
    *,
    title: str,
    text: str,
    url: str,
    language: str,
    topics: Iterable[str],
    image_url: str = "",
    urgency: str = PushAlert.Urgency.NORMAL,
    ttl_seconds: int = 3600,
    replace_topic: str = "",
    page_id: int | None = None,
    created_by: User | None = None,
) -> PushAlert:
    """Record an alert and enqueue its fan-out once the transaction commits."""
    alert = PushAlert.objects.create(
        title=title,
        text=text,
        url=url,
        image_url=image_url,
        language=language,
        topics=sorted(set(topics)) or ["breaking"],
        urgency=urgency,
        ttl_seconds=ttl_seconds,
        replace_topic=replace_topic,
        page_id=page_id,
        created_by=created_by,
    )
    transaction.on_commit(lambda: _fan_out_enqueue(alert.pk))
    return alert


def alert_topic(alert: PushAlert) -> str:
    """The Topic header of the alert's pushes: the story's, or one of the alert's own."""
    return alert.replace_topic or f"alert-{alert.pk}"


@dataclass(frozen=True)
class AutoAlert:
    """What a story's first publication did: the alert (None: its section does not alert)."""

    alert: PushAlert | None
    held: bool = False
    sent_in_last_hour: int = 0


def push_alert_on_first_publication(page: Page) -> AutoAlert:
    """A section that alerts on publish tells its followers of a story's first publication.

    Called for every published page (`signal_handlers`); does nothing unless the page is an
    article published for the first time (its first and last publication are the same moment)
    in a section with `push_on_publish`, and no automatic alert of it exists yet. The alert
    goes to the followers of that section in the story's edition. If the edition has already
    had `MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR` alerts (any kind) in the last hour, it is stored
    `held` instead of sent: a newsroom publishing a batch by mistake does not wake its readers
    ten times, and an editor can still send it (`push_alert_held_send`).
    """
    from masthead.news.models import ArticlePage
    from masthead.news.selectors import article_section

    if not isinstance(page, ArticlePage) or page.first_published_at is None:
        return AutoAlert(alert=None)
    if page.first_published_at != page.last_published_at:
        return AutoAlert(alert=None)
    section = article_section(article=page)
    if section is None or not section.push_on_publish:
        return AutoAlert(alert=None)
    language = page.locale.language_code
    with transaction.atomic():
        if PushAlert.objects.filter(page_id=page.pk, automatic=True).exists():
            return AutoAlert(alert=None)
        recent = push_alerts_sent_in_last_hour(language)
        held = recent >= app_settings.auto_alerts_per_hour()
        alert = PushAlert.objects.create(
            title=page.title[:120],
            text=(page.lede or page.search_description or "")[:300],
            url=page.get_full_url() or page.url or "",
            language=language,
            topics=[f"section:{section.pk}"],
            replace_topic=f"story-{page.pk}",
            page_id=page.pk,
            automatic=True,
            state=PushAlert.State.HELD if held else PushAlert.State.QUEUED,
        )
    if held:
        logger.warning(
            "Automatic alert %s held: the %s edition had %s alerts in the last hour",
            alert.pk,
            language,
            recent,
        )
    else:
        transaction.on_commit(lambda: _fan_out_enqueue(alert.pk))
    return AutoAlert(alert=alert, held=held, sent_in_last_hour=recent)


def push_alerts_sent_in_last_hour(language: str) -> int:
    """Alerts of an edition created in the last hour and not held (the automatic alerts' cap)."""
    since = timezone.now() - datetime.timedelta(hours=1)
    return (
        PushAlert.objects.filter(language=language, created_at__gte=since)
        .exclude(state=PushAlert.State.HELD)
        .count()
    )


def push_alert_held_send(*, alert_id: int) -> bool:
    """An editor sends an alert the hourly cap held; False if it is no longer held."""
    updated = PushAlert.objects.filter(pk=alert_id, state=PushAlert.State.HELD).update(
        state=PushAlert.State.QUEUED, created_at=timezone.now()
    )
    if updated:
        transaction.on_commit(lambda: _fan_out_enqueue(alert_id))
    return bool(updated)


def _fan_out_enqueue(alert_id: int, run_after: datetime.datetime | None = None) -> None:
    """Enqueue the fan-out; a backend that cannot defer leaves it to `push_alerts_resume`."""
    from django_tasks.exceptions import InvalidTaskError

    from .tasks import push_alert_fan_out_task

    try:
        if run_after is None:
            push_alert_fan_out_task.enqueue(alert_id=alert_id)
        else:
            push_alert_fan_out_task.using(run_after=run_after).enqueue(alert_id=alert_id)
    except InvalidTaskError:
        logger.info("Alert %s resumes with the periodic push_alerts_resume_task", alert_id)
    except Exception:
        logger.exception("Could not enqueue the fan-out of alert %s; it will be resumed", alert_id)


def push_alerts_resume() -> int:
    """Enqueue the fan-out of every unfinished alert no worker holds (crashed or deferred).

    A worker killed mid-fan-out leaves its alert `sending` with a lease that runs out; this
    periodic job hands it to a new worker, which carries on from the delivery rows.
    """
    now = timezone.now()
    due = list(
        PushAlert.objects.exclude(state__in=(PushAlert.State.DONE, PushAlert.State.HELD))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(created_at__lt=now - datetime.timedelta(seconds=30))
        .values_list("pk", flat=True)
    )
    for alert_id in due:
        _fan_out_enqueue(alert_id)
    return len(due)


def push_alert_audience(alert: PushAlert) -> QuerySet[PushSubscription]:
    """Subscriptions of the alert's edition that follow at least one of its topics.

    A closed account's browsers get nothing from the moment it is closed; they come back with
    the account if it is restored within the grace period, and go with it when it is purged.
    """
    return (
        PushSubscription.objects.filter(language=alert.language)
        .filter(Q(member__isnull=True) | Q(member__is_active=True))
        .filter(
            Exists(PushTopic.objects.filter(subscription=OuterRef("pk"), name__in=alert.topics))
        )
    )


def click_token(delivery_id: int, keyed: Any = None) -> str:
    """The token that lets the service worker report a click on this delivery only.

    `keyed` is `salted_hmac("masthead.push.click", b"")` made once by the sender: a copy of it
    fed the id gives the same token without deriving the key again for every push.
    """
    if keyed is None:
        return salted_hmac("masthead.push.click", str(delivery_id)).hexdigest()[:20]
    mac = keyed.copy()
    mac.update(str(delivery_id).encode())
    return str(mac.hexdigest()[:20])


def push_delivery_click(*, delivery_id: int, token: str) -> bool:
    """Count the first click on a delivered notification; False for a bad token."""
    if not constant_time_compare(token, click_token(delivery_id)):
        return False
    updated = PushDelivery.objects.filter(pk=delivery_id, clicked_at__isnull=True).update(
        clicked_at=timezone.now()
    )
    if updated:
        alert_id = PushDelivery.objects.filter(pk=delivery_id).values_list("alert_id", flat=True)
        PushAlert.objects.filter(pk__in=alert_id).update(click_count=F("click_count") + 1)
    return True


def push_alert_counters_update(alert: PushAlert) -> PushAlert:
    """The report's numbers, computed from the delivery rows (so they survive any crash)."""
    counts = PushDelivery.objects.filter(alert=alert).aggregate(
        sent=Count("pk", filter=Q(attempts__gt=0)),
        accepted=Count("pk", filter=Q(state=Delivery.ACCEPTED)),
        failed=Count("pk", filter=Q(state=Delivery.FAILED)),
        expired=Count("pk", filter=Q(state=Delivery.EXPIRED)),
        uncertain=Count("pk", filter=Q(state=Delivery.UNCERTAIN)),
        clicks=Count("pk", filter=Q(clicked_at__isnull=False)),
    )
    alert.sent_count = counts["sent"]
    alert.accepted_count = counts["accepted"]
    alert.failed_count = counts["failed"]
    alert.expired_count = counts["expired"]
    alert.uncertain_count = counts["uncertain"]
    alert.click_count = counts["clicks"]
    alert.save(
        update_fields=[
            "sent_count",
            "accepted_count",
            "failed_count",
            "expired_count",
            "uncertain_count",
            "click_count",
        ]
    )
    return alert


PRUNE_BATCH = 5000


def push_deliveries_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the delivery rows of alerts finished longer ago than the retention; how many.

    An alert to the whole audience writes a row per subscription (100,000 rows for 100,000
    readers); kept forever they would outgrow everything else in the database. The alert keeps
    its report: its counters are brought up to date first (clicks until then included); a
    click on an older notification still opens the article, it is no longer counted. Deleted a
    batch at a time, so that SQLite's writers never wait long behind it.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=app_settings.delivery_retention_days()
    )
    deleted = 0
    finished = PushAlert.objects.filter(
        state=PushAlert.State.DONE, finished_at__lt=cutoff, deliveries__isnull=False
    ).distinct()
    for alert in finished:
        push_alert_counters_update(alert)
        while True:
            ids = list(
                PushDelivery.objects.filter(alert=alert).values_list("pk", flat=True)[:PRUNE_BATCH]
            )
            if not ids:
                break
            deleted += PushDelivery.objects.filter(pk__in=ids).delete()[0]
    return deleted


# The fan-out -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    subscription_id: int
    status: int  # 0: no answer (connection error, timeout)
    retry_after: float | None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - timezone.now()).total_seconds())


def backoff_seconds(attempts: int, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, RETRY_MAX_SECONDS)
    return min(RETRY_BASE_SECONDS * 2.0 ** max(0, attempts - 1), RETRY_MAX_SECONDS)


class _Bookkeeper:
    """Runs the fan-out's database work in order, in a thread of its own (its own connection).

    psycopg lets go of the GIL while it waits for PostgreSQL, so the sending thread encrypts
    and moves requests meanwhile. On SQLite, or when the caller holds a transaction open (a
    test, a management command inside `atomic`: another connection could not see its rows),
    the jobs run at once in the caller's thread, exactly as they would in order in the other
    (`_bookkeeping_threaded`).
    """

    def __init__(self, threaded: bool) -> None:
        self.executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-books") if threaded else None
        )
        # The first job's failure: every job after it fails with it, as after a crash.
        self.failure: BaseException | None = None

    def submit(self, job: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.executor is None:
            done: Future[Any] = Future()
            done.set_result(job(*args))
            return done
        return self.executor.submit(self._run, job, *args)

    def _run(self, job: Callable[..., Any], *args: Any) -> Any:
        if self.failure is not None:
            raise self.failure
        try:
            return job(*args)
        except BaseException as failure:
            self.failure = failure
            raise

    def close(self) -> None:
        """Skip what is queued (the fan-out has failed), close the thread's connection."""
        if self.executor is not None:
            self.failure = self.failure or RuntimeError("the fan-out has ended")
            # Looked up in the thread: `connection.close` here would be this thread's.
            self.executor.submit(lambda: connection.close())
            self.executor.shutdown(wait=True)
            self.executor = None


def _bookkeeping_threaded() -> bool:
    """A thread where the database is another process (its waits let go of the GIL); SQLite
    works in this process, and a thread would only take turns with the sender for the GIL
    (measured: 3,800 pushes a second inline, 3,400 threaded). Never inside a transaction."""
    return connection.vendor != "sqlite" and not connection.in_atomic_block


def _bookkeeper() -> _Bookkeeper:
    return _Bookkeeper(threaded=_bookkeeping_threaded())


class _Due(NamedTuple):
    """One delivery to send now, read as plain values (no model instances: 100k of them)."""

    delivery_id: int
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    vapid_key_id: int | None
    failures: int  # the subscription's failures in a row before this push
    attempts: int


class _Chunk:
    """Deliveries claimed together, and the outcomes of those whose request has ended."""

    def __init__(self, dues: list[_Due]) -> None:
        self.dues = dues
        self.outcomes: list[Outcome] = []

    def complete(self) -> bool:
        return len(self.outcomes) == len(self.dues)


class _Transfer:
    """One reusable libcurl easy handle and what its current transfer has read."""

    def __init__(self, curl: Any) -> None:
        self.curl = curl
        self.due: _Due | None = None
        self.owner: _Chunk | None = None
        self.retry_after: str | None = None

    def body_discard(self, data: bytes) -> None:
        """A push service's answer body says nothing the status and headers do not."""

    def header_read(self, line: bytes) -> None:
        if line[:12].lower() == b"retry-after:":
            self.retry_after = line[12:].decode("latin-1").strip()


class _Sender:
    """Sends an alert's due deliveries in chunks over one pool of HTTP connections.

    The database work (claiming, recording) is plain Django in this thread. The requests go
    out through libcurl's multi interface (pycurl): up to `concurrency` transfers at once, over
    connections kept alive across chunks (HTTP/2 multiplexed where the push service speaks it),
    with libcurl doing the I/O in C. aiohttp cost about 250 µs of this thread's CPU a request
    against about 65 µs here, and this thread also encrypts every payload. Each payload is
    encrypted just before its transfer is added (`encryption.payload_encrypt`), so nothing but a
    chunk is in memory.
    """

    def __init__(self, alert: PushAlert) -> None:
        import pycurl

        self.pycurl = pycurl
        self.alert = alert
        self.concurrency = max(1, app_settings.concurrency())
        self.chunk_size = app_settings.chunk_size()
        self.signer = VapidSigner()
        self.keys: dict[int, VapidKeyPair] = {}
        self.fallback_key: VapidKeyPair | None = None
        self.base_url = str(getattr(settings, "MASTHEAD_BASE_URL", "")).rstrip("/")
        self.timeout = app_settings.timeout_seconds()
        self.max_attempts = app_settings.max_attempts()
        # Every notification links to the settings page of its edition, where the reader
        # unfollows or turns notifications off in one click.
        with translation.override(alert.language):
            self.settings_url = self.base_url + reverse("push_settings")
            self.settings_label = translation.gettext("Notification settings")
        # The click address of each delivery: reverse() once, with placeholders filled per push.
        self.click_template = self.base_url + reverse(
            "push_click", args=[CLICK_ID_SLOT, CLICK_TOKEN_SLOT]
        )
        self.click_keyed = salted_hmac("masthead.push.click", b"")
        self.headers = [
            f"TTL: {alert.ttl_seconds}",
            f"Urgency: {alert.urgency}",
            "Content-Encoding: aes128gcm",
            "Content-Type: application/octet-stream",
            # libcurl would wait a second for "100 Continue" before a body over 1 kB.
            "Expect:",
        ]
        # Every push carries a Topic (RFC 8030 5.4): a push sent again after an interruption
        # replaces its first copy while the push service still holds it, and the service
        # worker shows one alert once whatever reaches it (its tag, `alert-<id>`).
        self.headers.append(f"Topic: {alert_topic(alert)}")
        self.ca_bundle = app_settings.ca_bundle()
        self.multi = pycurl.CurlMulti()
        self.multi.setopt(pycurl.M_MAX_TOTAL_CONNECTIONS, self.concurrency)
        # libcurl's socket interface: it names the sockets to watch and when to wake it, and
        # each event moves only the transfer of that socket. `perform()` visits every transfer
        # (a poll of each socket) on every call: about 100 µs a push with 64 in flight.
        self.poller = select.epoll()
        # libcurl's POLL_* wishes as epoll events (pycurl is imported here, not at start-up:
        # every web process imports this module).
        self.epoll_events = {
            pycurl.POLL_NONE: 0,
            pycurl.POLL_IN: select.EPOLLIN,
            pycurl.POLL_OUT: select.EPOLLOUT,
            pycurl.POLL_INOUT: select.EPOLLIN | select.EPOLLOUT,
        }
        self.watched: dict[int, int] = {}  # socket -> the epoll events asked for
        self.timer_at: float | None = None  # when libcurl wants `socket_action` to time out
        self.multi.setopt(pycurl.M_SOCKETFUNCTION, self._socket_watch)
        self.multi.setopt(pycurl.M_TIMERFUNCTION, self._timer_set)
        self.idle: list[_Transfer] = []
        self.in_flight: dict[int, _Transfer] = {}
        self.due_at = timezone.now()
        # The bookkeeping thread's state: the first ids of the chunks handed over and not yet
        # recorded, and the window's first id.
        self.unrecorded: deque[int] = deque()
        self.window_first: int | None = None
        self.books = _bookkeeper()

    def close(self) -> None:
        self.books.close()
        for transfer in self.idle:
            transfer.curl.close()
        self.idle.clear()
        self.multi.close()
        self.poller.close()

    def _socket_watch(self, what: int, socket: int, _multi: Any, _data: Any) -> None:
        """libcurl's socket callback: watch `socket` for what its transfer waits for."""
        pycurl = self.pycurl
        if what == pycurl.POLL_REMOVE:
            if self.watched.pop(socket, None) is not None:
                self.poller.unregister(socket)
            return
        events = self.epoll_events[what]
        if socket not in self.watched:
            self.poller.register(socket, events)
        elif self.watched[socket] != events:
            self.poller.modify(socket, events)
        self.watched[socket] = events

    def _timer_set(self, timeout_ms: int) -> None:
        """libcurl's timer callback: when it wants to act without a socket event (-1: never)."""
        self.timer_at = None if timeout_ms < 0 else time.monotonic() + timeout_ms / 1000

    def payload(self, delivery_id: int) -> bytes:
        alert = self.alert
        click = self.click_template.replace(CLICK_ID_SLOT, str(delivery_id)).replace(
            CLICK_TOKEN_SLOT, click_token(delivery_id, self.click_keyed)
        )
        return json.dumps(
            {
                "title": alert.title,
                "body": alert.text,
                "image": alert.image_url,
                "url": alert.url,
                "tag": f"alert-{alert.pk}",
                "click": click,
                "settings": self.settings_url,
                "settingsLabel": self.settings_label,
            },
            separators=(",", ":"),
        ).encode()

    def _key(self, due: _Due) -> VapidKeyPair:
        if due.vapid_key_id is None:
            assert self.fallback_key is not None
            return self.fallback_key
        return self.keys[due.vapid_key_id]

    def _transfer(self) -> _Transfer:
        """A reusable easy handle: the options that never change are set once."""
        if self.idle:
            return self.idle.pop()
        pycurl = self.pycurl
        curl = pycurl.Curl()
        transfer = _Transfer(curl)
        curl.setopt(pycurl.POST, 1)
        curl.setopt(pycurl.WRITEFUNCTION, transfer.body_discard)
        curl.setopt(pycurl.HEADERFUNCTION, transfer.header_read)
        curl.setopt(pycurl.TIMEOUT_MS, int(self.timeout * 1000))
        curl.setopt(pycurl.CONNECTTIMEOUT_MS, int(min(self.timeout, 5.0) * 1000))
        curl.setopt(pycurl.NOSIGNAL, 1)
        # No proxy from the environment: a push goes straight to the push service.
        curl.setopt(pycurl.PROXY, "")
        curl.setopt(pycurl.FOLLOWLOCATION, 0)
        curl.setopt(pycurl.PROTOCOLS, pycurl.PROTO_HTTPS | pycurl.PROTO_HTTP)
        # The wheel's libcurl was built on another system: name the CA list it verifies with.
        curl.setopt(pycurl.CAINFO, self.ca_bundle)
        curl.setopt(pycurl.PIPEWAIT, 1)
        return transfer

    def _start(self, due: _Due, owner: _Chunk) -> None:
        transfer = self._transfer()
        transfer.due = due
        transfer.owner = owner
        transfer.retry_after = None
        body = payload_encrypt(self.payload(due.delivery_id), p256dh=due.p256dh, auth=due.auth)
        curl = transfer.curl
        curl.setopt(self.pycurl.URL, due.endpoint)
        curl.setopt(self.pycurl.POSTFIELDS, body)
        curl.setopt(
            self.pycurl.HTTPHEADER,
            [
                *self.headers,
                "Authorization: " + self.signer.authorization(self._key(due), due.endpoint),
            ],
        )
        self.multi.add_handle(curl)
        self.in_flight[id(curl)] = transfer

    def _finish(self, curl: Any, error: str | None) -> None:
        """The transfer has ended: its outcome goes to its chunk, its handle back to the pool."""
        transfer = self.in_flight.pop(id(curl))
        self.multi.remove_handle(curl)
        due = transfer.due
        assert due is not None
        if error is None:
            status = int(curl.getinfo(self.pycurl.RESPONSE_CODE))
        else:
            logger.info("Push to %s failed: %s", urlsplit(due.endpoint).netloc, error)
            status = 0
        self.idle.append(transfer)
        assert transfer.owner is not None
        transfer.owner.outcomes.append(
            Outcome(
                due.delivery_id,
                due.subscription_id,
                status,
                retry_after_seconds(transfer.retry_after),
            )
        )

    def _pump(self, wait: float) -> None:
        """Move the transfers whose sockets are ready, waiting up to `wait` seconds for one;
        the outcomes of those that ended go to their chunks."""
        pycurl, multi = self.pycurl, self.multi
        if self.timer_at is not None:
            wait = min(wait, max(0.0, self.timer_at - time.monotonic()))
        for socket, events in self.poller.poll(wait):
            flags = 0
            if events & select.EPOLLIN:
                flags |= pycurl.CSELECT_IN
            if events & select.EPOLLOUT:
                flags |= pycurl.CSELECT_OUT
            if events & (select.EPOLLERR | select.EPOLLHUP):
                flags |= pycurl.CSELECT_ERR
            multi.socket_action(socket, flags)
        if self.timer_at is not None and self.timer_at <= time.monotonic():
            self.timer_at = None
            multi.socket_action(pycurl.SOCKET_TIMEOUT, 0)
        while True:
            queued, done, failed = multi.info_read()
            for curl in done:
                self._finish(curl, None)
            for curl, _code, message in failed:
                self._finish(curl, message or "transfer failed")
            if not queued:
                return

    def _keys_load(self, chunk: list[_Due]) -> None:
        """The chunk's VAPID keys, read with the chunk (never one query a push)."""
        wanted = {due.vapid_key_id for due in chunk} - {None} - set(self.keys)
        if wanted:
            self.keys.update(VapidKeyPair.objects.in_bulk(wanted))
        if self.fallback_key is None and any(due.vapid_key_id is None for due in chunk):
            self.fallback_key = vapid_key_current()

    def _read(self, after_id: int) -> list[_Due]:
        """The next chunk: the first `chunk_size` rows due at the pass's time after `after_id`."""
        rows = list(
            _due(self.alert.pk, self.due_at)
            .filter(pk__gt=after_id)
            .order_by("pk")
            .values_list(
                "pk",
                "subscription_id",
                "subscription__endpoint",
                "subscription__p256dh",
                "subscription__auth",
                "subscription__vapid_key_id",
                "subscription__failure_count",
                "attempts",
            )[: self.chunk_size]
        )
        chunk = [_Due(*row[:-1], row[-1] + 1) for row in rows]
        self._keys_load(chunk)
        return chunk

    def _chunk_next(self, after_id: int, refill: Callable[[], bool] | None) -> list[_Due]:
        """The next chunk after `after_id`, written into the window before it is handed over.

        Runs in the bookkeeping thread. When the due rows run out, `refill` claims the next
        batch of the audience (True if it did). The window on the alert (`chunk_first_id` to
        `chunk_last_id`) covers every row handed to the sender and not yet recorded: its
        pending rows due at the pass's time are exactly those, because a pass hands rows over
        in id order and reads them all with that one time. A worker killed at any point
        leaves them to be sent again (`_chunk_in_flight_resend`).
        """
        chunk = self._read(after_id)
        while not chunk and refill is not None and refill():
            chunk = self._read(after_id)
        if chunk:
            if not self.unrecorded:
                self.window_first = chunk[0].delivery_id
            self.unrecorded.append(chunk[0].delivery_id)
            PushAlert.objects.filter(pk=self.alert.pk).update(
                chunk_first_id=self.window_first,
                chunk_last_id=chunk[-1].delivery_id,
                chunk_due_at=self.due_at,
                lease_until=_lease_end(),
            )
        return chunk

    def _chunk_record(self, chunk: _Chunk) -> None:
        """Write a chunk's outcomes (the bookkeeping thread), then call the test hook."""
        self.unrecorded.popleft()
        self.window_first = self.unrecorded[0] if self.unrecorded else None
        self.record(chunk.dues, chunk.outcomes)
        fan_out_chunk_sent(self.alert.pk)

    def send_due(self, *, refill: Callable[[], bool] | None = None) -> int:
        """Send the alert's due pending deliveries, a chunk at a time; how many were sent.

        One pass, one due time, in id order. This thread encrypts and moves the requests; the
        database work (reading the next chunk, claiming more of the audience, recording a
        chunk's outcomes) runs in order in the bookkeeping thread (`self.books`) while the
        requests travel, so neither the push service nor this thread waits for a database
        round trip: on PostgreSQL those waits were a fifth of the fan-out's time. `refill`
        claims more of the audience when the due rows run out (True if it did). The pass goes
        on past its rows, never back to the start: on PostgreSQL the index holds an entry for
        the `pending` version of every row sent until vacuum, and a scan from the start would
        walk them all.
        """
        self.due_at = timezone.now()
        self.window_first = None
        self.unrecorded.clear()
        sent = 0
        last_id = 0
        exhausted = False
        next_chunk: Future[list[_Due]] | None = None
        records: deque[Future[None]] = deque()
        read: deque[_Chunk] = deque()  # handed over, not recorded, oldest first
        waiting: deque[tuple[_Due, _Chunk]] = deque()  # handed over, not started
        while True:
            while waiting and len(self.in_flight) < self.concurrency:
                due, owner = waiting.popleft()
                self._start(due, owner)
            if next_chunk is None and not exhausted and len(read) < 2:
                next_chunk = self.books.submit(self._chunk_next, last_id, refill)
            if next_chunk is not None and (next_chunk.done() or not self.in_flight):
                dues = next_chunk.result()
                next_chunk = None
                if not dues:
                    exhausted = True
                else:
                    last_id = dues[-1].delivery_id
                    owner = _Chunk(dues)
                    read.append(owner)
                    waiting.extend((due, owner) for due in dues)
                    continue
            if not self.in_flight and not waiting and not read:
                for record in records:
                    record.result()
                return sent
            # Wait for the network only when there is nothing to start.
            idle = not waiting or len(self.in_flight) >= self.concurrency
            self._pump(0.05 if idle else 0.0)
            while read and read[0].complete():
                done = read.popleft()
                records.append(self.books.submit(self._chunk_record, done))
                sent += len(done.dues)
            while records and records[0].done():
                records.popleft().result()  # a failed write stops the fan-out here

    def record(self, chunk: list[_Due], outcomes: list[Outcome]) -> None:
        attempts = {due.delivery_id: due.attempts for due in chunk}
        had_failed = {due.subscription_id for due in chunk if due.failures}
        now = timezone.now()
        final: dict[tuple[str, int], list[int]] = defaultdict(list)
        retry: dict[tuple[int, datetime.datetime], list[int]] = defaultdict(list)
        accepted_subscriptions, expired_subscriptions, failed_subscriptions = [], [], []
        for outcome in outcomes:
            status = outcome.status
            if 200 <= status < 300:
                final[(Delivery.ACCEPTED, status)].append(outcome.delivery_id)
                if outcome.subscription_id in had_failed:
                    accepted_subscriptions.append(outcome.subscription_id)
            elif status in (404, 410):
                final[(Delivery.EXPIRED, status)].append(outcome.delivery_id)
                expired_subscriptions.append(outcome.subscription_id)
            elif (status in (0, 429) or status >= 500) and attempts[
                outcome.delivery_id
            ] < self.max_attempts:
                wait = backoff_seconds(attempts[outcome.delivery_id], outcome.retry_after)
                when = now + datetime.timedelta(seconds=wait)
                retry[(status, when)].append(outcome.delivery_id)
            else:
                final[(Delivery.FAILED, status)].append(outcome.delivery_id)
                failed_subscriptions.append(outcome.subscription_id)
        # The commonest outcome (201 from the push service, for nearly every row) is written
        # last, to the chunk's rows still due, by id range; the others by their ids.
        common = max(final, key=lambda key: len(final[key])) if final else None
        attempted = F("attempts") + 1
        with transaction.atomic():
            for (state, status), ids in final.items():
                if (state, status) != common:
                    PushDelivery.objects.filter(pk__in=ids).update(
                        state=state,
                        status_code=status or None,
                        next_attempt_at=None,
                        attempts=attempted,
                    )
            for (status, when), ids in retry.items():
                # Still pending, due later than the chunk: out of the range update below.
                PushDelivery.objects.filter(pk__in=ids).update(
                    status_code=status or None, next_attempt_at=when, attempts=attempted
                )
            if common is not None:
                _due(self.alert.pk, self.due_at).filter(
                    pk__gte=chunk[0].delivery_id, pk__lte=chunk[-1].delivery_id
                ).update(
                    state=common[0],
                    status_code=common[1] or None,
                    next_attempt_at=None,
                    attempts=attempted,
                )
            if accepted_subscriptions:
                # Only the few that had failed before (read with the chunk): a write to every
                # subscription cost more than the rest of the chunk's database work.
                PushSubscription.objects.filter(pk__in=accepted_subscriptions).update(
                    failure_count=0
                )
            if failed_subscriptions:
                PushSubscription.objects.filter(pk__in=failed_subscriptions).update(
                    failure_count=F("failure_count") + 1
                )
            if expired_subscriptions:
                PushSubscription.objects.filter(pk__in=expired_subscriptions).delete()
            # The chunk has landed: the window starts at the next chunk handed over, if any;
            # and the heartbeat, in the same commit (on SQLite each commit is a disk flush).
            if self.window_first is None:
                window: dict[str, Any] = {
                    "chunk_first_id": None,
                    "chunk_last_id": None,
                    "chunk_due_at": None,
                }
            else:
                window = {"chunk_first_id": self.window_first}
            PushAlert.objects.filter(pk=self.alert.pk).update(**window, lease_until=_lease_end())
        push_sent_count(statuses=[outcome.status for outcome in outcomes])
        for (state, _status), ids in final.items():
            push_deliveries_count(outcome=str(state), count=len(ids))


def _due(alert_id: int, now: datetime.datetime) -> QuerySet[PushDelivery]:
    """The alert's deliveries to send at `now`: pending, not waiting for a retry."""
    return (
        PushDelivery.objects.filter(alert_id=alert_id, state=Delivery.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(subscription=None)
    )


def _chunk_in_flight_resend(alert: PushAlert) -> int:
    """The chunks a dead worker had handed to its sender: sent again, counted on the alert.

    Some of those pushes reached their push service before the worker died and some did not;
    nothing tells which. Sending them all again delivers every push, and the copy a browser
    may get twice is not shown twice: each push carries the alert's Topic (the push service
    replaces a copy it still holds) and the service worker shows an alert's tag once.
    """
    with transaction.atomic():
        # Rows marked one by one before the chunk was claimed by a range (older releases).
        resent = PushDelivery.objects.filter(alert=alert, state=Delivery.SENDING).update(
            state=Delivery.PENDING, attempts=F("attempts") + 1
        )
        if alert.chunk_first_id is not None and alert.chunk_due_at is not None:
            resent += (
                _due(alert.pk, alert.chunk_due_at)
                .filter(pk__gte=alert.chunk_first_id, pk__lte=alert.chunk_last_id)
                .update(attempts=F("attempts") + 1)
            )
        alert.chunk_first_id = alert.chunk_last_id = alert.chunk_due_at = None
        alert.resent_count += resent
        PushAlert.objects.filter(pk=alert.pk).update(
            chunk_first_id=None,
            chunk_last_id=None,
            chunk_due_at=None,
            resent_count=F("resent_count") + resent,
        )
    return resent


def fan_out_chunk_sent(alert_id: int) -> None:
    """Called after each chunk's outcomes are recorded; tests replace it to simulate a crash."""


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=app_settings.lease_seconds())


def _alert_claim(alert_id: int) -> PushAlert | None:
    """Take the alert for this worker unless another one holds a live lease or it is done."""
    now = timezone.now()
    claimed = (
        PushAlert.objects.filter(pk=alert_id)
        .exclude(state__in=(PushAlert.State.DONE, PushAlert.State.HELD))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(state=PushAlert.State.SENDING, lease_until=_lease_end())
    )
    if not claimed:
        return None
    alert = PushAlert.objects.get(pk=alert_id)
    if alert.started_at is None:
        alert.started_at = now
        alert.save(update_fields=["started_at"])
    return alert


def _deliveries_claim(alert_id: int, subscription_ids: list[int]) -> None:
    """One pending delivery per subscription, skipping those that exist (a resumed fan-out).

    `bulk_create` built a model instance and compiled seven fields for each row: a third of
    the fan-out's time at 100,000 subscriptions. This is the same INSERT of the four columns
    that matter (ON CONFLICT DO NOTHING on both stacks): on SQLite with executemany, which stays
    in the process; on PostgreSQL as one INSERT … SELECT over the array of ids.
    """
    meta = PushDelivery._meta
    columns = [
        str(meta.get_field(name).column)  # type: ignore[union-attr]  # concrete fields
        for name in ("alert", "subscription", "state", "attempts")
    ]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
        f"({', '.join(connection.ops.quote_name(column) for column in columns)}) "
        "VALUES (%s, %s, %s, 0) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the batch: executemany is a round of the protocol a row.
            cursor.execute(
                sql.replace("VALUES (%s, %s, %s, 0)", "SELECT %s, unnest(%s::bigint[]), %s, 0"),
                (alert_id, subscription_ids, Delivery.PENDING),
            )
        else:
            cursor.executemany(sql, [(alert_id, pk, Delivery.PENDING) for pk in subscription_ids])


def push_alert_fan_out(*, alert_id: int) -> PushAlert:
    """Deliver the alert to its whole audience; safe to run again after a crash (see module)."""
    alert = _alert_claim(alert_id)
    if alert is None:
        return PushAlert.objects.get(pk=alert_id)
    _chunk_in_flight_resend(alert)
    sender = _Sender(alert)
    batch = app_settings.batch_size()
    audience = push_alert_audience(alert)

    def audience_claim() -> bool:
        """The next batch of the audience, claimed (one delivery row each); False at its end."""
        ids = list(
            audience.filter(pk__gt=alert.cursor).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return False
        with transaction.atomic():
            _deliveries_claim(alert.pk, ids)
            alert.cursor = ids[-1]
            PushAlert.objects.filter(pk=alert.pk).update(cursor=alert.cursor)
        return True

    try:
        # The first pass: pending rows a dead worker left, then the audience a batch at a time.
        sender.send_due(refill=audience_claim)
        while True:
            sender.send_due()
            earliest = (
                PushDelivery.objects.filter(alert=alert, state=Delivery.PENDING)
                .order_by("next_attempt_at")
                .values_list("next_attempt_at", flat=True)
                .first()
            )
            if (
                earliest is None
                and not PushDelivery.objects.filter(alert=alert, state=Delivery.PENDING).exists()
            ):
                break
            wait = (earliest - timezone.now()).total_seconds() if earliest else 0.0
            if wait > app_settings.max_wait_seconds():
                alert.lease_until = None
                PushAlert.objects.filter(pk=alert.pk).update(lease_until=None)
                push_alert_counters_update(alert)
                assert earliest is not None
                transaction.on_commit(functools.partial(_fan_out_enqueue, alert.pk, earliest))
                return alert
            if wait > 0:
                time.sleep(wait)
    finally:
        sender.close()
    alert.state = PushAlert.State.DONE
    alert.finished_at = timezone.now()
    alert.lease_until = None
    alert.save(update_fields=["state", "finished_at", "lease_until"])
    return push_alert_counters_update(alert)
