"""The reader: Django's user with the public profile a community needs.

Why a custom user model from day one: swapping it later is a painful migration. The profile
(display name, avatar, language, time zone) lives on the user row itself, so the page header
("Hello, name!") needs no second query. E-mail addresses and their verification state belong
to allauth's `EmailAddress`; `User.email` mirrors the primary one, as allauth keeps it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MAX_LENGTH = 40


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Shown with your comments. Unique on the site."),
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="readers_user_display_name_ci_unique",
                condition=~models.Q(display_name=""),
                violation_error_message=_("This display name is already taken."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    @property
    def public_name(self) -> str:
        """The name other readers see: the display name, never the e-mail address."""
        return self.display_name or _("Reader")


class AccountClosure(models.Model):
    """A closed account inside its 30-day grace period: restorable until `purge_due_at`.

    While this row exists the account cannot log in and its profile is hidden; restoring
    deletes the row, purging deletes the account's personal data and then this row.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="closure", verbose_name=_("reader")
    )
    closed_at = models.DateTimeField(_("closed at"))
    purge_due_at = models.DateTimeField(_("personal data purged at"), db_index=True)

    class Meta:
        verbose_name = _("closed account")
        verbose_name_plural = _("closed accounts")

    def __str__(self) -> str:
        return f"{self.user_id} closed {self.closed_at:%Y-%m-%d}"


class Tombstone(models.Model):
    """What survives a purge when the law or the community rules need it: a keyed hash.

    The e-mail address itself is gone; the hash (HMAC with the site's secret) lets the site
    recognise a blocked person who registers again with the same address.
    """

    email_hash = models.CharField(_("e-mail hash"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=40)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")

    def __str__(self) -> str:
        return f"{self.reason} {self.email_hash[:12]}…"


class LoginRecord(models.Model):
    """One successful log-in, for the reader's own history and data export (kept 90 days)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_records", verbose_name=_("reader")
    )
    at = models.DateTimeField(_("at"), db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("log-in")
        verbose_name_plural = _("log-ins")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.at:%Y-%m-%d %H:%M}"
