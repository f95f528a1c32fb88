"""The pipeline: every configured rule, in order, on one submission; one decision out.

`submission_moderate(submission)` is what the comments app calls on submit (and again on
edit). It is pure apart from the rules' lazily loaded models: it reads no database and
writes nothing. Verdicts combine by taking the strictest; a rule may reject only when its
configured ACTION allows it *and* its measured reject precision is at least 0.95, otherwise
its reject becomes a hold. A rule that raises, or whose model or list fails to load, is
recorded as a `RuleFailure` and the submission is HELD: never dropped, never published
unchecked.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from . import app_settings
from .reasons import ReasonCode, RuleFailure, RuleHit, Verdict
from .rules.base import Rule
from .submission import Submission

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


def rule_build(entry: dict[str, Any]) -> ConfiguredRule:
    """One settings entry → a configured rule; ImproperlyConfigured says what is wrong."""
    name = entry.get("NAME", "")
    try:
        rule_class = import_string(name)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"Moderation rule {name!r} cannot be imported: {error}"
        ) from error
    if not (isinstance(rule_class, type) and issubclass(rule_class, Rule)):
        raise ImproperlyConfigured(f"Moderation rule {name!r} is not a Rule subclass.")
    try:
        rule = rule_class(**entry.get("OPTIONS", {}))
    except TypeError as error:
        raise ImproperlyConfigured(f"Moderation rule {name!r}: {error}") from error
    default_action = "reject" if rule_class.may_reject() else "hold"
    action_name = entry.get("ACTION", default_action)
    if action_name not in ACTIONS:
        raise ImproperlyConfigured(
            f"Moderation rule {name!r}: ACTION {action_name!r} is not one of {sorted(ACTIONS)}."
        )
    return ConfiguredRule(rule=rule, action=ACTIONS[action_name])


def rules_build(config: list[dict[str, Any]]) -> list[ConfiguredRule]:
    return [rule_build(entry) for entry in config if entry.get("ENABLED", True)]


_rules: list[ConfiguredRule] | None = None
_refreshed_at = 0.0


def moderation_rules() -> list[ConfiguredRule]:
    """The configured rules, built once per process (and rebuilt when settings change)."""
    global _rules, _refreshed_at
    if _rules is None:
        _rules = rules_build(app_settings.rules_config())
        _refreshed_at = time.monotonic()
    elif time.monotonic() - _refreshed_at > REFRESH_SECONDS:
        _refreshed_at = time.monotonic()
        for configured in _rules:
            refresh = getattr(configured.rule, "refresh", None)
            if refresh is not None and configured.rule.is_prepared:
                try:
                    refresh()
                except Exception:
                    logger.exception("Refreshing %s failed", configured.rule.path())
    return _rules


@receiver(setting_changed)
def rules_reset_on_setting_change(*, setting: str, **kwargs: Any) -> None:
    global _rules
    if setting.startswith("MASTHEAD_MODERATION") or setting == "VAR_DIR":
        _rules = None


def moderation_warm_up(rules: list[ConfiguredRule] | None = None) -> list[RuleFailure]:
    """Prepare every rule now (models, lists) instead of on the first comment."""
    failures = []
    for configured in rules if rules is not None else moderation_rules():
        failure = _prepare(configured.rule)
        if failure is not None:
            failures.append(failure)
    return failures


def _prepare(rule: Rule) -> RuleFailure | None:
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
