"""VAPID keys (RFC 8292): created on first use, kept in the database encrypted, rotatable.

Entry points: `vapid_key_current` (the key new subscriptions are made with; created the first
time it is asked for, so no key is ever in the repository or the environment),
`vapid_keys_rotate` (the `push_vapid_keys_rotate` command) and `VapidSigner` (the
Authorization header of a push, cached per push-service origin for the length of a fan-out:
one ES256 signature per origin instead of one per push).

The private key is encrypted (Fernet) with a key derived from SECRET_KEY, so a copy of the
database alone does not let anyone push to the audience; after a SECRET_KEY change the old
one must stay in SECRET_KEY_FALLBACKS until the key is rotated.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from py_vapid import Vapid02, b64urlencode

from . import app_settings
from .models import VapidKeyPair

# A JWT is valid for 12 hours (RFC 8292 allows up to 24) and renewed after one.
TOKEN_LIFETIME_SECONDS = 12 * 3600
TOKEN_RENEW_SECONDS = 3600


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = [
        base64.urlsafe_b64encode(
            salted_hmac(
                "masthead.push.vapid", "private-key", secret=secret, algorithm="sha256"
            ).digest()
        )
        for secret in secrets
    ]
    return MultiFernet([Fernet(key) for key in keys])


def _key_pair_new() -> VapidKeyPair:
    vapid = Vapid02()
    vapid.generate_keys()
    private_value = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return VapidKeyPair(
        public_key=public_key_b64(vapid),
        private_key_encrypted=_fernet().encrypt(private_value).decode("ascii"),
    )


def public_key_b64(vapid: Vapid02) -> str:
    """The uncompressed P-256 point, base64url: what `applicationServerKey` and `k=` take."""
    from cryptography.hazmat.primitives import serialization

    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(b64urlencode(raw))


def vapid_key_current() -> VapidKeyPair:
    """The current key pair, created on first use (two processes racing create one)."""
    key = VapidKeyPair.objects.filter(is_current=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _key_pair_new()
            key.save()
            return key
    except IntegrityError:
        return VapidKeyPair.objects.get(is_current=True)


def vapid_keys_rotate() -> VapidKeyPair:
    """A new current key for new subscriptions; existing ones keep the key they were made with."""
    with transaction.atomic():
        VapidKeyPair.objects.filter(is_current=True).update(is_current=False)
        key = _key_pair_new()
        key.save()
    return key


def vapid_private(key: VapidKeyPair) -> Vapid02:
    """The key pair's signer; raises `InvalidToken` if SECRET_KEY changed without a fallback."""
    raw = _fernet().decrypt(key.private_key_encrypted.encode("ascii"))
    return Vapid02.from_raw(base64.urlsafe_b64encode(raw).rstrip(b"="))


@dataclass
class VapidSigner:
    """Authorization headers per (key, push-service origin), signed once and reused a while."""

    contact: str = field(default_factory=app_settings.contact)
    _signers: dict[int, Vapid02] = field(default_factory=dict)
    _tokens: dict[tuple[int, str], tuple[float, str]] = field(default_factory=dict)

    def authorization(self, key: VapidKeyPair, endpoint: str) -> str:
        # scheme://netloc without urlsplit (once per push): the end of "https://" is at 8.
        slash = endpoint.find("/", 8)
        origin = endpoint if slash < 0 else endpoint[:slash]
        now = time.time()
        cached = self._tokens.get((key.pk, origin))
        if cached is not None and now - cached[0] < TOKEN_RENEW_SECONDS:
            return cached[1]
        signer = self._signers.get(key.pk)
        if signer is None:
            signer = self._signers[key.pk] = vapid_private(key)
        claims = {"aud": origin, "exp": int(now) + TOKEN_LIFETIME_SECONDS, "sub": self.contact}
        header = str(signer.sign(claims)["Authorization"])
        self._tokens[(key.pk, origin)] = (now, header)
        return header


__all__ = [
    "InvalidToken",
    "VapidSigner",
    "public_key_b64",
    "vapid_key_current",
    "vapid_keys_rotate",
    "vapid_private",
]
