"""The pipeline: every configured rule, in order, on one submission; one decision out.

`submission_moderate(submission)` is what the comments app calls on submit (and again on
edit). It is pure apart from the rules' lazily loaded models: it reads no database and
writes nothing. Verdicts combine by taking the strictest; a rule may reject only when its
configured ACTION allows it *and* its measured reject precision is at least 0.95, otherwise
its reject becomes a hold. A rule that raises, or whose model or list fails to load, is
recorded as a `RuleFailure` and the submission is HELD: never dropped, never published
unchecked.

Each process builds its rules once (`RuleSet`): from the settings, with the moderators'
changes in the admin on top (`settings_store`), and rebuilds them within
`MASTHEAD_MODERATION_CHECK_SECONDS` of a change made in any process (one cache read per check,
no query per comment).
`moderation_boot()` prepares them when a web or task worker starts (config/gunicorn.py, the
`db_worker` and `rqworker` commands), so the first comment does not wait for the models.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from . import app_settings, settings_store
from .domains import NO_DOMAINS, DomainLists
from .reasons import ReasonCode, RuleFailure, RuleHit, Verdict
from .rules._model_rule import ListAndModelRule
from .rules.base import Rule, WatchedWordsRule
from .submission import Submission
from .wordlists import WatchedOverride

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 30.0
ACTIONS = {"flag": Verdict.PASS, "hold": Verdict.HOLD, "reject": Verdict.REJECT}


@dataclass(frozen=True)
class ConfiguredRule:
    rule: Rule
    action: Verdict  # the strictest verdict this rule may give


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    hits: tuple[RuleHit, ...] = ()
    failures: tuple[RuleFailure, ...] = ()

    @property
    def reasons(self) -> tuple[ReasonCode, ...]:
        """The standards that decided the verdict (flags that passed are left out)."""
        reasons = [hit.code for hit in self.hits if hit.verdict == self.verdict and hit.verdict]
        if self.failures and self.verdict is Verdict.HOLD:
            reasons.append(ReasonCode.CHECK_FAILED)
        return tuple(dict.fromkeys(reasons))

    @property
    def is_published(self) -> bool:
        return self.verdict is Verdict.PASS


def rule_build(
    entry: dict[str, Any],
    *,
    word_overrides: Mapping[str, tuple[WatchedOverride, ...]] | None = None,
    domains: DomainLists = NO_DOMAINS,
) -> ConfiguredRule:
    """One settings entry → a configured rule; ImproperlyConfigured says what is wrong.

    `word_overrides`: the moderators' watched-words entries per list name, for the rules that
    read a list (`WatchedWordsRule`). `domains`: the trusted and blocked link domains, for the
    rules that read links (`Rule.reads_link_domains`).
    """
    name = entry.get("NAME", "")
    try:
        rule_class = import_string(name)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"Moderation rule {name!r} cannot be imported: {error}"
        ) from error
    if not (isinstance(rule_class, type) and issubclass(rule_class, Rule)):
        raise ImproperlyConfigured(f"Moderation rule {name!r} is not a Rule subclass.")
    options = entry.get("OPTIONS", {})
    rule: Rule
    try:
        if issubclass(rule_class, WatchedWordsRule) and word_overrides:
            list_name = {**rule_class.default_options, **options}.get("list", "")
            if issubclass(rule_class, ListAndModelRule) and list_name:
                # The editions' own lists ("profanity.fr") are edited in the admin too.
                options = {
                    **options,
                    "edition_overrides": {
                        name: entries
                        for name, entries in word_overrides.items()
                        if name.startswith(f"{list_name}.")
                    },
                }
            rule = rule_class(list_overrides=word_overrides.get(list_name, ()), **options)
        else:
            rule = rule_class(**options)
    except TypeError as error:
        raise ImproperlyConfigured(f"Moderation rule {name!r}: {error}") from error
    if rule_class.reads_link_domains:
        rule.link_domains = domains
    default_action = "reject" if rule_class.may_reject() else "hold"
    action_name = entry.get("ACTION", default_action)
    if action_name not in ACTIONS:
        raise ImproperlyConfigured(
            f"Moderation rule {name!r}: ACTION {action_name!r} is not one of {sorted(ACTIONS)}."
        )
    return ConfiguredRule(rule=rule, action=ACTIONS[action_name])


def rules_build(
    config: list[dict[str, Any]],
    *,
    word_overrides: Mapping[str, tuple[WatchedOverride, ...]] | None = None,
    domains: DomainLists = NO_DOMAINS,
) -> list[ConfiguredRule]:
    return [
        rule_build(entry, word_overrides=word_overrides, domains=domains)
        for entry in config
        if entry.get("ENABLED", True)
    ]


def _same_rule(old: ConfiguredRule, new: ConfiguredRule) -> bool:
    """Built from the same configuration: the old one (already prepared) can be kept."""
    return (
        type(old.rule) is type(new.rule)
        and old.rule.options == new.rule.options
        and old.action == new.action
        and getattr(old.rule, "list_overrides", ()) == getattr(new.rule, "list_overrides", ())
        and old.rule.link_domains == new.rule.link_domains
        and getattr(old.rule, "edition_overrides", {}) == getattr(new.rule, "edition_overrides", {})
    )


class RuleSet:
    """One process's rules: built once, rebuilt when the settings or the moderators' overrides
    change, the rules' own lists refreshed every REFRESH_SECONDS.

    Whether the overrides changed costs one cache read every `check_seconds` (the generation
    in `settings_store`), never a query per comment. A rebuild reads the overrides (two
    queries) and keeps every rule whose configuration is unchanged, prepared, so models and
    lists are not loaded again. `clock` is there for the tests of staleness.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.rules: list[ConfiguredRule] | None = None
        self.generation: str | None = None
        self.checked_at = 0.0
        self.refreshed_at = 0.0
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Forget the rules (the settings changed): the next call builds them again."""
        self.rules = None

    def expire(self) -> None:
        """Ask the cache at the next call, without waiting for `check_seconds`."""
        self.checked_at = float("-inf")

    def current(self) -> list[ConfiguredRule]:
        now = self.clock()
        rules = self.rules
        if rules is None:
            return self._rebuild(now)
        if now - self.checked_at >= app_settings.check_seconds():
            self.checked_at = now
            if app_settings.admin_overrides_enabled() and (
                self.generation is None or settings_store.generation_current() != self.generation
            ):
                return self._rebuild(now)
        if now - self.refreshed_at > REFRESH_SECONDS:
            self.refreshed_at = now
            for configured in rules:
                refresh = getattr(configured.rule, "refresh", None)
                if refresh is not None and configured.rule.is_prepared:
                    try:
                        refresh()
                    except Exception:
                        logger.exception("Refreshing %s failed", configured.rule.path())
        return rules

    def _rebuild(self, now: float) -> list[ConfiguredRule]:
        with self._lock:
            # The token is read before the overrides: a change committed in between bumps it
            # again, and the next check rebuilds once more.
            generation = (
                settings_store.generation_current()
                if app_settings.admin_overrides_enabled()
                else None
            )
            overrides = settings_store.overrides_load()
            if overrides is None:
                generation, overrides = None, settings_store.Overrides()
            previous = {configured.rule.path(): configured for configured in self.rules or ()}
            rules = []
            for entry in app_settings.rules_config():
                merged = settings_store.rule_entry_merged(
                    entry, overrides.rules.get(entry.get("NAME", ""))
                )
                configured = self._build(entry, merged, overrides)
                if configured is None:
                    continue
                old = previous.get(configured.rule.path())
                rules.append(old if old is not None and _same_rule(old, configured) else configured)
            self.rules, self.generation = rules, generation
            self.checked_at = self.refreshed_at = now
            return rules

    @staticmethod
    def _build(
        entry: dict[str, Any], merged: dict[str, Any], overrides: settings_store.Overrides
    ) -> ConfiguredRule | None:
        """The rule as the moderators set it; as the settings file says if that cannot be built."""
        try:
            if not merged.get("ENABLED", True):
                return None
            return rule_build(merged, word_overrides=overrides.words, domains=overrides.domains)
        except ImproperlyConfigured:
            if merged is entry:
                raise
            logger.exception(
                "Moderation rule %s: the moderators' settings do not work; using the settings "
                "file's until they are corrected in the admin.",
                entry.get("NAME"),
            )
        if not entry.get("ENABLED", True):
            return None
        return rule_build(entry, word_overrides=overrides.words, domains=overrides.domains)


_process_rules = RuleSet()


def moderation_rules() -> list[ConfiguredRule]:
    """This process's rules: the settings with the moderators' changes on top, kept current."""
    return _process_rules.current()


def moderation_rules_expire() -> None:
    """This process changed the overrides: look at once, not at the next check."""
    _process_rules.expire()


@receiver(setting_changed)
def rules_reset_on_setting_change(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("MASTHEAD_MODERATION") or setting == "VAR_DIR":
        _process_rules.reset()


def moderation_boot(process: str) -> list[RuleFailure]:
    """Build and prepare the rules as a web or task worker starts; say loudly what failed.

    A rule that cannot be prepared holds every comment until it can: that is an incident, so it
    is logged as an error with each failure, not left for the first comment to find.
    """
    started = time.perf_counter()
    rules = moderation_rules()
    failures = moderation_warm_up(rules)
    if failures:
        logger.error(
            "Moderation (%s, pid %s): %d of %d rules could not be prepared, so every comment "
            "will be held until they can: %s",
            process,
            os.getpid(),
            len(failures),
            len(rules),
            "; ".join(f"{failure.rule}: {failure.error}" for failure in failures),
        )
    else:
        logger.info(
            "Moderation (%s, pid %s): %d rules prepared in %.1f s",
            process,
            os.getpid(),
            len(rules),
            time.perf_counter() - started,
        )
    return failures


def moderation_preload() -> int:
    """Prepare, in gunicorn's master before it forks the web workers, the rules whose
    preparation only fills a process-wide cache from files (`Rule.preload_before_fork`).

    Each worker then prepares its own rules (`moderation_boot`) with the moderators'
    overrides, and finds the lists and models already in memory: a worker that replaces one
    that died serves comments sooner (issue 10: within 5 s), and the models' pages are shared
    by every worker until one writes to them. Built from the settings alone: the master opens
    no database connection that its workers would inherit. Returns how many were prepared; a
    rule that fails here is left to the workers, which log it as the incident it is.
    """
    prepared = 0
    for entry in app_settings.rules_config():
        try:
            if not entry.get("ENABLED", True):
                continue
            rule = rule_build(entry).rule
            if type(rule).preload_before_fork:
                rule.prepare()
                prepared += 1
        except Exception as error:
            logger.warning("Moderation rule %s not preloaded: %s", entry.get("NAME"), error)
    return prepared


def moderation_warm_up(rules: list[ConfiguredRule] | None = None) -> list[RuleFailure]:
    """Prepare every rule now (models, lists) instead of on the first comment."""
    failures = []
    for configured in rules if rules is not None else moderation_rules():
        failure = _prepare(configured.rule)
        if failure is not None:
            failures.append(failure)
    return failures


# One preparation at a time per process: a comment arriving while the start-up warm-up (a
# thread in gunicorn workers) loads a model waits for it rather than loading it a second time.
_prepare_lock = threading.Lock()


def _prepare(rule: Rule) -> RuleFailure | None:
    if rule.is_prepared:
        return None
    with _prepare_lock:
        if rule.is_prepared:
            return None
        try:
            rule.prepare()
        except Exception as error:
            logger.exception("Moderation rule %s could not be prepared", rule.path())
            return RuleFailure(rule=rule.path(), error=f"{type(error).__name__}: {error}")
    return None


def submission_moderate(
    submission: Submission, *, rules: list[ConfiguredRule] | None = None
) -> Decision:
    """Run the rules in order on `submission` and combine what they found into a decision."""
    hits: list[RuleHit] = []
    failures: list[RuleFailure] = []
    stop_on_reject = app_settings.stop_on_reject()
    for configured in rules if rules is not None else moderation_rules():
        rule = configured.rule
        failure = _prepare(rule)
        if failure is not None:
            failures.append(failure)
            continue
        try:
            hit = rule.evaluate(submission)
        except Exception as error:
            logger.exception("Moderation rule %s failed", rule.path())
            failures.append(RuleFailure(rule=rule.path(), error=f"{type(error).__name__}: {error}"))
            continue
        if hit is None:
            continue
        verdict = min(hit.verdict, configured.action)
        if verdict is Verdict.REJECT and not type(rule).may_reject():
            verdict = Verdict.HOLD
        hits.append(replace(hit, verdict=verdict, rule=rule.path()))
        if verdict is Verdict.REJECT and stop_on_reject:
            break
    verdict = max((hit.verdict for hit in hits), default=Verdict.PASS)
    if failures:
        verdict = max(verdict, Verdict.HOLD)
    return Decision(verdict=verdict, hits=tuple(hits), failures=tuple(failures))
