"""The pipeline: rules in order, the strictest verdict wins, a failing rule holds."""

from __future__ import annotations

from typing import ClassVar

from django.test import override_settings

from masthead.moderation.pipeline import (
    moderation_rules,
    rules_build,
    submission_moderate,
)
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.base import Rule

from .conftest import make_submission

RULES = "masthead.moderation.rules"


class BrokenRule(Rule):
    """A rule with a bug: it raises on every comment."""

    code = ReasonCode.SPAM
    explanation = "broken"

    def evaluate(self, submission):
        raise RuntimeError("bug in the rule")


class UnloadableRule(Rule):
    """A rule whose model cannot be loaded."""

    code = ReasonCode.INSULT
    explanation = "unloadable"

    def prepare(self):
        raise FileNotFoundError("models/missing.npz")


class AlwaysRejectRule(Rule):
    """A rule that asks to reject everything, with a measured precision below the bar."""

    code = ReasonCode.SPAM
    explanation = "always"
    reject_precision: ClassVar[float | None] = 0.9

    def evaluate(self, submission):
        return self.hit(verdict=Verdict.REJECT)


class PreciseRejectRule(AlwaysRejectRule):
    reject_precision: ClassVar[float | None] = 0.99


class CountingRule(Rule):
    code = ReasonCode.CAPITALS
    explanation = "counting"
    calls: ClassVar[list[str]] = []

    def evaluate(self, submission):
        self.calls.append(submission.text)
        return None


def build(*names, **entry):
    return rules_build([{"NAME": f"{__name__}.{name}", **entry} for name in names])


def test_a_rule_that_raises_holds_the_comment_and_records_the_failure():
    """A bug in a rule never drops a comment and never publishes it unchecked."""
    decision = submission_moderate(make_submission("Hello"), rules=build("BrokenRule"))
    assert decision.verdict is Verdict.HOLD
    assert decision.reasons == (ReasonCode.CHECK_FAILED,)
    assert decision.failures[0].error == "RuntimeError: bug in the rule"
    assert decision.failures[0].rule.endswith("BrokenRule")


def test_a_model_that_fails_to_load_holds_the_comment():
    """A rule whose prepare() raises holds every comment until its model loads."""
    decision = submission_moderate(make_submission("Hello"), rules=build("UnloadableRule"))
    assert decision.verdict is Verdict.HOLD
    assert "FileNotFoundError" in decision.failures[0].error


def test_the_other_rules_still_run_after_one_fails():
    """One broken rule does not hide what the others find."""
    rules = build("BrokenRule", "CountingRule")
    CountingRule.calls.clear()
    submission_moderate(make_submission("still checked"), rules=rules)
    assert CountingRule.calls == ["still checked"]


def test_a_rule_below_the_precision_bar_holds_instead_of_rejecting():
    """Only a rule measured at 0.95 precision or better may reject on its own."""
    decision = submission_moderate(
        make_submission("x"), rules=build("AlwaysRejectRule", ACTION="reject")
    )
    assert decision.verdict is Verdict.HOLD


def test_a_spam_pitch_is_rejected_by_the_default_rules_with_its_reason():
    """The spam rule is precise enough (measured) to reject on its own."""
    decision = submission_moderate(
        make_submission(
            "WINNER!! You have won a guaranteed cash prize of £2000. Text CLAIM to 80082 now, "
            "free entry, T&Cs apply"
        )
    )
    assert (decision.verdict, decision.reasons) == (Verdict.REJECT, (ReasonCode.SPAM,))


def test_a_precise_rule_rejects_and_the_dearer_rules_after_it_are_skipped():
    """A rejection stops the pipeline: the author already knows what to fix."""
    CountingRule.calls.clear()
    decision = submission_moderate(
        make_submission("x"), rules=build("PreciseRejectRule", "CountingRule")
    )
    assert decision.verdict is Verdict.REJECT
    assert decision.reasons == (ReasonCode.SPAM,)
    assert CountingRule.calls == []


def test_the_configured_action_caps_a_rules_verdict():
    """ACTION 'flag' publishes what the rule finds and keeps it for the moderators."""
    decision = submission_moderate(
        make_submission("x"), rules=build("PreciseRejectRule", ACTION="flag")
    )
    assert decision.verdict is Verdict.PASS
    assert decision.hits[0].verdict is Verdict.PASS and decision.reasons == ()


def test_a_clean_comment_passes_the_default_rules():
    """An ordinary comment runs through every default rule and is published."""
    decision = submission_moderate(
        make_submission("Good to see the harbour open again. Well done to the crews.")
    )
    assert decision.verdict is Verdict.PASS, decision
    assert decision.failures == ()


def test_the_default_rules_hold_a_comment_breaking_two_standards_and_explain_both():
    """Each standard broken is a hit with its own explanation and evidence."""
    decision = submission_moderate(
        make_submission("Write to jane.doe@example.org, this council is full of shit")
    )
    assert decision.verdict is Verdict.HOLD
    assert {ReasonCode.PRIVACY, ReasonCode.PROFANITY} <= set(decision.reasons)
    assert all(str(hit.explanation) for hit in decision.hits)


def test_rules_run_in_the_order_of_the_setting():
    """The setting's order is the pipeline's order."""
    with override_settings(
        MASTHEAD_MODERATION_RULES=[
            {"NAME": f"{RULES}.capitals.CapitalsRule"},
            {"NAME": f"{RULES}.privacy.PrivacyRule", "ENABLED": False},
            {"NAME": f"{RULES}.profanity.ProfanityRule", "OPTIONS": {"use_model": False}},
        ]
    ):
        names = [type(configured.rule).__name__ for configured in moderation_rules()]
    assert names == ["CapitalsRule", "ProfanityRule"]
