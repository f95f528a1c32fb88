"""Adversarial comments through the whole default pipeline: disguises, injections, extremes."""

from __future__ import annotations

import time

import pytest

from masthead.moderation.pipeline import moderation_warm_up, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict

from .conftest import make_submission


@pytest.fixture(scope="module", autouse=True)
def _warm():
    moderation_warm_up()


@pytest.mark.parametrize(
    "text",
    [
        "you are a piece of sh\u200bit",  # zero-width space inside the word
        "you are a piece of ѕhіt",  # Cyrillic dze and i among Latin letters
        "you are a piece of $h!t",  # leetspeak symbols
        "you are a piece of s-h-i-t",  # spaced with hyphens
        "you are a piece of \u202etihs\u202c",  # right-to-left override showing 'shit'
    ],
)
def test_disguised_profanity_is_caught(text):
    """Each disguise of the same word is undone before the rules look."""
    decision = submission_moderate(make_submission(text))
    assert decision.verdict >= Verdict.HOLD
    assert ReasonCode.PROFANITY in decision.reasons or ReasonCode.INSULT in decision.reasons


def test_html_and_script_are_plain_text_to_the_pipeline():
    """Markup is neither run nor stripped here: the text is judged, and escaped on display."""
    decision = submission_moderate(
        make_submission('<script>alert("x")</script><img src=x onerror=alert(1)> nice story')
    )
    assert decision.failures == ()


def test_a_link_hidden_in_markup_is_still_a_link():
    """An <a href> to an executable is found like any other link."""
    decision = submission_moderate(
        make_submission('<a href="http://203.0.113.5:8080/payload.exe">click</a>')
    )
    assert ReasonCode.MALWARE in decision.reasons


def test_a_100_kb_comment_is_decided_quickly():
    """A 100 KB comment is judged whole, in seconds at worst on a busy machine (no pattern blows
    up on long input: a catastrophic regular expression would take minutes)."""
    text = "The harbour story is interesting and the crews worked hard " * 1700
    assert len(text.encode()) > 100_000
    started = time.perf_counter()
    decision = submission_moderate(make_submission(text))
    assert time.perf_counter() - started < 5.0
    assert decision.failures == ()


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\n\n\n"])
def test_an_empty_comment_passes_through_without_error(text):
    """Emptiness is the form's to refuse; the pipeline finds nothing to object to."""
    decision = submission_moderate(make_submission(text))
    assert decision.failures == ()
    assert decision.verdict is Verdict.PASS


def test_mixed_scripts_in_an_honest_comment_are_not_an_offence():
    """A comment quoting Russian and Greek words in English prose passes."""
    text = "The word for harbour is гавань in Russian and λιμάνι in Greek, says the captain."
    assert submission_moderate(make_submission(text)).verdict is Verdict.PASS
