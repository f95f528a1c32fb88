"""VAPID keys: created once on first use, never stored in clear, rotatable, signing valid JWTs."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.management import call_command

from masthead.push.models import VapidKeyPair
from masthead.push.vapid import VapidSigner, vapid_key_current, vapid_private

pytestmark = pytest.mark.django_db


def test_the_first_use_creates_one_key_and_later_uses_find_it():
    """Given no key, when the current key is asked for twice, then one key exists."""
    first = vapid_key_current()
    second = vapid_key_current()
    assert first.pk == second.pk
    assert VapidKeyPair.objects.count() == 1
    assert len(base64.urlsafe_b64decode(first.public_key + "==")) == 65


def test_the_private_key_is_not_stored_in_clear(settings):
    """Given a key, it is stored encrypted: another SECRET_KEY cannot read it."""
    key = vapid_key_current()
    raw = vapid_private(key).private_key.private_numbers().private_value.to_bytes(32, "big")
    assert base64.urlsafe_b64encode(raw).rstrip(b"=").decode() not in key.private_key_encrypted
    settings.SECRET_KEY = "another-secret"
    settings.SECRET_KEY_FALLBACKS = []
    from cryptography.fernet import InvalidToken

    with pytest.raises(InvalidToken):
        vapid_private(key)
    settings.SECRET_KEY_FALLBACKS = ["masthead-test-key"]
    assert vapid_private(key).public_key is not None


def test_rotating_makes_a_new_current_key_and_keeps_the_old_one(capsys):
    """Given a key, when the rotate command runs, a new key is current, the old one stays."""
    old = vapid_key_current()
    call_command("push_vapid_keys_rotate")
    new = vapid_key_current()
    assert new.pk != old.pk
    assert new.public_key in capsys.readouterr().out
    old.refresh_from_db()
    assert old.is_current is False


def test_the_signer_signs_once_per_push_service_origin():
    """Given two endpoints of one push service, then both pushes carry the same JWT."""
    key = vapid_key_current()
    signer = VapidSigner(contact="mailto:desk@example.org")
    one = signer.authorization(key, "https://push.example.net/a")
    two = signer.authorization(key, "https://push.example.net/b")
    other = signer.authorization(key, "https://other.example.net/c")
    assert one == two != other
    token = one.split("t=")[1].split(",")[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["aud"] == "https://push.example.net"
    assert claims["sub"] == "mailto:desk@example.org"
    assert f"k={key.public_key}" in one.replace(" ", "")
