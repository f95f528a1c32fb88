"""Hatred rule: slurs and dehumanising speech are held; talk about groups, and words a dialect
has reclaimed, are not."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.hatred import HatredRule

from ..conftest import make_submission, prepared


def test_hatred_rule_holds_a_dehumanising_phrase():
    """Telling people to go back to their country is on the list."""
    hit = prepared(HatredRule).evaluate(make_submission("Just go back where you came from"))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.HATRED, Verdict.HOLD)


def test_hatred_rule_holds_a_disguised_slur():
    """A slur written with a digit for a letter is still found."""
    hit = prepared(HatredRule).evaluate(make_submission("what a f4ggot"))
    assert hit is not None and "faggot*" in hit.evidence.words
    assert hit.verdict is Verdict.HOLD


@pytest.mark.parametrize(
    "text",
    [
        "those kikes run the banks",
        "send the wetbacks home",
        "moslems are invaders and should be deported",
    ],
)
def test_hatred_rule_holds_slurs_aimed_at_a_group(text):
    """A slur with no ordinary use holds alone; a flagged one holds with the model's agreement."""
    hit = prepared(HatredRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD


def test_hatred_rule_reports_the_models_score():
    """The trained model's score is in the evidence for the moderator."""
    hit = prepared(HatredRule).evaluate(make_submission("go back where you came from"))
    assert hit is not None
    assert hit.evidence.details["model"] == "hate"


@pytest.mark.parametrize(
    "text",
    [
        "The mosque and the synagogue organised a joint food bank for refugees.",
        "The refugees arrived on Monday and were housed at the school.",
        "Gay couples deserve the same rights as everyone else.",
    ],
)
def test_hatred_rule_passes_reporting_about_minorities(text):
    """Writing about a community with respect is not hatred."""
    assert prepared(HatredRule).evaluate(make_submission(text)) is None


def test_hatred_rule_only_flags_a_reclaimed_word():
    """A [flag] entry without the hate model's agreement is noted for the desk, not held: a
    dialect is not hatred (Davidson's labels over-mark African-American English)."""
    hit = prepared(HatredRule).evaluate(make_submission("my niggas came through for my birthday"))
    assert hit is not None and hit.verdict is Verdict.PASS


def test_hatred_rule_holds_a_historical_name_for_a_moderator_never_rejects_it():
    """A [flag] slur is held at the hate model's mild agreement (0.3, chosen across sets:
    `train.CROSS_SET_HATE_CONTEXT_AT`), so a historical name the model half-suspects waits for a
    moderator: the price of catching slurs in sets no model saw. It is never rejected."""
    text = "The Negro Leagues exhibition opens at the museum next week."
    hit = prepared(HatredRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert [span.text for span in hit.evidence.spans] == ["Negro"]


@pytest.mark.parametrize(
    "text",
    [
        "I ain't finna go to work today, it's too cold",
        "we was chillin at the crib all day, my brother cooked",
    ],
)
def test_hatred_rule_passes_african_american_english(text):
    """Everyday African-American English sentences are not held or flagged."""
    assert prepared(HatredRule).evaluate(make_submission(text)) is None
