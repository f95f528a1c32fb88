"""ProductPromotionRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.promotion import ProductPromotionRule

from ..conftest import make_submission, prepared


def test_promotion_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(ProductPromotionRule).evaluate(
        make_submission("Use my promo code SAVE20 for the best prices")
    )
    assert hit is not None
    assert hit.code == ReasonCode.PRODUCT_PROMOTION
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_promotion_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(ProductPromotionRule).evaluate(
            make_submission("I bought the paper at the corner shop")
        )
        is None
    )


def test_a_pitch_phrase_inside_an_ordinary_sentence_is_only_noted():
    """ "Where will they shop now?" asks a question: the phrase is noted, not held."""
    hit = prepared(ProductPromotionRule).evaluate(
        make_submission("The mall closed last week. Where will they shop now?")
    )
    assert hit is None or hit.verdict is Verdict.PASS


def test_a_pitch_phrase_opening_a_clause_is_held():
    """ "Shop now and save" at the start of a sentence is a pitch."""
    for text in ("Shop now and save 50% on every order!", "Great deals here. Free shipping!"):
        hit = prepared(ProductPromotionRule).evaluate(make_submission(text))
        assert hit is not None and hit.verdict is Verdict.HOLD, text
