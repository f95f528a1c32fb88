"""Push settings with their defaults, read lazily (never at import).

`MASTHEAD_PUSH_CONTACT` (the VAPID `sub` claim: a mailto: or https: URL the push services
can reach the operator at), `MASTHEAD_PUSH_BATCH_SIZE` (subscriptions read and claimed per
database round trip, 1024), `MASTHEAD_PUSH_CONCURRENCY` (requests in flight at once, and
deliveries claimed ahead of them: at most that many are never sent after a crash, 64),
`MASTHEAD_PUSH_CHUNK_SIZE` (deliveries read and recorded together, 256),
`MASTHEAD_PUSH_CA_BUNDLE` (the certificate authorities of push services, certifi's list),
`MASTHEAD_PUSH_MAX_ATTEMPTS` (tries per push before it counts as failed, 5),
`MASTHEAD_PUSH_DELIVERY_RETENTION_DAYS` (a finished alert's delivery rows are kept, 30),
`MASTHEAD_PUSH_TIMEOUT_SECONDS` (one request, 10), `MASTHEAD_PUSH_MAX_WAIT_SECONDS` (the
longest a fan-out sleeps for a Retry-After before handing over to a later task, 60),
`MASTHEAD_PUSH_LEASE_SECONDS` (how long a worker holds an alert without a heartbeat, 120),
`MASTHEAD_PUSH_ALLOW_HTTP_ENDPOINTS` (plain-HTTP endpoints on 127.0.0.1, for the tests'
push-service double and DEBUG; never in production), `MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR`
(the most alerts an edition may have had in the last hour for a section's automatic alert to
go out, 3; over it the alert is held for an editor) and `MASTHEAD_PUSH_PROMPT_DELAY_SECONDS`
/ `MASTHEAD_PUSH_REFUSE_DAYS` (the reader's prompt).
"""

from __future__ import annotations

from django.conf import settings


def contact() -> str:
    return str(getattr(settings, "MASTHEAD_PUSH_CONTACT", "") or "mailto:webmaster@localhost")


def batch_size() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_BATCH_SIZE", 1024))


def concurrency() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_CONCURRENCY", 64))


def ca_bundle() -> str:
    """The certificate authorities a push service's certificate must chain to.

    Mozilla's list from certifi by default (the libcurl inside pycurl's wheel was built on
    another system and looks for its list where Debian keeps none); an operator whose push
    traffic goes through an inspecting proxy names its own file.
    """
    configured = str(getattr(settings, "MASTHEAD_PUSH_CA_BUNDLE", "") or "")
    if configured:
        return configured
    import certifi

    return str(certifi.where())


def chunk_size() -> int:
    """Deliveries read and recorded together; at least `concurrency`.

    The database work of a chunk is a few statements whatever its size, so a bigger chunk
    costs less a push (32: 1,200 pushes a second here; 256: 2,500 and more). At most two
    chunks are in flight, and a worker killed mid-chunk leaves those to be sent again (each
    reader still sees the alert once: Topic and tag).
    """
    return max(concurrency(), int(getattr(settings, "MASTHEAD_PUSH_CHUNK_SIZE", 256)))


def delivery_retention_days() -> int:
    """How long a finished alert keeps its delivery rows (its report's counters stay)."""
    return int(getattr(settings, "MASTHEAD_PUSH_DELIVERY_RETENTION_DAYS", 30))


def max_attempts() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_MAX_ATTEMPTS", 5))


def timeout_seconds() -> float:
    return float(getattr(settings, "MASTHEAD_PUSH_TIMEOUT_SECONDS", 10))


def max_wait_seconds() -> float:
    return float(getattr(settings, "MASTHEAD_PUSH_MAX_WAIT_SECONDS", 60))


def lease_seconds() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_LEASE_SECONDS", 120))


def allow_http_endpoints() -> bool:
    return bool(getattr(settings, "MASTHEAD_PUSH_ALLOW_HTTP_ENDPOINTS", settings.DEBUG))


def prompt_delay_seconds() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_PROMPT_DELAY_SECONDS", 20))


def refuse_days() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_REFUSE_DAYS", 30))


def auto_alerts_per_hour() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR", 3))
