"""Capitals rule: shouting and walls of text are held; short exclamations are not."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.capitals import CapitalsRule

from ..conftest import make_submission, prepared


def test_capitals_rule_holds_a_comment_written_in_capitals():
    """A long comment in capitals is held with the capitals reason."""
    hit = prepared(CapitalsRule).evaluate(
        make_submission("THIS IS THE WORST DECISION THE COUNCIL HAS EVER MADE, SHAME ON THEM")
    )
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.CAPITALS, Verdict.HOLD)


def test_capitals_rule_lets_a_short_exclamation_through():
    """'WOW, GREAT NEWS' is too short to count as shouting."""
    assert prepared(CapitalsRule).evaluate(make_submission("WOW, GREAT NEWS")) is None


def test_capitals_rule_holds_a_long_text_never_broken_into_sentences():
    """Two hundred words without a full stop is a wall of text."""
    hit = prepared(CapitalsRule).evaluate(make_submission("and then " * 100))
    assert hit is not None and hit.evidence.details["words_without_break"] == 200


def test_capitals_rule_passes_ordinary_prose():
    """Normal sentences with a few acronyms (NATO, UK) pass."""
    text = "The UK and NATO said the port would reopen. Ships are back. Good news for everyone."
    assert prepared(CapitalsRule).evaluate(make_submission(text)) is None


def test_capitals_rule_leaves_mentions_links_and_placeholders_out():
    """ "@USER @USER URL" and links written in capitals are not the author shouting."""
    text = "@USER @USER @USER @USER @USER URL URL HTTPS://WWW.BBC.CO.UK/NEWS so true"
    assert prepared(CapitalsRule).evaluate(make_submission(text)) is None
