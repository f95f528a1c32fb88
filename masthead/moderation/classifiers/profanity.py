"""alt-profanity-check's model (offensive language, English), scored without its per-call cost.

The package's `predict_prob` runs scikit-learn's TF-IDF vectoriser and five calibrated linear
SVMs on every call: about 3 ms, most of it input validation. Its model is linear, so we read
the vocabulary, IDF and the five (weights, bias, sigmoid) triples once and score a text with a
dictionary lookup per word: the same probability (a test compares them), in microseconds.

What we read ships as models/profanity_check.npz (alt-profanity-check 1.9.1, MIT licence:
classifiers/README.md), written by `profanity_model_export` from the package. Importing the
package loads scikit-learn and scipy to unpickle it: 81 MB in every web worker and 1.7 s of its
start (issue 10's memory and first-comment targets); the file holds the same numbers and loads
in milliseconds with numpy alone. Links, @mentions and placeholders are left out first, as for
our own models (`features.py`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import LEFT_OUT

SHIPPED = Path(__file__).resolve().parent / "models" / "profanity_check.npz"


@dataclass(frozen=True)
class ProfanityModel:
    vocabulary: dict[str, int]
    idf: list[float]
    token_pattern: re.Pattern[str]
    stop_words: frozenset[str]
    calibrated: tuple[tuple[dict[int, float], float, float, float], ...]

    def score(self, text: str) -> float:
        """Probability that `text` is offensive, as `profanity_check.predict_prob` gives it."""
        counts = Counter(
            token
            for token in self.token_pattern.findall(LEFT_OUT.sub(" ", text.lower()))
            if token not in self.stop_words
        )
        features: dict[int, float] = {}
        for token, count in counts.items():
            index = self.vocabulary.get(token)
            if index is not None:
                features[index] = count * self.idf[index]
        norm = math.sqrt(sum(v * v for v in features.values())) or 1.0
        total = 0.0
        for weights, bias, slope, offset in self.calibrated:
            margin = bias + sum(weights.get(i, 0.0) * v for i, v in features.items()) / norm
            total += 1.0 / (1.0 + math.exp(slope * margin + offset))
        return total / len(self.calibrated)


@lru_cache(maxsize=1)
def profanity_model_load(path: Path = SHIPPED) -> ProfanityModel:
    """The model as shipped (`profanity_model_export` wrote it from the package)."""
    with np.load(path, allow_pickle=False) as saved:
        words = str(saved["vocabulary"]).split("\n")
        coefficients = saved["coefficients"]
        calibrated = tuple(
            (
                {int(i): float(row[i]) for i in row.nonzero()[0]},
                float(bias),
                float(slope),
                float(offset),
            )
            for row, bias, slope, offset in zip(
                coefficients, saved["intercepts"], saved["slopes"], saved["offsets"], strict=True
            )
        )
        return ProfanityModel(
            vocabulary={word: index for index, word in enumerate(words)},
            idf=[float(x) for x in saved["idf"]],
            token_pattern=re.compile(str(saved["token_pattern"])),
            stop_words=frozenset(str(saved["stop_words"]).split("\n")),
            calibrated=calibrated,
        )


def profanity_model_export(path: Path = SHIPPED) -> None:
    """Write what `ProfanityModel` needs from the installed alt-profanity-check to `path`.

    Run again when the package is upgraded:
        python -c "from masthead.moderation.classifiers.profanity import profanity_model_export
        as e; e()"
    """
    from profanity_check import profanity_check as package

    vectorizer, model = package.vectorizer, package.model
    vocabulary = sorted(vectorizer.vocabulary_.items(), key=lambda item: int(item[1]))
    assert [int(index) for _word, index in vocabulary] == list(range(len(vocabulary)))
    classifiers = model.calibrated_classifiers_
    np.savez_compressed(
        path,
        vocabulary=np.array("\n".join(str(word) for word, _index in vocabulary)),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coefficients=np.stack([c.estimator.coef_[0] for c in classifiers]).astype(np.float64),
        intercepts=np.array([c.estimator.intercept_[0] for c in classifiers], dtype=np.float64),
        slopes=np.array([c.calibrators[0].a_ for c in classifiers], dtype=np.float64),
        offsets=np.array([c.calibrators[0].b_ for c in classifiers], dtype=np.float64),
        token_pattern=np.array(vectorizer.token_pattern),
        stop_words=np.array("\n".join(sorted(vectorizer.get_stop_words() or ()))),
    )
