"""Reads of the moderation settings: the overrides snapshot and what the admin screens show.

`moderation_overrides()` is what a process reads when it (re)builds its rules (three queries);
`rule_views()` / `rule_view()` describe each configured rule with its base (the settings
file, or the rule's defaults), the moderators' overrides and the result; `watched_list_*` do
the same for the watched-words lists. Writes are in `services.py`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from wagtail.models import ModelLogEntry

from masthead.readers.selectors import staff_powers_active

from . import app_settings
from .classifiers.multilingual import EDITION_LANGUAGES
from .domains import DomainLists
from .models import (
    LinkDomain,
    LinkDomainKind,
    RuleSetting,
    WatchedAction,
    WatchedWord,
    WatchedWordList,
)
from .reasons import ReasonCode, Verdict
from .rules._languages import edition_list_exists, edition_list_name
from .rules._model_rule import ListAndModelRule
from .rules.base import Rule, WatchedWordsRule
from .settings_store import Overrides, RuleOverride
from .wordlists import (
    WatchedOverride,
    watched_entry_key,
    watched_list_names,
    watched_words_read,
)

logger = logging.getLogger(__name__)
HISTORY_LENGTH = 20
VERDICT_ACTIONS = {Verdict.REJECT: "block", Verdict.HOLD: "hold", Verdict.PASS: "flag"}
ACTION_VERDICTS = {action: verdict for verdict, action in VERDICT_ACTIONS.items()}


def user_may_change_rules(user: Any) -> bool:
    return staff_powers_active(user, permission="moderation.change_rulesetting")


def user_may_change_watched_words(user: Any) -> bool:
    return staff_powers_active(user, permission="moderation.change_watchedword")


def user_may_change_link_domains(user: Any) -> bool:
    return staff_powers_active(user, permission="moderation.change_linkdomain")


def moderation_overrides() -> Overrides:
    """Everything the moderators changed, as plain data (three queries)."""
    rules = {
        setting.rule: RuleOverride(
            is_enabled=setting.is_enabled, action=setting.action, options=dict(setting.options)
        )
        for setting in RuleSetting.objects.all()
    }
    words: dict[str, list[WatchedOverride]] = defaultdict(list)
    for word in WatchedWord.objects.select_related("word_list").order_by("pk"):
        verdict = None if word.action == WatchedAction.OFF else ACTION_VERDICTS[word.action]
        words[word.word_list.name].append((word.entry, verdict))
    return Overrides(
        rules=rules,
        words={name: tuple(items) for name, items in words.items()},
        domains=link_domain_lists(),
    )


# --- Link domains --------------------------------------------------------------------------------


def link_domain_lists() -> DomainLists:
    """The trusted and blocked domains as the rules read them (one query)."""
    trusted, blocked = [], []
    for domain, kind in LinkDomain.objects.values_list("domain", "kind"):
        if kind == LinkDomainKind.TRUSTED:
            trusted.append(domain)
        else:
            blocked.append(
                (domain, Verdict.REJECT if kind == LinkDomainKind.REJECT else Verdict.HOLD)
            )
    return DomainLists(trusted=frozenset(trusted), blocked=tuple(sorted(blocked)))


def link_domains_all() -> QuerySet[LinkDomain]:
    return LinkDomain.objects.order_by("kind", "domain")


def link_domains_history() -> QuerySet[ModelLogEntry]:
    """The latest changes to the link domains (removed ones too), newest first."""
    entries: QuerySet[ModelLogEntry] = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(LinkDomain)
    ).select_related("user")  # Wagtail's managers are untyped
    return entries.order_by("-timestamp", "-pk")[:HISTORY_LENGTH]


# --- Rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleView:
    """One configured rule as the Rules screen shows it: base, overrides, result."""

    path: str
    rule_class: type[Rule]
    entry: dict[str, Any]  # the MASTHEAD_MODERATION_RULES item (or the default list's)
    setting: RuleSetting | None

    @property
    def code(self) -> ReasonCode:
        return self.rule_class.code

    @property
    def explanation(self) -> str | Promise:
        return self.rule_class.explanation

    @property
    def name(self) -> str:
        return self.rule_class.__name__

    @property
    def may_reject(self) -> bool:
        return self.rule_class.may_reject()

    @property
    def is_locked(self) -> bool:
        return bool(self.entry.get("LOCKED"))

    @property
    def is_changed(self) -> bool:
        return self.setting is not None and not self.setting.is_empty and not self.is_locked

    @property
    def base_enabled(self) -> bool:
        return bool(self.entry.get("ENABLED", True))

    @property
    def base_action(self) -> str:
        """The settings' ACTION, as the pipeline applies it (a reject it may not give holds)."""
        action = str(self.entry.get("ACTION", "reject" if self.may_reject else "hold"))
        return "hold" if action == "reject" and not self.may_reject else action

    @property
    def base_options(self) -> dict[str, Any]:
        """The admin-editable options as the settings file (or the rule's defaults) set them."""
        configured = self.entry.get("OPTIONS", {})
        return {
            name: configured.get(name, default)
            for name, default in self.rule_class.admin_options().items()
        }

    @property
    def enabled(self) -> bool:
        if self.is_changed and self.setting and self.setting.is_enabled is not None:
            return self.setting.is_enabled
        return self.base_enabled

    @property
    def action(self) -> str:
        if self.is_changed and self.setting and self.setting.action:
            return self.setting.action
        return self.base_action

    @property
    def options(self) -> dict[str, Any]:
        options = self.base_options
        if self.is_changed and self.setting:
            options.update({k: v for k, v in self.setting.options.items() if k in options})
        return options

    @property
    def changed_options(self) -> list[str]:
        base = self.base_options
        return [name for name, value in self.options.items() if value != base[name]]

    @property
    def operator_options(self) -> dict[str, Any]:
        """Options only the settings file sets (files, models), shown for information."""
        configured = {**self.rule_class.default_options, **self.entry.get("OPTIONS", {})}
        return {
            name: configured[name]
            for name in self.rule_class.operator_options
            if name in self.rule_class.default_options
        }


