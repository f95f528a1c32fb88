"""The classifiers: our linear models load and score; alt-profanity-check scores as upstream;
the abuse rules' thresholds are calibrated together."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from masthead.moderation.classifiers import train
from masthead.moderation.classifiers.features import N_FEATURES
from masthead.moderation.classifiers.linear import linear_model_load
from masthead.moderation.classifiers.profanity import profanity_model_load
from masthead.moderation.classifiers.train import Signals
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


def test_the_abuse_and_hate_models_carry_their_calibrated_context_thresholds():
    """The thresholds chosen with the lists are in the files, and say how they were chosen."""
    abuse = linear_model_load("abuse")
    hate = linear_model_load("hate")
    assert 0 < abuse.context_at <= abuse.hold_at <= abuse.reject_at
    assert 0 < abuse.addressed_at <= abuse.hold_at
    assert 0 < hate.context_at <= 1.0
    calibration = abuse.meta["calibration"]
    assert isinstance(calibration, dict) and calibration["abuse_hold_at"] == abuse.hold_at
    assert hate.meta["balanced"] is True


def test_a_model_file_with_two_thresholds_still_loads(tmp_path):
    """Files written before the context thresholds load, with 'never' for the new ones."""
    path = tmp_path / "old.npz"
    np.savez_compressed(
        path,
        weights=np.zeros(N_FEATURES, dtype=np.float16),
        bias=np.array([0.0]),
        thresholds=np.array([0.4, 0.99]),
        meta=np.array(json.dumps({"seed": 1})),
    )
    model = linear_model_load(str(path))
    assert (model.hold_at, model.reject_at) == (0.4, 0.99)
    assert model.context_at > 1 and model.addressed_at > 1


@pytest.fixture
def small_grid(monkeypatch):
    """A coarser search grid: the same search, in milliseconds."""
    monkeypatch.setattr(train, "_GRID_HOLD", (0.5, 0.6, 0.7, 0.9, 1.01))
    monkeypatch.setattr(train, "_GRID_CONTEXT", (0.2, 0.3, 0.5, 1.01))


def _signals(**columns: list[Any]) -> Signals:
    size = len(columns["labels"])
    defaults = {
        "sets": ["davidson"] * size,
        "abuse": [0.0] * size,
        "hate": [0.0] * size,
        "always": [False] * size,
        "abuse_context": [False] * size,
        "hate_context": [False] * size,
        "addressed": [False] * size,
        "baseline": [0.0] * size,
    }
    return Signals(**{key: np.array(value) for key, value in {**defaults, **columns}.items()})


def test_calibration_holds_as_few_clean_comments_as_the_f1_floor_allows(monkeypatch, small_grid):
    """Given two offensive comments the model scores 0.95 and 0.62 and a clean one at 0.55, the
    search keeps F1 >= the floor with the threshold that spares the clean comment."""
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1", {"davidson": 0.9})
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1_OVER_BASELINE", {})
    monkeypatch.setattr(train, "CALIBRATION_MAX_CLEAN_SHARE", {})
    monkeypatch.setattr(train, "CALIBRATION_OBJECTIVE_SETS", ("davidson",))
    signals = _signals(labels=[1, 1, 0, 0], abuse=[0.95, 0.62, 0.55, 0.1])
    chosen = train.calibrate(signals)
    assert 0.55 < chosen["abuse_hold_at"] <= 0.62


def test_calibration_holds_a_flagged_word_only_where_the_model_agrees(monkeypatch, small_grid):
    """A flagged word in an offensive comment (score 0.45) and in a clean one (score 0.25): the
    context threshold falls between them, below the model's own hold threshold."""
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1", {"davidson": 0.99})
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1_OVER_BASELINE", {})
    monkeypatch.setattr(train, "CALIBRATION_MAX_CLEAN_SHARE", {})
    monkeypatch.setattr(train, "CALIBRATION_OBJECTIVE_SETS", ("davidson",))
    signals = _signals(
        labels=[1, 1, 0, 0],
        abuse=[0.99, 0.45, 0.25, 0.1],
        abuse_context=[False, True, True, False],
    )
    chosen = train.calibrate(signals)
    assert 0.25 < chosen["abuse_context_at"] <= 0.45


def test_calibration_refuses_when_no_thresholds_reach_the_floor(monkeypatch, small_grid):
    """An F1 floor nothing can reach is an error, not silently relaxed."""
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1", {"davidson": 0.99})
    monkeypatch.setattr(train, "CALIBRATION_MIN_F1_OVER_BASELINE", {})
    monkeypatch.setattr(train, "CALIBRATION_MAX_CLEAN_SHARE", {})
    signals = _signals(labels=[1, 0], abuse=[0.3, 0.9])
    with pytest.raises(RuntimeError, match="F1 floors"):
        train.calibrate(signals)


def test_the_profanity_model_loads_without_scikit_learn():
    """The shipped numbers, not the package's pickles: no scikit-learn or scipy in a worker
    (81 MB and 1.7 s of every web worker's start, issue 10)."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from masthead.moderation.classifiers.profanity import profanity_model_load\n"
        "print(round(profanity_model_load().score('fuck you idiot'), 3) > 0.5,"
        " 'sklearn' in sys.modules, 'scipy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "False", "False"]
