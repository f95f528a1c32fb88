"""Train the n-gram model that tells Galician from its neighbours (lingua has no Galician).

    python -m masthead.moderation.classifiers.train_language [--data PATH] [--folds 5]

Reads only the training side of Tatoeba's language-ID data in ../shared/data
(`langid_tatoeba_tatodet/*_1000.csv`, 1,000 sentences per language); its `testset.csv` is what
`bench/moderation_eval.py` measures on, less the sentences also in the training files
(`tatoeba_training_ids`), and is never read here.

The model knows Galician and the Latin-script languages of the files (Portuguese, Spanish,
Catalan, Italian, French, English): a Galician text must be told from each. Every choice is made
by k-fold cross-validation on the training files, replaying the rule's decision
(`language_choose`: lingua over the rule's default candidates, then lingua and the model
together) on each held-out fold with a model that did not see it. Chosen so: the smoothing, the
n-gram orders, how much of lingua's confidence must lie on the model's languages before the
model is asked, and how much the model counts against lingua. The criterion is the accuracy
over all ten languages on sentences of 20 characters or more (shorter ones get no verdict), no
verdict counted as wrong. The final model is trained on every training sentence and written to
`models/language_iberian.npz`: n-grams and their smoothed log-probabilities, no sentence.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import datasets
from .language import (
    DEFAULT_LANGUAGES,
    MODELS_DIR,
    NgramLanguageModel,
    language_choose,
    language_confidences,
    language_sample,
    ngram_model_save,
    ngrams,
)

SEED = 20240404
ISO3_TO_1 = {
    "eng": "en", "fra": "fr", "spa": "es", "por": "pt", "ita": "it", "cat": "ca", "glg": "gl",
    "cmn": "zh", "jpn": "ja", "kor": "ko",
}  # fmt: skip
MODEL_LANGUAGES = ("gl", "pt", "es", "ca", "it", "fr", "en")
STAND_INS = {"gl": ("pt", "es", "ca")}  # lingua's confidence in these stands for Galician
MIN_CHARACTERS = 20  # the rule's default: shorter texts get no verdict
MIN_CONFIDENCE = 0.2  # the rule's default

ALPHAS = (0.03, 0.1, 0.3)
ORDERS = ((1, 2, 3, 4), (1, 2, 3, 4, 5))
SHARES = (0.1, 0.3, 0.5, 0.7)
WEIGHTS = (3.0, 5.0, 10.0, 20.0, 30.0)


@dataclass(frozen=True)
class Sentence:
    identifier: str
    language: str  # ISO 639-1
    text: str


def tatoeba_training(root: Path) -> Iterator[Sentence]:
    """The `*_1000.csv` files: tab-separated id, ISO 639-3 language, sentence; no header."""
    for path in sorted((root / "langid_tatoeba_tatodet").glob("*_1000.csv")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                identifier, language, text = line.rstrip("\n").split("\t", 2)
                yield Sentence(identifier, ISO3_TO_1[language], text)


def tatoeba_training_ids(root: Path) -> set[str]:
    """Ids of the training sentences: the test set's rows among them are left out of the test."""
    return {sentence.identifier for sentence in tatoeba_training(root)}


def fold_of(identifier: str, folds: int) -> int:
    digest = hashlib.sha256(f"{SEED}:tatoeba-fold:{identifier}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def model_build(
    sentences: list[Sentence],
    *,
    alpha: float,
    orders: tuple[int, ...],
    weight: float = 10.0,
    min_share: float = 0.1,
    meta: dict[str, Any] | None = None,
) -> NgramLanguageModel:
    """Lidstone-smoothed log P(n-gram | language) over the n-grams seen in `sentences`."""
    totals: dict[str, Counter[str]] = {code: Counter() for code in MODEL_LANGUAGES}
    for sentence in sentences:
        if sentence.language in totals:
            totals[sentence.language].update(ngrams(sentence.text, orders))
    vocabulary = sorted(set().union(*totals.values()))
    position = {gram: row for row, gram in enumerate(vocabulary)}
    counts = np.zeros((len(vocabulary), len(MODEL_LANGUAGES)), dtype=np.float64)
    for j, code in enumerate(MODEL_LANGUAGES):
        for gram, count in totals[code].items():
            counts[position[gram], j] = count
    smoothed = counts + alpha
    log_probabilities = np.log(smoothed / smoothed.sum(axis=0, keepdims=True))
    return NgramLanguageModel(
        languages=MODEL_LANGUAGES,
        orders=orders,
        index=position,
        log_probabilities=log_probabilities.astype(np.float32),
        stand_ins={code: tuple(others) for code, others in STAND_INS.items()},
        weight=weight,
        min_share=min_share,
        meta=meta or {},
    )


def accuracy(decisions: list[tuple[str, str | None]]) -> tuple[float, dict[str, float]]:
    """Share of right verdicts over every sentence (no verdict is wrong), and per language."""
    per_language: dict[str, list[int]] = {}
    for expected, found in decisions:
        counts = per_language.setdefault(expected, [0, 0])
        counts[0] += 1
        counts[1] += int(found == expected)
    each = {code: right / total for code, (total, right) in sorted(per_language.items())}
    right = sum(counts[1] for counts in per_language.values())
    return right / len(decisions), each


