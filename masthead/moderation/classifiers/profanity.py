"""alt-profanity-check's model (offensive language, English), scored without its per-call cost.

The package's `predict_prob` runs scikit-learn's TF-IDF vectoriser and five calibrated linear
SVMs on every call: about 3 ms, most of it input validation. Its model is linear, so we read
the vocabulary, IDF and the five (weights, bias, sigmoid) triples once and score a text with a
dictionary lookup per word: the same probability (a test compares them), in microseconds.
The package loads its model when imported, so it is imported only in `profanity_model_load`.
Links, @mentions and placeholders are left out first, as for our own models (`features.py`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .features import LEFT_OUT


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
def profanity_model_load() -> ProfanityModel:
    from profanity_check import profanity_check as package

    vectorizer, model = package.vectorizer, package.model
    calibrated = []
    for classifier in model.calibrated_classifiers_:
        svm = classifier.estimator
        coefficients = svm.coef_[0]
        weights = {int(i): float(coefficients[i]) for i in coefficients.nonzero()[0]}
        sigmoid = classifier.calibrators[0]
        calibrated.append((weights, float(svm.intercept_[0]), float(sigmoid.a_), float(sigmoid.b_)))
    return ProfanityModel(
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=[float(x) for x in vectorizer.idf_],
        token_pattern=re.compile(vectorizer.token_pattern),
        stop_words=frozenset(vectorizer.get_stop_words() or ()),
        calibrated=tuple(calibrated),
    )
