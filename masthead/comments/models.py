"""Comments, their edit history, likes, reports, mutes, reply-mail preferences, the standards.

Threads are one level deep, as on most news sites: a reply to a reply joins the same thread
(`parent` is always the thread's first comment) and remembers whom it answers (`reply_to`), so
the page shows "in reply to Ana" and the right member gets the e-mail. Paging is by cursor over
indexed columns (`selectors`), never OFFSET, so page 500 of a 10,000-comment thread costs what
page 1 does.

Authors are `SET_NULL`: when a reader's account is purged, `services.author_comments_erase`
(called before the row goes, see `signal_handlers`) empties the text, history and evidence of
each of their comments, which stay as "deleted" placeholders so the replies of others keep
their place. Likes, reports, mutes and preferences are the member's own and go with the account.

Counters: `like_count` and `reply_count` (published replies of a thread) are kept by the
services, like `news.ArticleStats.comments` (published comments of the article).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, TranslatableMixin

from masthead.moderation.reasons import ReasonCode

# What a reader may report, and what the standards page lists: the standards, without the two
# system reasons (pre-moderation, a check that failed), which no reader's comment "breaks".
SYSTEM_REASONS = (ReasonCode.PREMODERATION, ReasonCode.CHECK_FAILED)
STANDARD_CHOICES = [(code.value, code.label) for code in ReasonCode if code not in SYSTEM_REASONS]


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Awaiting moderation")
    REJECTED = "rejected", _("Rejected")
    DELETED = "deleted", _("Deleted")


class Comment(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
        db_index=False,  # the (article, …) indexes below serve it
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
        db_index=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("thread"),
        help_text=_("The first comment of the thread; empty for a comment that starts one."),
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("text as shown"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    moderation = models.JSONField(
        _("moderation decision"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("What the automatic checks found: verdict, reasons, evidence, failures."),
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    is_featured = models.BooleanField(_("featured"), default=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    class Meta:
        # A context: the article page's counter has its own plural "comment"/"comments".
        verbose_name = pgettext_lazy("model", "comment")
        verbose_name_plural = pgettext_lazy("model", "comments")
        permissions = [
            ("moderate_comment", _("Can moderate comments (approve, reject, edit, delete)")),
            ("feature_comment", _("Can feature comments")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="comments_comment_once_per_key",
            ),
        ]
        indexes = [
            # Threads newest/oldest first (scanned either way) and a thread's replies.
            models.Index(
                fields=["article", "parent", "created_at", "id"], name="comments_thread_time"
            ),
            models.Index(
                fields=["article", "parent", "like_count", "id"], name="comments_thread_likes"
            ),
            # New comments since the last one a reader saw (live updates).
            models.Index(fields=["article", "id"], name="comments_article_id"),
            models.Index(fields=["author", "created_at"], name="comments_author_time"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="held"),
                name="comments_held_queue",
            ),
        ]

    def __str__(self) -> str:
        # No text and no name: audit log labels must not keep personal data after a purge.
        return str(_("Comment %(number)s") % {"number": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    @property
    def thread_id(self) -> int:
        return self.parent_id or self.pk

    @property
    def standard_found(self) -> str:
        """The first community standard the automatic checks found broken, or "".

        A moderator blocking the author from the held queue most likely blocks for it, so
        the block form starts from it (system reasons such as pre-moderation are no standard).
        """
        standards = {code for code, _label in STANDARD_CHOICES}
        for hit in (self.moderation or {}).get("hits", []):
            if isinstance(hit, dict) and hit.get("code") in standards:
                return str(hit["code"])
        return ""


class CommentRevision(models.Model):
    """An earlier text of an edited comment, kept for moderators (and the author's export)."""

    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=pgettext_lazy("model", "comment"),
    )
    body = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["comment", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.written_at:%Y-%m-%d %H:%M}"


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="comments_like_once")
        ]
        indexes = [models.Index(fields=["member", "comment"], name="comments_like_member")]

    def __str__(self) -> str:
        return f"{self.member_id} likes {self.comment_id}"


