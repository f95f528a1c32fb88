"""What moderators change in the admin on top of the settings file: rules, watched words and
the trusted and blocked link domains (`domains.py`).

The settings (`MASTHEAD_MODERATION_RULES`, the files in `wordlists/`) stay the base; a row here
is an override, applied by `settings_store.rules_config_merged` and
`wordlists.watched_words_merge` when a process (re)builds its rules. Rows are written only by
`services.py`, which also logs each change (Wagtail's `ModelLogEntry`: who, when, what) and
tells every process to rebuild (`settings_store.generation_bump`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleAction(models.TextChoices):
    """The strictest verdict a rule may give (the settings' ACTION)."""

    FLAG = "flag", _("Flag (publish, note for moderators)")
    HOLD = "hold", _("Hold for a moderator")
    REJECT = "reject", _("Reject")


class WatchedAction(models.TextChoices):
    """What an entry of a watched-words list does; OFF disables a shipped entry."""

    BLOCK = "block", _("Block (reject)")
    HOLD = "hold", _("Hold for a moderator")
    FLAG = "flag", _("Flag (publish, note for moderators)")
    OFF = "off", _("Off (the shipped entry no longer matches)")


class RuleSetting(models.Model):
    """One rule's overrides; an empty value means "as the settings file (or the rule) says"."""

    rule = models.CharField(
        _("rule"), max_length=255, unique=True, help_text=_("The rule class's dotted path.")
    )
    is_enabled = models.BooleanField(_("enabled"), null=True, blank=True, default=None)
    action = models.CharField(_("action"), max_length=8, choices=RuleAction.choices, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")

    def __str__(self) -> str:
        return self.rule.rsplit(".", 1)[-1]

    @property
    def is_empty(self) -> bool:
        return self.is_enabled is None and not self.action and not self.options


class WatchedWordList(models.Model):
    """A shipped list (a file in `wordlists/`) that moderators have edited: the log's subject."""

    name = models.SlugField(_("list"), max_length=64, unique=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("watched-words list")
        verbose_name_plural = _("watched-words lists")

    def __str__(self) -> str:
        return self.name


class WatchedWord(models.Model):
    """An entry added by a moderator, or a shipped entry's new action (OFF: disabled).

    `key` is the entry folded (`wordlists.watched_entry_key`): one row per key and list, so
    "Sc@m*" typed in the admin overrides the file's "scam*".
    """

    word_list = models.ForeignKey(
        WatchedWordList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("list")
    )
    entry = models.CharField(_("entry"), max_length=100)
    key = models.CharField(_("folded form"), max_length=200)
    action = models.CharField(_("action"), max_length=8, choices=WatchedAction.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["word_list", "key"], name="moderation_word_unique_key")
        ]

    def __str__(self) -> str:
        return self.entry


class LinkDomainKind(models.TextChoices):
    TRUSTED = "trusted", _("Trusted: a link there never counts against a comment")
    HOLD = "hold", _("Blocked: hold for a moderator")
    REJECT = "reject", _("Blocked: reject")


class LinkDomain(models.Model):
    """A domain (and its subdomains) that moderators trust or block in links."""

    domain = models.CharField(
        _("domain"), max_length=253, unique=True, help_text=_("For example: ons.gov.uk")
    )
    kind = models.CharField(_("list"), max_length=8, choices=LinkDomainKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("link domain")
        verbose_name_plural = _("link domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class RecentCommentTrace(models.Model):
    """A recent comment as the flooding and flash-mob standards remember it.

    The embedded default's shared store (recent/database.py): every web process of `make run`
    reads and writes the same rows, where an in-process memory saw only its own traffic and
    a repeated comment was published when it reached the other process. Scaled out, Redis
    holds these instead. Rows older than the retention are deleted as new ones come in.
    """

    key = models.CharField(max_length=64, unique=True)
    author_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_index=True)
    fingerprint = models.CharField(max_length=128, blank=True)
    signature = models.BinaryField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["author_id", "created_at"], name="moderation_trace_author_time")
        ]

    def __str__(self) -> str:
        return self.key


class RecentCommentBand(models.Model):
    """One LSH band of a recent comment's MinHash signature: comments that share a band with
    a new one are its near-duplicate candidates."""

    trace = models.ForeignKey(RecentCommentTrace, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    band_hash = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "band_hash"], name="moderation_band_lookup")]

    def __str__(self) -> str:
        return f"{self.trace_id}:{self.band}"
