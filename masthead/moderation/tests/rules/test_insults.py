"""Insult rule: threats, abuse and insults aimed at anyone (a reader, a public figure, a group)
are held; disagreement, and harsh words about an idea or a decision, are not."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.insults import InsultRule

from ..conftest import make_submission, prepared


def test_insult_rule_holds_a_threat():
    """'I know where you live' is a threat, whatever else is said."""
    hit = prepared(InsultRule).evaluate(make_submission("Careful, I know where you live."))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.INSULT, Verdict.HOLD)
    assert hit.evidence.words == ("i know where you live",)


def test_insult_rule_holds_abuse_the_model_recognises():
    """An abusive comment scores high on the abuse model."""
    hit = prepared(InsultRule).evaluate(make_submission("you are a worthless piece of shit bitch"))
    assert hit is not None
    score = hit.evidence.details["model_score"]
    assert isinstance(score, float) and score > 0.5


@pytest.mark.parametrize("text", ["you are so stupid", "You're pathetic, honestly."])
def test_insult_rule_holds_an_insult_said_to_someone(text):
    """A harsh word right after 'you' insults a reader: held."""
    hit = prepared(InsultRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert hit.evidence.details["addressed"] is True


@pytest.mark.parametrize(
    "text",
    [
        "The mayor is an idiot for closing the port.",
        "The harbour board are a bunch of morons.",
        "Those losers on the council never read the report.",
        "Only an imbecile would vote for this.",
    ],
)
def test_insult_rule_holds_an_insult_aimed_at_a_public_figure_or_a_group(text):
    """A word that names a person as an idiot insults whoever it is aimed at, a reader or not."""
    hit = prepared(InsultRule).evaluate(make_submission(text))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.INSULT, Verdict.HOLD)


@pytest.mark.parametrize(
    "text",
    [
        "You make a fair point, but closing the port was stupid of the mayor.",
        "Your argument is stupid: the port was shut for three days, not two.",
        "The idiotic timetable leaves at six.",
    ],
)
def test_insult_rule_only_flags_harsh_words_about_an_idea(text):
    """Harsh about a decision or an argument: noted for the desk (or nothing), published."""
    hit = prepared(InsultRule).evaluate(make_submission(text))
    assert hit is None or hit.verdict is Verdict.PASS


def test_insult_rule_passes_polite_disagreement():
    """Disagreeing with the article is the point of comments."""
    text = "I respectfully disagree: the figures in the third paragraph leave out the winter."
    assert prepared(InsultRule).evaluate(make_submission(text)) is None
