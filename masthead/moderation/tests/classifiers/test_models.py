"""The classifiers: our linear models load and score; alt-profanity-check scores as upstream."""

from __future__ import annotations

import pytest

from masthead.moderation.classifiers.linear import linear_model_load
from masthead.moderation.classifiers.profanity import profanity_model_load
from masthead.moderation.text import text_normalise

SAMPLES = [
    "You are a lovely person and this article is good",
    "what a shitty article, the author is a moron",
    "fuck you idiot",
    "Das ist gut",
    "",
]


def test_our_fast_profanity_scorer_gives_alt_profanity_checks_own_probabilities():
    """Reading the model once and scoring by dictionary gives the package's numbers."""
    from profanity_check import predict_prob

    model = profanity_model_load()
    assert [round(model.score(t), 9) for t in SAMPLES] == [
        round(float(p), 9) for p in predict_prob(SAMPLES)
    ]


@pytest.mark.parametrize("name", ["abuse", "hate", "spam"])
def test_each_shipped_model_loads_with_thresholds_and_provenance(name):
    """Weights, thresholds chosen on validation rows, and what it was trained on."""
    model = linear_model_load(name)
    assert 0 < model.hold_at <= model.reject_at
    assert model.meta["seed"] and model.meta["trained_on"]


def test_the_abuse_model_scores_abuse_above_a_friendly_comment():
    """Scores order texts as they should."""
    model = linear_model_load("abuse")

    def score(text: str) -> float:
        return model.score(text_normalise(text).folded, text)

    assert score("you stupid worthless bitch") > model.hold_at > score("Thank you for this report")


def test_a_missing_model_file_raises_so_the_pipeline_holds(tmp_path):
    """No silent fallback: a missing model is an error the pipeline turns into a hold."""
    with pytest.raises(FileNotFoundError):
        linear_model_load(str(tmp_path / "missing.npz"))
