"""The reader: Django's user with the public profile a community needs.

Why a custom user model from day one: swapping it later is a painful migration. The profile
(display name, avatar, language, time zone) lives on the user row itself, so the page header
("Hello, name!") needs no second query. E-mail addresses and their verification state belong
to allauth's `EmailAddress`; `User.email` mirrors the primary one, as allauth keeps it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin

DISPLAY_NAME_MAX_LENGTH = 40


# The plugin cannot follow `newsimage_set` back from NewsImage.uploaded_by_user, declared on
# Wagtail's untyped AbstractImage.
class User(AbstractUser):  # type: ignore[django-manager-missing]
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
        return self.display_name or gettext("Reader")

    @property
    def staff_name(self) -> str:
        """The name staff see of a colleague in the admin's records (who blocked, who decided).

        A `createsuperuser` account has no display name: "Reader" would hide who acted, so
        the full name, then the e-mail address, then the username stand in.
        """
        return self.display_name or self.get_full_name() or self.email or self.get_username()


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


class LegalDocumentKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class LegalDocument(
    PreviewableMixin,  # type: ignore[misc]  # Wagtail's mixins: untyped
    DraftStateMixin,  # type: ignore[misc]
    RevisionMixin,  # type: ignore[misc]
    TranslatableMixin,  # type: ignore[misc]
    models.Model,
):
    """The privacy policy or the terms, as editors write them in the admin (one per language).

    Editors get Wagtail's drafts, previews, history and scheduled publishing. Each publication
    is frozen into a `LegalDocumentVersion` (services/consent.py), which is what readers read
    and accept. The edition in the default language is the version of record: the consent gate
    follows its versions, and translations are shown to readers of the other editions.
    """

    kind = models.CharField(_("document"), max_length=20, choices=LegalDocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("A few lines shown to readers who are asked to accept this version."),
    )
    requires_consent = models.BooleanField(
        _("readers must accept this version"),
        default=False,
        help_text=_(
            "Tick for a change of substance: every member accepts it before going on. Leave "
            "unticked for a correction. Only the version in the default language counts."
        ),
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="legal_document",
        for_concrete_model=False,
    )

    class Meta(TranslatableMixin.Meta):  # type: ignore[misc]  # Wagtail: untyped
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "locale"],
                name="readers_legal_document_kind_locale_unique",
                violation_error_message=_("This document exists already in this language."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_preview_template(self, request: object, mode_name: str) -> str:
        return "readers/legal_preview.html"


class LegalDocumentVersion(models.Model):
    """One published version of a legal document, frozen: what readers read and accept.

    Kept even when Wagtail's old revisions are purged, so an acceptance always points at the
    exact text that was accepted.
    """

    document = models.ForeignKey(
        LegalDocument,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    change_summary = models.TextField(_("what changed"), blank=True)
    requires_consent = models.BooleanField(_("readers must accept it"), default=False)
    published_at = models.DateTimeField(_("published at"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )

    class Meta:
        verbose_name = _("legal document version")
        verbose_name_plural = _("legal document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="readers_legal_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class LegalConsent(models.Model):
    """A member accepted a version of the terms or the privacy policy: who, which, when.

    Nothing else is kept (no address, no browser). Deleted with the account when it is purged.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="legal_consents", verbose_name=_("reader")
    )
    version = models.ForeignKey(
        LegalDocumentVersion,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("version"),
    )
    accepted_at = models.DateTimeField(_("accepted at"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="readers_legal_consent_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.version_id} at {self.accepted_at:%Y-%m-%d %H:%M}"


@register_setting(icon="mail")
class PrivacyContact(BaseSiteSetting):  # type: ignore[misc]  # Wagtail's base is untyped
    """Where readers write about their personal data; shown under the privacy policy.

    A site setting (Settings › Privacy contact), not text inside the policy: the address
    outlives the policy's versions, and the GDPR wants a way to reach the controller on the
    page that describes the processing. Empty, the page gives DEFAULT_FROM_EMAIL's address.
    """

    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Readers write here about their personal data."),
    )
    postal_address = models.TextField(
        _("postal address"), blank=True, help_text=_("The publisher's address, if you give one.")
    )

    class Meta:
        verbose_name = _("privacy contact")
