"""Train the linear models in models/ from the labelled sets in ../shared/data.

    python -m masthead.moderation.classifiers.train [--data PATH]

Deterministic: the split is fixed (`datasets.split_of`, seeded), the solver is deterministic,
and the test rows are never seen. Thresholds are chosen on the validation rows: `hold_at`
maximises F1, `reject_at` is the lowest score whose validation precision is at least 0.97
(a margin over the 0.95 the pipeline requires; the eval bench measures it on the test rows)
and that rejects at most 0.5% of any set's clean validation rows.
Only weights are written (no text from the data sets).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from ..text import text_normalise
from . import datasets
from .features import N_FEATURES, text_features
from .linear import MODELS_DIR, linear_model_save

REJECT_VALIDATION_PRECISION = 0.97
REJECT_MAX_CLEAN_SHARE = 0.005


def matrix(texts: list[str]) -> csr_matrix:
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for text in texts:
        normalised = text_normalise(text)
        columns, weights = text_features.__wrapped__(normalised.folded, text)
        indices.extend(columns)
        values.extend(weights)
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(texts), N_FEATURES), dtype=np.float64)


def thresholds(
    labels: np.ndarray, scores: np.ndarray, sets: np.ndarray
) -> tuple[float, float, dict]:
    """`hold_at` maximising F1; `reject_at`, the lowest score whose rejections are precise
    (>= REJECT_VALIDATION_PRECISION) and reject at most REJECT_MAX_CLEAN_SHARE of the clean
    rows of every set, on the validation rows."""
    order = np.argsort(-scores)
    ranked_labels = labels[order]
    ranked_scores = scores[order]
    true_positives = np.cumsum(ranked_labels)
    predicted = np.arange(1, len(ranked_labels) + 1)
    precision = true_positives / predicted
    recall = true_positives / max(1, labels.sum())
    f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0)
    best = int(np.argmax(f1))
    hold_at = float(ranked_scores[best])
    reject_at = 1.01  # above any score: never rejects on its own
    for candidate in np.unique(ranked_scores)[::-1]:
        rejected = scores >= candidate
        if rejected.sum() < 30:
            continue
        if labels[rejected].mean() < REJECT_VALIDATION_PRECISION:
            break
        clean_shares = [
            (rejected & (labels == 0) & (sets == name)).sum()
            / max(1, ((labels == 0) & (sets == name)).sum())
            for name in np.unique(sets)
        ]
        if max(clean_shares) > REJECT_MAX_CLEAN_SHARE:
            break
        reject_at = float(candidate)
    return hold_at, reject_at, {"validation_f1": round(float(f1[best]), 4)}


def train(
    name: str,
    rows: list[datasets.Row],
    is_positive: Callable[[datasets.Row], bool],
    *,
    c: float,
    description: str,
    dataset_weights: dict[str, float] | None = None,
) -> None:
    train_rows = [row for row in rows if row.split == "train"]
    valid_rows = [row for row in rows if row.split == "valid"]
    x_train = matrix([row.text for row in train_rows])
    y_train = np.array([is_positive(row) for row in train_rows], dtype=np.int8)
    model = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
    sample_weight = np.array([(dataset_weights or {}).get(row.dataset, 1.0) for row in train_rows])
    model.fit(x_train, y_train, sample_weight=sample_weight)
    x_valid = matrix([row.text for row in valid_rows])
    y_valid = np.array([is_positive(row) for row in valid_rows], dtype=np.int8)
    weights = model.coef_[0].astype(np.float16).astype(np.float64)
    bias = float(model.intercept_[0])
    scores = 1 / (1 + np.exp(-(x_valid @ weights + bias)))
    sets = np.array([row.dataset for row in valid_rows])
    hold_at, reject_at, report = thresholds(y_valid, scores, sets)
    counts: dict[str, int] = {}
    for row in train_rows:
        counts[row.dataset] = counts.get(row.dataset, 0) + 1
    meta = {
        "model": name,
        "description": description,
        "trained_on": counts,
        "seed": datasets.SEED,
        "c": c,
        "dataset_weights": dataset_weights or {},
        **report,
    }
    linear_model_save(
        MODELS_DIR / f"{name}.npz",
        weights=weights,
        bias=bias,
        hold_at=hold_at,
        reject_at=reject_at,
        meta=meta,
    )
    print(f"{name}: hold_at={hold_at:.3f} reject_at={reject_at:.3f} {report} {counts}")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.data_dir())
    args = parser.parse_args(list(argv) if argv is not None else None)
    root = args.data
    abuse_rows = [
        *datasets.davidson(root),
        *datasets.hatexplain(root),
        *datasets.jigsaw(root),
    ]
    ham_rows = [*datasets.youtube(root), *datasets.sms(root)]
    train(
        "abuse",
        abuse_rows + [row for row in ham_rows if row.label == "clean"],
        lambda row: row.label in {"offensive", "hate"},
        c=4.0,
        description="offensive or hateful (davidson, hatexplain, jigsaw) vs clean (+ ham)",
    )
    train(
        "hate",
        abuse_rows,
        lambda row: row.label == "hate",
        c=2.0,
        description="hate speech vs offensive or clean (davidson, hatexplain, jigsaw)",
    )
    train(
        "spam",
        ham_rows + abuse_rows[::4],
        lambda row: row.label == "spam",
        c=8.0,
        description="spam (youtube, sms) vs ham (+ a quarter of the abuse sets as non-spam)",
        # YouTube comments are closer to a news site's comments than text messages are.
        dataset_weights={"youtube": 3.0},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