def rule_views() -> list[RuleView]:
    """Every configured rule, in the order they run (one query)."""
    settings_by_rule = {setting.rule: setting for setting in RuleSetting.objects.all()}
    views = []
    for entry in app_settings.rules_config():
        name = entry.get("NAME", "")
        try:
            rule_class = import_string(name)
        except ImportError:
            logger.warning("Moderation rule %s cannot be imported: not shown in the admin", name)
            continue
        if isinstance(rule_class, type) and issubclass(rule_class, Rule):
            views.append(RuleView(name, rule_class, entry, settings_by_rule.get(name)))
    return views


def rule_view(path: str) -> RuleView | None:
    return next((view for view in rule_views() if view.path == path), None)


def rule_history(view: RuleView) -> QuerySet[ModelLogEntry]:
    """The latest changes to one rule's settings, newest first, with who made them."""
    entries: QuerySet[ModelLogEntry]  # Wagtail's managers are untyped
    if view.setting is None:
        entries = ModelLogEntry.objects.none()
    else:
        entries = ModelLogEntry.objects.for_instance(view.setting).select_related("user")
        entries = entries[:HISTORY_LENGTH]
    return entries


# --- Watched words -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchedEntryView:
    """One entry of a list as moderators see it: what it does now, and where that comes from."""

    key: str
    entry: str
    action: str  # block, hold, flag, or off
    shipped_action: str | None  # None: added by a moderator
    shipped_entry: str = ""

    @property
    def source(self) -> str:
        """shipped, added (by a moderator), changed (a shipped entry's action), or off."""
        if self.shipped_action is None:
            return "added"
        if self.action == WatchedAction.OFF:
            return "off"
        return "shipped" if self.action == self.shipped_action else "changed"


