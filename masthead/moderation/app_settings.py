"""Moderation settings with their defaults, read lazily (never at import).

`MASTHEAD_MODERATION_RULES` lists the rules in the order they run, like Django's
AUTH_PASSWORD_VALIDATORS: each entry has `NAME` (the rule class's dotted path) and optionally
`ENABLED` (default True), `ACTION` (the strictest verdict the rule may give: "flag", "hold" or
"reject"; default "reject" for rules whose measured precision allows it, "hold" otherwise) and
`OPTIONS` (the rule's own options; see each rule's `default_options`). Cheap rules come first.
This list is the base: moderators change ENABLED, ACTION and OPTIONS in the admin (Community
standards › Rules, `settings_store.py`), except for an entry marked `"LOCKED": True`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

RULES_PACKAGE = "masthead.moderation.rules"

DEFAULT_RULE_NAMES = [
    "premoderation.PremoderationRule",
    "capitals.CapitalsRule",
    "privacy.PrivacyRule",
    "malware.MalwareRule",
    "commercial.CommercialRule",
    "promotion.ProductPromotionRule",
    "flooding.FloodingRule",
    "flash_mob.FlashMobRule",
    "minors.MinorsRule",
    "extremism.ExtremismRule",
    "suicide.SuicideRule",
    "animal_cruelty.AnimalCrueltyRule",
    "narcotics.NarcoticsRule",
    "publisher.PublisherDisrespectRule",
    "profanity.ProfanityRule",
    "hatred.HatredRule",
    "insults.InsultRule",
    "trolling.TrollingRule",
    "spam.SpamRule",
    "language.LanguageRule",
]


def blocklist_path() -> Path:
    default = Path(settings.VAR_DIR) / "moderation" / "blocklist.txt"
    return Path(getattr(settings, "MASTHEAD_MODERATION_BLOCKLIST", default))


def default_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {"NAME": f"{RULES_PACKAGE}.{name}"} for name in DEFAULT_RULE_NAMES
    ]
    for entry in rules:
        if entry["NAME"].endswith("MalwareRule"):
            entry["OPTIONS"] = {"blocklist": str(blocklist_path())}
    from .classifiers.embeddings import embeddings_available

    if embeddings_available():
        rules.append({"NAME": f"{RULES_PACKAGE}.off_topic.OffTopicRule"})
    return rules


def edition_languages() -> tuple[str, ...]:
    """The site's editions' languages (ISO 639-1): Wagtail's content languages."""
    configured = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return tuple(str(code)[:2].lower() for code, _name in configured)


def rules_config() -> list[dict[str, Any]]:
    configured = getattr(settings, "MASTHEAD_MODERATION_RULES", None)
    return list(configured) if configured is not None else default_rules()


def admin_overrides_enabled() -> bool:
    """Whether the moderators' changes in the admin apply on top of these settings."""
    return bool(getattr(settings, "MASTHEAD_MODERATION_ADMIN_OVERRIDES", True))


def check_seconds() -> float:
    """How often a process asks the cache whether the rules changed (one cache read, no query)."""
    return float(getattr(settings, "MASTHEAD_MODERATION_CHECK_SECONDS", 5.0))


def stop_on_reject() -> bool:
    """Skip the remaining (dearer) rules once one has rejected: the author already knows why."""
    return bool(getattr(settings, "MASTHEAD_MODERATION_STOP_ON_REJECT", True))


def recent_retention_seconds() -> int:
    return int(getattr(settings, "MASTHEAD_MODERATION_RECENT_SECONDS", 24 * 3600))


def recent_capacity() -> int:
    """How many recent comments the in-process near-duplicate index keeps at most."""
    return int(getattr(settings, "MASTHEAD_MODERATION_RECENT_CAPACITY", 200_000))


def recent_store() -> str:
    """Where the recent-comment stores live without Redis: "database" (shared) or "memory"."""
    return str(getattr(settings, "MASTHEAD_MODERATION_RECENT_STORE", "database"))


def redis_url() -> str:
    return str(getattr(settings, "REDIS_URL", "") or "")
