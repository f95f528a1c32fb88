"""The push-service double itself: it takes what a push service takes and refuses the rest."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
from py_vapid import Vapid02
from pywebpush import WebPusher

from .push_service import PushServiceDouble, VapidError, vapid_verify


def signed_headers(vapid: Vapid02, claims: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": vapid.sign(claims)["Authorization"]}


def push(
    double: PushServiceDouble, subscription: dict[str, str], payload: dict[str, Any], **claims: Any
) -> int:
    vapid = Vapid02(conf={"no-strict": True})  # lets a test send a malformed `sub`
    vapid.generate_keys()
    claims = {"aud": double.origin, "exp": int(time.time()) + 3600, "sub": "mailto:a@b.c"} | claims
    info = {"endpoint": subscription["endpoint"], "keys": subscription}
    body = WebPusher(info).encode(json.dumps(payload).encode(), "aes128gcm")["body"]
    headers = signed_headers(vapid, claims) | {
        "TTL": "60",
        "Content-Encoding": "aes128gcm",
        "Urgency": "high",
        "Topic": "story-1",
    }
    return requests.post(
        subscription["endpoint"], data=body, headers=headers, timeout=5
    ).status_code


def test_a_valid_push_is_decrypted_as_the_browser_would(push_service):
    """Given a subscription, when a signed, encrypted push arrives, then its payload is recorded."""
    subscription = push_service.subscribe()
    assert push(push_service, subscription, {"title": "Harbour closes"}) == 201
    (received,) = push_service.received_by(subscription["endpoint"])
    assert received.payload == {"title": "Harbour closes"}
    assert (received.ttl, received.urgency, received.topic) == (60, "high", "story-1")


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "https://elsewhere.example"}, "aud"),
        ({"exp": int(time.time()) + 25 * 3600}, "exp"),
        ({"exp": int(time.time()) - 10}, "exp"),
        ({"sub": "desk@example.org"}, "sub"),
    ],
)
def test_a_push_with_wrong_vapid_claims_is_refused(push_service, claims, reason):
    """Given a bad aud, exp or sub, then the double answers 401 and records nothing."""
    subscription = push_service.subscribe()
    assert push(push_service, subscription, {"title": "x"}, **claims) == 401
    assert push_service.received == []
    assert reason in push_service.refused[-1][2]


def test_a_forged_signature_is_refused():
    """Given a JWT signed by one key but presented with another's k=, then it does not verify."""
    signer, other = Vapid02(), Vapid02()
    signer.generate_keys()
    other.generate_keys()
    claims = {"aud": "http://x", "exp": int(time.time()) + 60, "sub": "mailto:a@b.c"}
    token = signer.sign(claims)["Authorization"].split("t=")[1].split(",")[0]
    forged_k = other.sign(claims)["Authorization"].split("k=")[1]
    with pytest.raises(VapidError, match="signature"):
        vapid_verify(f"vapid t={token}, k={forged_k}", origin="http://x")


def test_a_push_signed_by_another_key_than_the_subscription_s_is_forbidden(push_service):
    """Given a subscription made with one applicationServerKey, a push signed by another is 403."""
    subscription = push_service.subscribe(application_server_key="AAAA")
    assert push(push_service, subscription, {"title": "x"}) == 403


def test_the_double_answers_what_it_is_told(push_service):
    """Given told answers, then they come in order, with Retry-After, then normal service."""
    subscription = push_service.subscribe()
    push_service.answer(subscription["endpoint"], 429, retry_after=3)
    push_service.answer(subscription["endpoint"], 503)
    assert push(push_service, subscription, {"n": 1}) == 429
    assert push(push_service, subscription, {"n": 2}) == 503
    assert push(push_service, subscription, {"n": 3}) == 201
    push_service.gone(subscription["endpoint"])
    assert push(push_service, subscription, {"n": 4}) == 410
    unknown = dict(subscription, endpoint=f"{push_service.origin}/push/nobody")
    assert push(push_service, unknown, {"n": 5}) == 404
    assert [p.payload["n"] for p in push_service.received] == [3]
