"""Writes of the moderation settings that moderators change in the admin.

Each service checks the permission, makes the change, writes Wagtail's audit log (who, what,
from which value to which) and, once the transaction commits, bumps the generation that makes
every web and task process rebuild its rules (`settings_store.generation_bump`). The forms
validate input first (`forms.py`); the services keep the invariants whoever calls them.

Entry points: `rule_setting_save`, `rule_setting_reset` (Community standards › Rules);
`watched_words_add`, `watched_word_switch_off`, `watched_word_revert` (› Watched words);
`link_domain_save`, `link_domain_remove` (› Link domains).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from wagtail.log_actions import log

from . import selectors
from .domains import domain_normalise
from .errors import ModerationError, ModerationErrorCode
from .models import (
    LinkDomain,
    LinkDomainKind,
    RuleAction,
    RuleSetting,
    WatchedAction,
    WatchedWord,
    WatchedWordList,
)
from .pipeline import moderation_rules_expire
from .selectors import RuleView, WatchedListView
from .settings_store import generation_bump
from .wordlists import watched_entry_key

# --- Rules ---------------------------------------------------------------------------------------


def rule_setting_save(
    *, user: Any, rule: str, is_enabled: bool, action: str, options: dict[str, Any]
) -> RuleSetting | None:
    """Set a rule's on/off, action and options as the moderator sees them in the form.

    Only what differs from the settings file is stored, so a value set back to its default is
    an override no more, and a later change of the settings file reaches it. Nothing changed:
    nothing is written or logged. Returns the rule's settings row (None if it never had one).
    """
    _allowed(user, selectors.user_may_change_rules)
    view = _rule_checked(rule)
    if action not in RuleAction.values:
        raise ValueError(f"Unknown action {action!r}")
    if action == RuleAction.REJECT and not view.may_reject:
        raise ModerationError(ModerationErrorCode.REJECT_NOT_ALLOWED)
    base = view.base_options
    if set(options) - set(base):
        raise ModerationError(ModerationErrorCode.UNKNOWN_OPTION)
    wanted = {**view.options, **options}
    changes = _rule_changes(
        view, enabled=(view.enabled, is_enabled), action=(view.action, action), options=wanted
    )
    if not changes:
        return view.setting
    with transaction.atomic():
        setting, _created = RuleSetting.objects.get_or_create(rule=view.path)
        setting.is_enabled = None if is_enabled == view.base_enabled else is_enabled
        setting.action = "" if action == view.base_action else action
        setting.options = {name: value for name, value in wanted.items() if value != base[name]}
        setting.save()
    _audit(setting, "moderation.rule_change", user, {"rule": view.path, "changes": changes})
    _rules_changed()
    return setting


def rule_setting_reset(*, user: Any, rule: str) -> RuleSetting | None:
    """Back to the settings file (or the rule's defaults): every override of the rule goes."""
    _allowed(user, selectors.user_may_change_rules)
    view = _rule_checked(rule)
    setting = view.setting
    if setting is None or not view.is_changed:
        return setting
    changes = _rule_changes(
        view,
        enabled=(view.enabled, view.base_enabled),
        action=(view.action, view.base_action),
        options=view.base_options,
    )
    with transaction.atomic():
        setting.is_enabled, setting.action, setting.options = None, "", {}
        setting.save()
    _audit(setting, "moderation.rule_reset", user, {"rule": view.path, "changes": changes})
    _rules_changed()
    return setting


def _rule_checked(path: str) -> RuleView:
    view = selectors.rule_view(path)
    if view is None:
        raise ModerationError(ModerationErrorCode.UNKNOWN_RULE)
    if view.is_locked:
        raise ModerationError(ModerationErrorCode.RULE_LOCKED)
    return view


def _rule_changes(
    view: RuleView,
    *,
    enabled: tuple[bool, bool],
    action: tuple[str, str],
    options: dict[str, Any],
) -> dict[str, Any]:
    """What the log keeps: each changed value as [before, after]."""
    changes: dict[str, Any] = {}
    if enabled[0] != enabled[1]:
        changes["enabled"] = list(enabled)
    if action[0] != action[1]:
        changes["action"] = list(action)
    current = view.options
    changed_options = {
        name: [current[name], value] for name, value in options.items() if current[name] != value
    }
    if changed_options:
        changes["options"] = changed_options
    return changes


# --- Watched words -------------------------------------------------------------------------------


@dataclass
class WatchedWordsChange:
    """What an addition did, entry by entry (for the moderator's message and the log)."""

    added: list[list[str]] = field(default_factory=list)  # [entry, action]
    changed: list[list[str]] = field(default_factory=list)  # [entry, before, after]
    unchanged: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.added and not self.changed


def watched_words_add(
    *, user: Any, list_name: str, entries: Iterable[tuple[str, str]]
) -> WatchedWordsChange:
    """Add entries to a list, or give listed ones a new action; later lines win.

    An entry is known by its folded key, so "Sc@m*" replaces the shipped "scam*". Giving a
    shipped entry back its shipped action removes the override rather than storing a copy.
    """
    _allowed(user, selectors.user_may_change_watched_words)
    view = _list_checked(list_name)
    result = WatchedWordsChange()
    with transaction.atomic():
        word_list, _created = WatchedWordList.objects.get_or_create(name=view.name)
        rows = {word.key: word for word in word_list.entries.select_for_update()}
        current = {entry.key: entry for entry in view.entries}
        for entry, action in entries:
            entry = " ".join(entry.split())
            key = watched_entry_key(entry)
            if not key:
                raise ModerationError(ModerationErrorCode.EMPTY_ENTRY)
            if action not in WatchedAction.values or action == WatchedAction.OFF:
                raise ValueError(f"Unknown action {action!r}")
            before = current.get(key)
            if before is not None and before.action == action:
                result.unchanged.append(entry)
                continue
            shipped_action = before.shipped_action if before is not None else None
            if action == shipped_action:
                row = rows.pop(key, None)
                if row is not None:
                    row.delete()
            else:
                row = rows.get(key) or WatchedWord(word_list=word_list, key=key)
                row.entry, row.action = entry, action
                row.save()
                rows[key] = row
            if before is None or before.action == WatchedAction.OFF:
                result.added.append([entry, action])
            else:
                result.changed.append([entry, before.action, action])
            current[key] = selectors.WatchedEntryView(
                key, entry, action, shipped_action, before.shipped_entry if before else ""
            )
        if result.is_empty:
            return result
        word_list.save()  # its updated_at: when the list last changed
    data = {"list": view.name, "added": result.added, "changed": result.changed}
    _audit(word_list, "moderation.words_change", user, data)
    _rules_changed()
    return result


def watched_word_switch_off(*, user: Any, list_name: str, key: str) -> WatchedWordList:
    """A shipped entry stops matching (the file is untouched; `watched_word_revert` undoes it)."""
    _allowed(user, selectors.user_may_change_watched_words)
    view = _list_checked(list_name)
    before = view.entry(key)
    if before is None or before.shipped_action is None:
        raise ModerationError(ModerationErrorCode.NOT_SHIPPED)
    with transaction.atomic():
        word_list, _created = WatchedWordList.objects.get_or_create(name=view.name)
        if before.action == WatchedAction.OFF:
            return word_list
        WatchedWord.objects.update_or_create(
            word_list=word_list,
            key=key,
            defaults={"entry": before.shipped_entry, "action": WatchedAction.OFF},
        )
        word_list.save()
    data = {"list": view.name, "switched_off": [[before.entry, before.action]]}
    _audit(word_list, "moderation.words_change", user, data)
    _rules_changed()
    return word_list


def watched_word_revert(*, user: Any, list_name: str, key: str) -> WatchedWordList:
    """Undo the moderators' change to one entry: an added one goes, a shipped one is restored."""
    _allowed(user, selectors.user_may_change_watched_words)
    view = _list_checked(list_name)
    before = view.entry(key)
    word_list = view.word_list
    if before is None or word_list is None or before.source == "shipped":
        raise ModerationError(ModerationErrorCode.NOT_CHANGED)
    with transaction.atomic():
        word_list.entries.filter(key=key).delete()
        word_list.save()
    if before.shipped_action is None:
        data: dict[str, Any] = {"list": view.name, "removed": [[before.entry, before.action]]}
    else:
        data = {"list": view.name, "restored": [[before.shipped_entry, before.shipped_action]]}
    _audit(word_list, "moderation.words_change", user, data)
    _rules_changed()
    return word_list


def _list_checked(name: str) -> WatchedListView:
    view = selectors.watched_list_view(name)
    if view is None:
        raise ModerationError(ModerationErrorCode.UNKNOWN_LIST)
    return view


# --- Link domains --------------------------------------------------------------------------------


def link_domain_save(*, user: Any, domain: str, kind: str, note: str = "") -> LinkDomain:
    """Trust or block a domain (and its subdomains), or move it to the other list.

    Nothing changed: nothing is written or logged.
    """
    _allowed(user, selectors.user_may_change_link_domains)
    name = domain_normalise(domain)
    if not name:
        raise ModerationError(ModerationErrorCode.NOT_A_DOMAIN)
    if kind not in LinkDomainKind.values:
        raise ValueError(f"Unknown list {kind!r}")
    with transaction.atomic():
        row = LinkDomain.objects.select_for_update().filter(domain=name).first()
        before = row.kind if row is not None else ""
        if row is not None and row.kind == kind and row.note == note:
            return row
        if row is None:
            row = LinkDomain(domain=name)
        row.kind, row.note = kind, note
        row.save()
    _audit(row, "moderation.domain_change", user, {"domain": name, "before": before, "after": kind})
    _rules_changed()
    return row


def link_domain_remove(*, user: Any, domain: str) -> None:
    """Take a domain off the lists: its links are judged like any other again."""
    _allowed(user, selectors.user_may_change_link_domains)
    with transaction.atomic():
        row = LinkDomain.objects.select_for_update().filter(domain=domain).first()
        if row is None:
            raise ModerationError(ModerationErrorCode.UNKNOWN_DOMAIN)
        before = row.kind
        # Logged before the row goes: the entry keeps its content type and id for the history.
        log(
            instance=row,
            action="moderation.domain_change",
            user=user,
            data={"domain": domain, "before": before, "after": ""},
        )
        row.delete()
    _rules_changed()


# --- Shared --------------------------------------------------------------------------------------


def _allowed(user: Any, may: Callable[[Any], bool]) -> None:
    if not may(user):
        raise ModerationError(ModerationErrorCode.NOT_ALLOWED)


def _audit(instance: Model, action: str, user: Any, data: dict[str, Any]) -> None:
    transaction.on_commit(lambda: log(instance=instance, action=action, user=user, data=data))


def _rules_changed() -> None:
    """After commit: every process rebuilds its rules within a check; this one at once."""

    def bump() -> None:
        generation_bump()
        moderation_rules_expire()

    transaction.on_commit(bump)
