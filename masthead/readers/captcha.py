"""The self-hosted captcha: ALTCHA proof-of-work, and when log-in starts asking for it.

Why proof-of-work: no third-party service sees our readers, no puzzle to read or hear. The
browser spends about a second of computation (`static/js/captcha.js`), a script that wants to
try thousands of passwords or open thousands of accounts spends that second every time.

The algorithm is ALTCHA's PoW v2 (PyPI `altcha`): PBKDF2/SHA-256 over a random nonce followed
by a 32-bit counter. Challenges are made in deterministic mode: the server picks the counter
(between `WORK` and `2 × WORK`), so the solver must try about that many derivations, and the
answer is checked with one HMAC instead of a derivation. Both HMAC keys are derived from
SECRET_KEY. A solution is good once: used challenges are remembered in the cache (shared by
every process when Redis is configured) until they expire.

Entry points: `captcha_challenge_create` (the JSON the widget fetches, views/security.py),
`captcha_solution_verify` (forms/security.py), `login_failure_record` (the account adapter)
and `login_needs_captcha` (the log-in form). Tuning lives in settings (`MASTHEAD_CAPTCHA_*`,
`MASTHEAD_LOGIN_FAILURES_BEFORE_CAPTCHA`), read lazily like allauth's app settings.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import secrets
import time
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

ALGORITHM = "PBKDF2/SHA-256"
USED_KEY_PREFIX = "readers:captcha:used"
FAILURES_KEY_PREFIX = "readers:login-failures"
MAX_PAYLOAD_LENGTH = 4096


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def captcha_cost() -> int:
    """PBKDF2 iterations per attempt: one attempt takes about a millisecond in a browser."""
    return _setting("MASTHEAD_CAPTCHA_COST", 1000)


def captcha_work() -> int:
    """The least number of attempts a solver makes; on average 1.5 times as many."""
    return _setting("MASTHEAD_CAPTCHA_WORK", 2500)


def captcha_lifetime_seconds() -> int:
    """How long a challenge may be solved and sent, and so how long a used one is kept."""
    return _setting("MASTHEAD_CAPTCHA_EXPIRY_SECONDS", 600)


def login_failures_before_captcha() -> int:
    """Failed log-ins (for one address, or from one IP) after which log-in asks for the check."""
    return _setting("MASTHEAD_LOGIN_FAILURES_BEFORE_CAPTCHA", 3)


def login_failure_window_seconds() -> int:
    """How long failed log-ins are remembered, counted from the first one."""
    return _setting("MASTHEAD_LOGIN_FAILURE_WINDOW_SECONDS", 3600)


def _hmac_secret(purpose: str) -> str:
    """A key for one purpose, derived from SECRET_KEY (rotating the secret rotates it)."""
    return salted_hmac("masthead.readers.captcha", purpose, algorithm="sha256").hexdigest()


def captcha_challenge_create() -> dict[str, Any]:
    """A fresh signed challenge, as the JSON the widget solves and sends back."""
    work = captcha_work()
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        seconds=captcha_lifetime_seconds()
    )
    challenge = altcha.create_challenge(
        algorithm=ALGORITHM,
        cost=captcha_cost(),
        counter=work + secrets.randbelow(work + 1),
        expires_at=expires_at,
        hmac_secret=_hmac_secret("challenge"),
        hmac_key_secret=_hmac_secret("derived-key"),
    )
    return challenge.to_dict()


def _invalid() -> ValidationError:
    return ValidationError(
        _("The anti-robot check failed. It has started again: send the form once it is done."),
        code="captcha_invalid",
    )


def captcha_solution_verify(payload: str) -> None:
    """Accept a solved challenge once; raise a coded ValidationError for anything else.

    The codes: `captcha_missing` (nothing sent: the script did not run), `captcha_invalid`
    (tampered, wrong or unreadable), `captcha_expired` and `captcha_replayed`.
    """
    if not payload:
        raise ValidationError(
            _(
                "The anti-robot check did not run. It needs JavaScript: turn it on for this "
                "site, wait until the check says it is done, then send the form again."
            ),
            code="captcha_missing",
        )
    if len(payload) > MAX_PAYLOAD_LENGTH:  # a real one is under a kilobyte: do not parse more
        raise _invalid()
    result = altcha.verify_solution(
        payload,
        _hmac_secret("challenge"),
        hmac_key_secret=_hmac_secret("derived-key"),
    )
    if result.expired:
        raise ValidationError(
            _("The anti-robot check expired. It has started again: send the form once it is done."),
            code="captcha_expired",
        )
    if not result.verified:
        raise _invalid()
    challenge = altcha.Payload.from_base64(payload).challenge
    remaining = int((challenge.parameters.expires_at or 0) - time.time()) + 1
    # cache.add is atomic (SET NX on Redis, a file lock on the embedded default, see
    # core/file_cache.py): of requests carrying one solution together, exactly one wins.
    used_key = f"{USED_KEY_PREFIX}:{challenge.signature}"
    if not cache.add(used_key, 1, timeout=max(1, remaining)):
        raise ValidationError(
            _(
                "This anti-robot check was already used. It has started again: send the form "
                "once it is done."
            ),
            code="captcha_replayed",
        )


def _email_key(email: str) -> str:
    """Cache key for an address: hashed, so the cache holds no e-mail addresses."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"{FAILURES_KEY_PREFIX}:email:{digest}"


def _ip_key(request: HttpRequest) -> str | None:
    """Cache key for the client's address as allauth sees it (proxies: ALLAUTH_TRUSTED_*).

    An IPv6 client is counted by its /64 network, as allauth's rate limits do: one host
    usually holds a whole /64 and could otherwise change address at every attempt.
    """
    from allauth.account.adapter import get_adapter

    try:
        ip = ipaddress.ip_address(get_adapter(request).get_client_ip(request))
    except (PermissionDenied, ValueError):  # no usable address: only the e-mail counts
        return None
    if ip.version == 6:
        ip = ipaddress.ip_network(f"{ip}/64", strict=False).network_address
    return f"{FAILURES_KEY_PREFIX}:ip:{ip}"


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _increment(key: str) -> None:
    cache.add(key, 0, timeout=login_failure_window_seconds())
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.set(key, 1, timeout=login_failure_window_seconds())


def login_failure_record(request: HttpRequest, *, email: str | None) -> None:
    """Count a failed log-in for the address tried and for the client's IP address.

    Unknown and known addresses count alike, so whether the check appears reveals nothing.
    """
    if email:
        _increment(_email_key(email))
    ip_key = _ip_key(request)
    if ip_key:
        _increment(ip_key)


def login_needs_captcha(request: HttpRequest, *, email: str | None) -> bool:
    """True after repeated failures for this address or from this IP address."""
    threshold = login_failures_before_captcha()
    ip_key = _ip_key(request)
    if ip_key and _count(ip_key) >= threshold:
        return True
    return bool(email) and _count(_email_key(email or "")) >= threshold
