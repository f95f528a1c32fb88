"""The moderators' overrides as plain data, merged over the settings file, and the generation
every process watches to know when to rebuild its rules.

The settings (`MASTHEAD_MODERATION_RULES`, the files in `wordlists/`) are the base; what
moderators change in the admin (`models.py`, written by `services.py`) applies on top, except to
a settings entry marked `"LOCKED": True`. Entry points:

- `overrides_load()`: one snapshot of the overrides (`selectors.moderation_overrides`, two
  queries), read only when a process (re)builds its rules (`pipeline.RuleSet`), never per comment.
- `rule_entry_merged(entry, override)`: a settings entry with the admin's values on top (pure).
- `generation_current()` / `generation_bump()`: a token in the shared cache (Redis, or the file
  cache of the embedded default). A service bumps it after each change is committed; every
  process compares it with the token it built its rules under at most every
  `MASTHEAD_MODERATION_CHECK_SECONDS` and rebuilds when it differs. A random token rather than
  a counter: an evicted or flushed key then reads as a change (every process rebuilds once)
  instead of a counter starting again at a number some process already saw.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils.module_loading import import_string

from . import app_settings
from .domains import NO_DOMAINS, DomainLists
from .wordlists import WatchedOverride

logger = logging.getLogger(__name__)
GENERATION_KEY = "moderation:settings-generation"


@dataclass(frozen=True)
class RuleOverride:
    """One rule's overrides: None / "" / no key mean "as the settings say"."""

    is_enabled: bool | None = None
    action: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Overrides:
    """Everything the moderators changed: per rule (by dotted path), per list (by name), and
    the link domains they trust or block."""

    rules: Mapping[str, RuleOverride] = field(default_factory=dict)
    words: Mapping[str, tuple[WatchedOverride, ...]] = field(default_factory=dict)
    domains: DomainLists = NO_DOMAINS  # trusted and blocked link domains (`domains.py`)


def overrides_load() -> Overrides | None:
    """The current overrides; empty when switched off; None when they cannot be read.

    None (the table missing before `migrate`, the database away) lets the caller run the
    settings file's rules and try again at its next check rather than fail every comment.
    """
    if not app_settings.admin_overrides_enabled():
        return Overrides()
    from .selectors import moderation_overrides

    try:
        with transaction.atomic():  # a savepoint: a failed read never spoils the caller's
            return moderation_overrides()
    except DatabaseError:
        logger.exception(
            "The moderators' rule settings and watched words could not be read: the rules run "
            "as the settings file says until they can."
        )
        return None


def rule_entry_merged(entry: dict[str, Any], override: RuleOverride | None) -> dict[str, Any]:
    """`entry` (a MASTHEAD_MODERATION_RULES item) with the moderators' values on top.

    Options the rule no longer has, or that only the operator may set (`Rule.operator_options`),
    are left out: a rule that lost an option keeps the moderators' other changes.
    """
    if override is None or entry.get("LOCKED"):
        return entry
    merged = dict(entry)
    if override.is_enabled is not None:
        merged["ENABLED"] = override.is_enabled
    if override.action:
        merged["ACTION"] = override.action
    if override.options:
        try:
            allowed = set(import_string(entry["NAME"]).admin_options())
        except (ImportError, AttributeError):
            return merged  # rule_build says what is wrong with the entry itself
        kept = {name: value for name, value in override.options.items() if name in allowed}
        if len(kept) != len(override.options):
            logger.warning(
                "Moderation rule %s: ignoring admin options it does not have: %s",
                entry["NAME"],
                ", ".join(sorted(set(override.options) - allowed)),
            )
        merged["OPTIONS"] = {**entry.get("OPTIONS", {}), **kept}
    return merged


def generation_current() -> str | None:
    """The token the rules were last changed under (made on first use); None if the cache fails."""
    try:
        token = cache.get(GENERATION_KEY)
        if token is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("The moderation settings' generation could not be read from the cache")
        return None
    return str(token) if token is not None else None


def generation_bump() -> None:
    """Tell every process its rules are stale (services call it after a change is committed)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