def held_out_decisions(
    sentences: list[Sentence],
    confidences: list[dict[str, float]],
    folds: int,
    setting: dict[str, Any],
) -> list[tuple[str, str | None]]:
    """(expected, found) for every judged sentence by the rule's own `language_choose`, each
    sentence judged by a model that did not see its fold."""
    models = [
        model_build(
            [s for s in sentences if fold_of(s.identifier, folds) != k],
            alpha=setting["alpha"],
            orders=tuple(setting["orders"]),
            weight=setting["weight"],
            min_share=setting["min_share"],
        )
        for k in range(folds)
    ]
    return [
        (
            s.language,
            language_choose(
                c,
                s.text,
                model=models[fold_of(s.identifier, folds)],
                min_confidence=MIN_CONFIDENCE,
            ),
        )
        for s, c in zip(sentences, confidences, strict=True)
        if len(s.text) >= MIN_CHARACTERS
    ]


def cross_validate(
    sentences: list[Sentence], confidences: list[dict[str, float]], folds: int
) -> list[tuple[float, dict[str, Any]]]:
    """Every setting of the grid scored on held-out folds, best first."""
    judged = [i for i, s in enumerate(sentences) if len(s.text) >= MIN_CHARACTERS]
    fold = [fold_of(s.identifier, folds) for s in sentences]
    table: list[tuple[float, dict[str, Any]]] = []
    for alpha, orders in itertools.product(ALPHAS, ORDERS):
        models = [
            model_build(
                [s for i, s in enumerate(sentences) if fold[i] != k], alpha=alpha, orders=orders
            )
            for k in range(folds)
        ]
        # Each held-out sentence is scored once; the grid of share and weight then runs the
        # rule's `language_choose` with those two values swapped in (cheap: no n-grams).
        scored = {i: models[fold[i]].mean_log_likelihoods(sentences[i].text) for i in judged}
        for share, weight in itertools.product(SHARES, WEIGHTS):
            decisions = []
            for i in judged:
                model = ScoredModel(models[fold[i]], scored[i], weight=weight, min_share=share)
                found = language_choose(
                    confidences[i], sentences[i].text, model=model, min_confidence=MIN_CONFIDENCE
                )
                decisions.append((sentences[i].language, found))
            total, each = accuracy(decisions)
            setting = {
                "alpha": alpha,
                "orders": list(orders),
                "min_share": share,
                "weight": weight,
                "per_language": {k: round(v, 4) for k, v in each.items()},
            }
            table.append((total, setting))
    # Best accuracy; among equals the model that counts least against lingua and is asked
    # least often, then fewer n-gram orders and more smoothing.
    table.sort(
        key=lambda row: (
            -round(row[0], 6),
            row[1]["weight"],
            -row[1]["min_share"],
            len(row[1]["orders"]),
            -row[1]["alpha"],
        )
    )
    return table


class ScoredModel(NgramLanguageModel):
    """A fold's model with one sentence's n-gram scores already computed (grid search only)."""

    def __init__(
        self,
        model: NgramLanguageModel,
        scores: np.ndarray | None,
        *,
        weight: float,
        min_share: float,
    ) -> None:
        super().__init__(**{**model.__dict__, "weight": weight, "min_share": min_share})
        object.__setattr__(self, "scores", scores)

    def mean_log_likelihoods(self, text: str) -> np.ndarray | None:
        return self.scores  # type: ignore[attr-defined,no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.data_dir())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=MODELS_DIR / "language_iberian.npz")
    args = parser.parse_args(argv)
    if not (args.data / "langid_tatoeba_tatodet").is_dir():
        print(f"No Tatoeba language data under {args.data}.", file=sys.stderr)
        return 1
    sentences = list(tatoeba_training(args.data))
    print(f"{len(sentences)} training sentences; lingua on each...", file=sys.stderr)
    confidences = [
        language_confidences(language_sample(s.text), languages=DEFAULT_LANGUAGES)
        for s in sentences
    ]
    table = cross_validate(sentences, confidences, args.folds)
    total, best = table[0]
    replayed, _ = accuracy(held_out_decisions(sentences, confidences, args.folds, best))
    if abs(replayed - total) > 1e-9:
        raise AssertionError(f"the grid's replay ({total}) and the rule ({replayed}) disagree")
    lingua_alone, lingua_each = accuracy(
        [
            (s.language, language_choose(c, s.text, model=None, min_confidence=MIN_CONFIDENCE))
            for s, c in zip(sentences, confidences, strict=True)
            if len(s.text) >= MIN_CHARACTERS
        ]
    )
    print(f"lingua alone: {lingua_alone:.4f} {lingua_each}", file=sys.stderr)
    print(f"with the model, {args.folds}-fold cross-validated:", file=sys.stderr)
    for score, setting in table[:8]:
        print(f"  {score:.4f} {setting}", file=sys.stderr)
    meta = {
        "trained_on": "Tatoeba (https://tatoeba.org), langid_tatoeba_tatodet/*_1000.csv, "
        "CC BY 2.0 FR: n-gram statistics only",
        "seed": SEED,
        "folds": args.folds,
        "alpha": best["alpha"],
        "lingua_languages": DEFAULT_LANGUAGES,
        "cross_validated_accuracy": round(total, 4),
        "cross_validated_per_language": best["per_language"],
        "lingua_alone_accuracy": round(lingua_alone, 4),
    }
    model = model_build(
        sentences,
        alpha=best["alpha"],
        orders=tuple(best["orders"]),
        weight=best["weight"],
        min_share=best["min_share"],
        meta=meta,
    )
    ngram_model_save(args.output, model)
    print(f"Wrote {args.output} ({len(model.index)} n-grams).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