@dataclass(frozen=True)
class WatchedListView:
    """One list: its entries with the moderators' changes, and the rules that read it."""

    name: str
    entries: list[WatchedEntryView]
    rules: list[str] = field(default_factory=list)
    word_list: WatchedWordList | None = None

    def count(self, source: str) -> int:
        return sum(1 for entry in self.entries if entry.source == source)

    @property
    def shipped_count(self) -> int:
        return sum(1 for entry in self.entries if entry.shipped_action is not None)

    @property
    def added_count(self) -> int:
        return self.count("added")

    @property
    def changed_count(self) -> int:
        return self.count("changed")

    @property
    def off_count(self) -> int:
        return self.count("off")

    def entry(self, key: str) -> WatchedEntryView | None:
        return next((entry for entry in self.entries if entry.key == key), None)


def _shipped_entries(name: str) -> dict[str, tuple[str, str]]:
    """key → (entry as written, action) of the shipped file; later lines win, as in matching."""
    shipped: dict[str, tuple[str, str]] = {}
    for entry, verdict in watched_words_read(name):
        key = watched_entry_key(entry)
        if key:
            shipped[key] = (entry, VERDICT_ACTIONS[verdict])
    return shipped


def _rules_by_list() -> dict[str, list[str]]:
    using: dict[str, list[str]] = defaultdict(list)
    for view in rule_views():
        if issubclass(view.rule_class, WatchedWordsRule):
            list_name = view.operator_options.get("list", "")
            if list_name:
                using[str(list_name)].append(view.name)
                if issubclass(view.rule_class, ListAndModelRule):
                    for language in EDITION_LANGUAGES:  # its editions' own lists
                        if edition_list_exists(str(list_name), language):
                            using[edition_list_name(str(list_name), language)].append(view.name)
    return using


def watched_list_view(name: str) -> WatchedListView | None:
    """One shipped list with the moderators' entries merged (two queries), or None."""
    if name not in watched_list_names():
        return None
    word_list = WatchedWordList.objects.filter(name=name).first()
    words = list(word_list.entries.all()) if word_list else []
    return _list_view(name, word_list, words, rules=_rules_by_list().get(name, []))


def watched_list_views() -> list[WatchedListView]:
    """Every shipped list, with how many entries moderators added, changed or switched off."""
    lists = {
        word_list.name: word_list
        for word_list in WatchedWordList.objects.prefetch_related("entries")
    }
    using = _rules_by_list()
    views = []
    for name in watched_list_names():
        word_list = lists.get(name)
        words = list(word_list.entries.all()) if word_list else []
        views.append(_list_view(name, word_list, words, rules=using.get(name, [])))
    return views


def _list_view(
    name: str, word_list: WatchedWordList | None, words: list[WatchedWord], *, rules: list[str]
) -> WatchedListView:
    shipped = _shipped_entries(name)
    entries = {
        key: WatchedEntryView(key, entry, action, action, entry)
        for key, (entry, action) in shipped.items()
    }
    for word in words:
        origin = shipped.get(word.key)
        entries[word.key] = WatchedEntryView(
            word.key,
            word.entry,
            word.action,
            origin[1] if origin else None,
            origin[0] if origin else "",
        )
    ordered = sorted(entries.values(), key=lambda entry: entry.key)
    return WatchedListView(name, ordered, rules=rules, word_list=word_list)


def watched_list_history(view: WatchedListView) -> QuerySet[ModelLogEntry]:
    """The latest changes to one list, newest first, with who made them."""
    entries: QuerySet[ModelLogEntry]  # Wagtail's managers are untyped
    if view.word_list is None:
        entries = ModelLogEntry.objects.none()
    else:
        entries = ModelLogEntry.objects.for_instance(view.word_list).select_related("user")
        entries = entries[:HISTORY_LENGTH]
    return entries
