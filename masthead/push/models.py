"""Subscriptions, VAPID keys, alerts and one delivery record per (alert, subscription).

A subscription is what a browser's `pushManager.subscribe()` returned (endpoint and keys),
with the edition it was made in and its topics (`PushTopic`: "breaking", "section:<id>",
"story:<id>"); a member's subscriptions go with the account (CASCADE). It remembers the VAPID
key it was made with, because a push service refuses pushes signed by another key: rotating
the key (`push_vapid_keys_rotate`) serves the new one to new subscriptions while the old ones
keep working.

`PushDelivery` is the record that makes a fan-out reach every reader once across a crash: the
row is claimed (`pending`) before the request, belongs to the chunks in flight
(`PushAlert.chunk_*`, an id range) while its request travels, and holds the outcome after. A
resumed fan-out sends the rows of the chunks it finds in flight again (`resent_count`); the
alert's Topic and tag make a second copy replace the first, not show twice (`sending` is the
mark of older releases, which wrote it on each row; `uncertain` is what they left such rows),
and the unique constraint keeps two workers from claiming the same subscription twice. The
report's counters are computed from these rows (`services.push_alert_counters_update`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VapidKeyPair(models.Model):
    """An ES256 key pair; the private key is stored encrypted with a key derived from SECRET_KEY."""

    public_key = models.CharField(_("public key"), max_length=100, unique=True)
    private_key_encrypted = models.TextField(_("private key (encrypted)"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("VAPID key pair")
        verbose_name_plural = _("VAPID key pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="push_one_current_vapid_key",
            )
        ]

    def __str__(self) -> str:
        return self.public_key[:16]


class PushSubscription(models.Model):
    """One browser's subscription (RFC 8030), in one edition."""

    endpoint = models.CharField(_("endpoint"), max_length=1024, unique=True)
    p256dh = models.CharField(_("public key (p256dh)"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=40)
    language = models.CharField(_("edition"), max_length=10, db_index=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    vapid_key = models.ForeignKey(
        VapidKeyPair, null=True, on_delete=models.PROTECT, related_name="subscriptions"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    failure_count = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        # The fan-out reads an edition's audience in id order, a batch at a time (keyset):
        # with this index each batch is a range scan, whatever the planner's row estimates.
        indexes = [models.Index(fields=["language", "id"], name="push_subscription_audience")]

    def __str__(self) -> str:
        return f"{self.language} {self.endpoint[:60]}"


class PushTopic(models.Model):
    """A subscription's interest: "breaking", "section:<page id>" or "story:<page id>"."""

    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="topics"
    )
    name = models.CharField(_("topic"), max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "name"], name="push_topic_unique")
        ]
        indexes = [models.Index(fields=["name", "subscription"], name="push_topic_name")]

    def __str__(self) -> str:
        return self.name


class PushAlert(models.Model):
    """An alert an editor sends to the subscriptions of one edition that follow its topics."""

    class Urgency(models.TextChoices):
        VERY_LOW = "very-low", _("Very low")
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        # An automatic alert stopped by its edition's hourly cap: kept for an editor to send.
        HELD = "held", _("Held by the hourly cap")

    title = models.CharField(_("title"), max_length=120)
    text = models.CharField(_("text"), max_length=300)
    image_url = models.CharField(_("image URL"), max_length=500, blank=True)
    url = models.CharField(_("URL"), max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("edition"), max_length=10)
    topics = models.JSONField(_("topics"), default=list)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    ttl_seconds = models.PositiveIntegerField(_("time to live (seconds)"), default=3600)
    replace_topic = models.CharField(_("replaces (Topic header)"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Sent by a section on a story's first publication, not by an editor's hand.
    automatic = models.BooleanField(_("automatic"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The fan-out's progress: subscriptions up to this id are claimed (keyset pagination).
    cursor = models.BigIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    # The chunks in flight: the pending deliveries due at `chunk_due_at` with ids in this range.
    # Written once a chunk (instead of marking each of its rows `sending`); a worker that finds
    # it set after a crash sends those rows again and adds them to `resent_count`.
    chunk_first_id = models.BigIntegerField(null=True, blank=True)
    chunk_last_id = models.BigIntegerField(null=True, blank=True)
    chunk_due_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The report, computed from the deliveries.
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    accepted_count = models.PositiveIntegerField(_("accepted"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    expired_count = models.PositiveIntegerField(_("expired subscriptions removed"), default=0)
    uncertain_count = models.PositiveIntegerField(_("uncertain"), default=0)
    resent_count = models.PositiveIntegerField(_("sent again after an interruption"), default=0)
    click_count = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("push alert")
        verbose_name_plural = _("push alerts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PushDelivery(models.Model):
    """One alert to one subscription: claimed before it is sent, so it is sent at most once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        ACCEPTED = "accepted", _("Accepted")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        UNCERTAIN = "uncertain", _("Uncertain")

    alert = models.ForeignKey(PushAlert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        PushSubscription, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscription"], name="push_delivery_once_per_subscription"
            )
        ]
        # The fan-out's next chunk: an alert's pending rows in id order, read as a range.
        indexes = [models.Index(fields=["alert", "state", "id"], name="push_delivery_due")]

    def __str__(self) -> str:
        return f"{self.alert_id}/{self.subscription_id} {self.state}"