class CommentReport(models.Model):
    """A reader says a comment breaks one of the standards; open until a moderator acts."""

    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=pgettext_lazy("model", "comment"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("standard broken"), max_length=40, choices=STANDARD_CHOICES)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="comments_report_once_per_member"
            )
        ]
        indexes = [
            # The reports queue and the admin menu's count read open reports only.
            models.Index(
                fields=["comment", "created_at"],
                condition=models.Q(resolved_at__isnull=True),
                name="comments_reports_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason}"


class MemberMute(models.Model):
    """A member no longer sees another member's comments, nor e-mails about their replies."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes"
    )
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("muted member")
        verbose_name_plural = _("muted members")
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="comments_mute_once"),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("muted")), name="comments_mute_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} mutes {self.muted_id}"


class CommentPreferences(models.Model):
    """A member's choices about comment mail; no row means the defaults (e-mails on)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_preferences",
        primary_key=True,
    )
    reply_emails = models.BooleanField(
        _("e-mail me when someone replies to my comments"), default=True
    )

    class Meta:
        verbose_name = _("comment preferences")
        verbose_name_plural = _("comment preferences")

    def __str__(self) -> str:
        return f"{self.member_id}: replies {'on' if self.reply_emails else 'off'}"


class CommunityStandard(TranslatableMixin, models.Model):  # type: ignore[misc]  # Wagtail: untyped
    """One standard of the community rules as readers read it, in one language.

    Editors write it in the admin (a snippet, translated like pages); its `code` ties it to the
    moderation rule that enforces it (`masthead.moderation.reasons.ReasonCode`), so a rejected
    comment links to the very standard it breaks.
    """

    code = models.CharField(_("reason code"), max_length=40, choices=STANDARD_CHOICES)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence, shown in lists and menus.")
    )
    body = models.TextField(_("explanation"), blank=True, help_text=_("Plain text; paragraphs."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(TranslatableMixin.Meta):  # type: ignore[misc]  # Wagtail: untyped
        verbose_name = _("community standard")
        verbose_name_plural = _("community standards")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"],
                name="comments_standard_code_locale_unique",
                violation_error_message=_("This standard exists already in this language."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class MemberBlock(models.Model):
    """A member blocked from the community by a moderator: they read, but no longer take part.

    One active block per member (`lifted_at` empty). A block is lifted when a moderator grants
    an unlock request (or lifts it from the member's page); the row stays as the history
    (who, when, why, lifted when and by whom). A member's second block is permanent
    (`is_permanent`): it is never lifted, and it outlives the account as a readers tombstone
    (`selectors.member_tombstone_reason`), so a re-registration with the same address comes
    back blocked (`is_carried_over`, with no moderator and no reason code: the purge kept
    only a keyed hash of the address). The rows are the member's own and go with the account.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_blocks",
        verbose_name=_("member"),
    )
    reason = models.CharField(
        _("standard broken"), max_length=40, choices=STANDARD_CHOICES, blank=True
    )
    message = models.TextField(_("message to the member"), blank=True)
    comment = models.ForeignKey(
        Comment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("model", "comment"),
        help_text=_("The comment that led to the block, if one did."),
    )
    is_permanent = models.BooleanField(_("permanent"), default=False)
    is_carried_over = models.BooleanField(
        _("carried over from a deleted account"), default=False, editable=False
    )
    blocked_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("community block")
        verbose_name_plural = _("community blocks")
        ordering = ["-blocked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(lifted_at__isnull=True),
                name="comments_block_one_active_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(is_permanent=False) | models.Q(lifted_at__isnull=True),
                name="comments_block_permanent_never_lifted",
            ),
        ]
        indexes = [models.Index(fields=["member", "blocked_at"], name="comments_block_member")]

    def __str__(self) -> str:
        # No name: audit log labels must not keep personal data after a purge.
        return str(_("Block %(number)s") % {"number": self.pk})

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class UnlockRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class UnlockRequest(models.Model):
    """A blocked member asks to take part again; a moderator grants or refuses it.

    One open request per member at a time, and a pause between two requests
    (`COMMENTS_UNLOCK_REQUEST_WAIT_HOURS`). Never for a permanent block.
    """

    block = models.ForeignKey(
        MemberBlock,
        on_delete=models.CASCADE,
        related_name="unlock_requests",
        verbose_name=_("community block"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unlock_requests",
        verbose_name=_("member"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    explanation = models.TextField(_("explanation"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=UnlockRequestStatus.choices,
        default=UnlockRequestStatus.OPEN,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    response = models.TextField(_("moderator's answer"), blank=True)

    class Meta:
        verbose_name = _("unlock request")
        verbose_name_plural = _("unlock requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="open"),
                name="comments_unlock_one_open_per_member",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="open"),
                name="comments_unlock_queue",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Unlock request %(number)s") % {"number": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == UnlockRequestStatus.OPEN


class ModeratorEditions(models.Model):
    """The editions a moderator is limited to: they see and act on those editions' comments only.

    No row, every edition: the default, so a moderator works every queue until an administrator
    limits them. A row whose editions are all gone (their locales deleted) limits the moderator
    to none rather than freeing them to all. Superusers are never limited
    (`selectors.moderator_languages`).

    Why a row of our own, kept on its own admin screen (Settings › Moderators' editions,
    `wagtail_hooks.ModeratorEditionsViewSet`): Wagtail has no permission scoped to a locale
    (page permissions follow the page tree, and would also let the moderator edit the edition's
    pages), nor does wagtail-localize; and Wagtail's user form takes a field only by replacing
    the wagtail.users app with a subclass and overriding its templates. The screen lists every
    limit at once and is handed out with its own permissions (Settings › Groups).
    """

    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderated_editions",
        verbose_name=_("moderator"),
    )
    locales: models.ManyToManyField[Locale, Any] = models.ManyToManyField(
        "wagtailcore.Locale",
        related_name="+",
        verbose_name=_("editions"),
        help_text=_(
            "The moderator sees and acts on the comments of these editions only. Delete the "
            "limit to let them moderate every edition again."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("moderator's editions")
        verbose_name_plural = _("moderators' editions")
        ordering = ["moderator_id"]

    def __str__(self) -> str:
        # No name: audit log labels must not keep personal data after a purge.
        return str(_("Editions of moderator %(number)s") % {"number": self.moderator_id})
