"""Push settings with their defaults, read lazily (never at import).

`MASTHEAD_PUSH_CONTACT` (the VAPID `sub` claim: a mailto: or https: URL the push services
can reach the operator at), `MASTHEAD_PUSH_BATCH_SIZE` (subscriptions read and claimed per
database round trip, 500), `MASTHEAD_PUSH_CONCURRENCY` (requests in flight at once, 32),
`MASTHEAD_PUSH_MAX_ATTEMPTS` (tries per push before it counts as failed, 5),
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
    return int(getattr(settings, "MASTHEAD_PUSH_BATCH_SIZE", 500))


def concurrency() -> int:
    return int(getattr(settings, "MASTHEAD_PUSH_CONCURRENCY", 32))


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
