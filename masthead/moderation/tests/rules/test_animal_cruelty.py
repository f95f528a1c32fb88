"""AnimalCrueltyRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.animal_cruelty import AnimalCrueltyRule

from ..conftest import make_submission, prepared


def test_animal_cruelty_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(AnimalCrueltyRule).evaluate(
        make_submission("someone should poison the dogs in that park")
    )
    assert hit is not None
    assert hit.code == ReasonCode.ANIMAL_CRUELTY
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_animal_cruelty_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(AnimalCrueltyRule).evaluate(
            make_submission("The shelter found homes for twelve dogs")
        )
        is None
    )
