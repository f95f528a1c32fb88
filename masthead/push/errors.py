"""Coded push errors: the service raises them, the views turn them into a clear message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "endpoint_length": _("The push endpoint is missing or too long."),
    "endpoint_scheme": _("The push endpoint must be an https:// address of a push service."),
    "endpoint_address": _("The push endpoint must name a push service by its host name."),
    "key_length": _("The subscription's keys are too long."),
    "key_invalid": _("The subscription's public key (p256dh) is not a P-256 point."),
    "auth_invalid": _("The subscription's authentication secret is not 16 bytes."),
    "topic_invalid": _("A topic is not one of breaking, section:<id> or story:<id>."),
    "topics_too_many": _("You follow too many topics: unfollow some stories first."),
    "subscription_unknown": _(
        "This browser's subscription is not known here any more: turn notifications on again."
    ),
}


class PushError(Exception):
    """A request the push app refuses, with a `code` from `MESSAGES`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, self.code))
