"""The whole default pipeline on everyday news comments: strong but civil words are published
(flagged at most); profanity, and insults aimed at anyone (a reader, a public figure, a group),
wait for a moderator, as the published standards say.

The sentences are written for these tests (none comes from the labelled data sets); they are
what a newsroom's comment section sees every day, and what the clean-held rate measures.
"""

from __future__ import annotations

import pytest

from masthead.moderation.pipeline import moderation_warm_up, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict

from .conftest import make_submission

ABUSE = {ReasonCode.PROFANITY, ReasonCode.HATRED, ReasonCode.INSULT, ReasonCode.TROLLING}


@pytest.fixture(scope="module", autouse=True)
def _warm():
    moderation_warm_up()


@pytest.mark.parametrize(
    "text",
    [
        "This is a bloody disgrace. The minister should resign today.",
        "What a damn mess the council has made of the ferry timetable.",
        "The mayor's decision to close the port before the storm was reckless and stupid.",
        "The minister's answer was an insult to every family on the island.",
        "I strongly disagree with the columnist: the policy is cruel and it will fail.",
        "Refugees from the camp were housed at the school; the town did itself proud.",
        "The mosque, the church and the synagogue ran the food bank together all week.",
        "I ain't finna wait three hours for a ferry again, this is ridiculous.",
    ],
)
def test_strong_but_civil_comments_are_published(text):
    """Strong words about a decision, mild expletives, dialect: published."""
    decision = submission_moderate(make_submission(text))
    assert decision.verdict is Verdict.PASS, decision.hits


@pytest.mark.parametrize(
    "text",
    [
        "The council's plan is bullshit and everyone on the quay knows it.",
        "Holy shit, three days without a ferry and nobody told us why.",
        "What the f**k is the harbour board doing?",
    ],
)
def test_profanity_waits_for_a_moderator(text):
    """Swearing, even as emphasis and even masked, is not published by default: held under
    the profanity standard, the author keeps the text and may rephrase."""
    decision = submission_moderate(make_submission(text))
    assert decision.verdict is Verdict.HOLD, decision.hits
    assert ReasonCode.PROFANITY in decision.reasons


@pytest.mark.parametrize(
    "text",
    [
        "The mayor is an idiot for closing the port before the storm had even started.",
        "fuck you, you know nothing about this town",
        "you are an absolute idiot and everyone here knows it",
        "those kikes own the ferry company",
        "Go back where you came from, nobody wants you here",
        "moslems are invaders and should be deported",
    ],
)
def test_abuse_aimed_at_readers_or_groups_waits_for_a_moderator(text):
    """Abuse of a reader, a public figure or a group is held (or rejected), under an abuse
    standard."""
    decision = submission_moderate(make_submission(text))
    assert decision.verdict >= Verdict.HOLD
    assert ABUSE & set(decision.reasons)
