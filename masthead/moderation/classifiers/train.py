"""Train the linear models in models/ from the labelled sets in ../shared/data.

    python -m masthead.moderation.classifiers.train [--data PATH]
    python -m masthead.moderation.classifiers.train --leave-out hatexplain --out /tmp/fold

Deterministic: the split is fixed (`datasets.split_of`, seeded), the solver is deterministic,
and the test rows are never seen. Thresholds are chosen on the validation rows. `reject_at` is
the lowest score whose validation precision is at least 0.97 (a margin over the 0.95 the
pipeline requires; the eval bench measures it on the test rows) and that rejects at most 0.5%
of any set's clean validation rows. The spam model holds where F1 is best. The abuse and hate
models' hold thresholds are chosen together with the word lists they back (`calibrate`): every
clean comment held costs a moderator's time, so they hold as few clean validation comments as
they can while keeping the issue's F1 floors; below them a listed word is only flagged.
Only weights are written (no text from the data sets). `--leave-out` trains without one set
(`models_train`): the leave-one-set-out evaluation (`bench/moderation_eval_folds.py`), the
figure every change here is judged by; what was tried against it is in `README.md` beside this.

Measured and left out (validation rows, same calibration): character 5-grams, word trigrams, a
HateXplain target-group model stacked on the hate model, and a logistic head on all-MiniLM-L6-v2
sentence embeddings (alone it ranks worse than these models; blended, it gained a few points of
HateXplain recall at a fixed clean-held rate and lost as many on Davidson). None moved the
clean-held/F1 trade-off beyond noise, so the rules need no `ml` extra.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from ..reasons import Verdict
from ..text import text_normalise
from . import datasets
from .features import N_FEATURES, text_features
from .linear import MODELS_DIR, linear_model_save

REJECT_VALIDATION_PRECISION = 0.97
REJECT_MAX_CLEAN_SHARE = 0.005


# Each text's features, computed once per process: the eval's leave-one-set-out folds train on
# the same rows five times over.
_FEATURES: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {}


def matrix(texts: list[str]) -> csr_matrix:
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for text in texts:
        found = _FEATURES.get(text)
        if found is None:
            normalised = text_normalise(text)
            found = _FEATURES[text] = text_features.__wrapped__(normalised.folded, text)
        columns, weights = found
        indices.extend(columns)
        values.extend(weights)
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(texts), N_FEATURES), dtype=np.float64)


def thresholds(
    labels: np.ndarray, scores: np.ndarray, sets: np.ndarray
) -> tuple[float, float, dict[str, Any]]:
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


@dataclass
class Fitted:
    """A trained model's weights, before its thresholds are chosen and it is written."""

    name: str
    weights: np.ndarray
    bias: float
    meta: dict[str, Any]

    def scores(self, x: csr_matrix) -> np.ndarray:
        scores: np.ndarray = 1 / (1 + np.exp(-(x @ self.weights + self.bias)))  # x: scipy, untyped
        return scores

    def save(self, directory: Path = MODELS_DIR, **thresholds: float) -> None:
        linear_model_save(directory / f"{self.name}.npz", weights=self.weights, bias=self.bias,
                          meta=self.meta, **thresholds)  # fmt: skip
        shown = " ".join(f"{key}={value:.3f}" for key, value in thresholds.items())
        print(f"{self.name}: {shown} {self.meta.get('trained_on')}")


def fit(
    name: str,
    rows: list[datasets.Row],
    is_positive: Callable[[datasets.Row], bool],
    *,
    c: float,
    description: str,
    dataset_weights: dict[str, float] | None = None,
    row_weight: Callable[[datasets.Row], float] | None = None,
    balanced: bool = False,
) -> Fitted:
    """Logistic regression on the training rows. `balanced` weighs the classes inversely to
    their size (hate speech is 6% of Davidson): without it the model learns that "hate" is
    rare and scores real hate low."""
    train_rows = [row for row in rows if row.split == "train"]
    x_train = matrix([row.text for row in train_rows])
    y_train = np.array([is_positive(row) for row in train_rows], dtype=np.int8)
    model = LogisticRegression(
        C=c, max_iter=3000, solver="liblinear", class_weight="balanced" if balanced else None
    )
    sample_weight = np.array(
        [
            (dataset_weights or {}).get(row.dataset, 1.0) * (row_weight(row) if row_weight else 1.0)
            for row in train_rows
        ]
    )
    model.fit(x_train, y_train, sample_weight=sample_weight)
    counts: dict[str, int] = {}
    for row in train_rows:
        counts[row.dataset] = counts.get(row.dataset, 0) + 1
    meta = {
        "model": name,
        "description": description,
        "trained_on": counts,
        "seed": datasets.SEED,
        "c": c,
        "balanced": balanced,
        "dataset_weights": dataset_weights or {},
    }
    weights = model.coef_[0].astype(np.float16).astype(np.float64)
    return Fitted(name, weights, float(model.intercept_[0]), meta)


def train(
    name: str,
    rows: list[datasets.Row],
    is_positive: Callable[[datasets.Row], bool],
    **options: Any,
) -> Fitted:
    """Fit, then choose `hold_at` and `reject_at` on the model's own validation rows."""
    fitted = fit(name, rows, is_positive, **options)
    valid_rows = [row for row in rows if row.split == "valid"]
    scores = fitted.scores(matrix([row.text for row in valid_rows]))
    labels = np.array([is_positive(row) for row in valid_rows], dtype=np.int8)
    sets = np.array([row.dataset for row in valid_rows])
    hold_at, reject_at, report = thresholds(labels, scores, sets)
    fitted.meta.update(report)
    fitted.meta["reject_at_rule"] = (
        f"validation precision >= {REJECT_VALIDATION_PRECISION}, "
        f"clean share <= {REJECT_MAX_CLEAN_SHARE} per set"
    )
    fitted.meta["hold_at"] = hold_at
    fitted.meta["reject_at"] = reject_at
    return fitted


# What the abuse rules (profanity, hatred, insult, trolling) must keep on the validation rows
# while they hold as few clean comments as they can: the F1 targets with a margin (the
# eval bench measures them again on the test rows).
CALIBRATION_MIN_F1 = {"davidson": 0.95}
CALIBRATION_MIN_F1_OVER_BASELINE = {"hatexplain": 0.05}  # over alt-profanity-check alone
CALIBRATION_MAX_CLEAN_SHARE = {"youtube": 0.05, "sms": 0.05, "jigsaw": 0.05}
CALIBRATION_OBJECTIVE_SETS = ("davidson", "hatexplain")
_GRID_HOLD = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 1.01)
_GRID_CONTEXT = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# A [flag] slur (reclaimed, clinical or quoted: "nigga", "retarded") is held with the hate
# model's agreement at this score: chosen across sets, not within one. With models trained
# without HateXplain, on HateXplain's *validation* rows (never its test rows) the pipeline's
# macro-F1 rises from 0.627 at the in-set calibration's 0.6 to 0.642 at 0.3 and 0.651 at 0.2;
# 0.3 keeps most of the gain and holds fewer reclaimed and historical uses (a museum's "Negro
# Leagues" scores 0.54: held for a moderator either way). The abuse model's agreement for
# the [flag] swear words and harsh adjectives made no difference there: still calibrated
# in-set. `bench/moderation_eval_folds.py` measures the result on the test rows.
CROSS_SET_HATE_CONTEXT_AT = (0.3,)


@dataclass
class Signals:
    """What the abuse rules see of each validation row, computed once for the search."""

    sets: np.ndarray
    labels: np.ndarray  # 1 offensive or hate, 0 clean, -1 neither (spam)
    abuse: np.ndarray
    hate: np.ndarray
    always: np.ndarray  # a [hold] entry of the profanity, slurs, threats or trolling list
    abuse_context: np.ndarray  # a [flag] entry of profanity, threats or trolling
    hate_context: np.ndarray  # a [flag] entry of slurs
    addressed: np.ndarray
    baseline: np.ndarray  # alt-profanity-check's probability


def signals_collect(rows: list[datasets.Row], abuse: Fitted, hate: Fitted) -> Signals:
    from ..rules.trolling import ADDRESSED
    from ..wordlists import watched_words_load
    from .profanity import profanity_model_load

    lists = {
        name: watched_words_load(name) for name in ("profanity", "slurs", "threats", "trolling")
    }
    apc = profanity_model_load()
    x = matrix([row.text for row in rows])
    always, abuse_context, hate_context, addressed, baseline = [], [], [], [], []
    for row in rows:
        normalised = text_normalise(row.text)
        found = {name: words.find(normalised) for name, words in lists.items()}
        always.append(any(m.verdict >= Verdict.HOLD for ms in found.values() for m in ms))
        abuse_context.append(any(found[name] for name in ("profanity", "threats", "trolling")))
        hate_context.append(bool(found["slurs"]))
        addressed.append(bool(ADDRESSED.search(normalised.folded)))
        baseline.append(apc.score(normalised.folded))
    labels = [
        1 if row.label in {"offensive", "hate"} else 0 if row.label == "clean" else -1
        for row in rows
    ]
    return Signals(
        sets=np.array([row.dataset for row in rows]),
        labels=np.array(labels),
        abuse=abuse.scores(x),
        hate=hate.scores(x),
        always=np.array(always),
        abuse_context=np.array(abuse_context),
        hate_context=np.array(hate_context),
        addressed=np.array(addressed),
        baseline=np.array(baseline),
    )


def _f1(held: np.ndarray, labels: np.ndarray) -> float:
    true_positives = int((held & (labels == 1)).sum())
    wrong = int((held & (labels == 0)).sum()) + int((~held & (labels == 1)).sum())
    return 2 * true_positives / max(1, 2 * true_positives + wrong)


def calibrate(signals: Signals) -> dict[str, float]:
    """The abuse rules' thresholds that hold the fewest clean comments on the validation rows
    (mean share over CALIBRATION_OBJECTIVE_SETS) while every set keeps its F1 floor.

    The rules hold together (the pipeline takes the strictest verdict), so their thresholds
    are chosen together: the abuse model alone (`abuse_hold_at`), the hate model alone
    (`hate_hold_at`), a flagged swear word or insult with the abuse model's agreement
    (`abuse_context_at`), a flagged slur with the hate model's (`hate_context_at`), and abuse
    addressed to someone (`abuse_addressed_at`).
    """
    masks = {name: signals.sets == name for name in np.unique(signals.sets)}
    # A set left out of training (the eval's leave-one-set-out folds) has no floor here.
    floors = {name: f1 for name, f1 in CALIBRATION_MIN_F1.items() if name in masks}
    for name, margin in CALIBRATION_MIN_F1_OVER_BASELINE.items():
        if name not in masks:
            continue
        mask = masks[name]
        floors[name] = _f1(signals.baseline[mask] >= 0.5, signals.labels[mask]) + margin
    best: tuple[float, float, dict[str, float]] | None = None
    for hate_hold_at in _GRID_HOLD:
        by_hate = signals.always | (signals.hate >= hate_hold_at)
        for hate_context_at in CROSS_SET_HATE_CONTEXT_AT:
            fixed = by_hate | (signals.hate_context & (signals.hate >= hate_context_at))
            for abuse_hold_at in _GRID_HOLD:
                with_abuse = fixed | (signals.abuse >= abuse_hold_at)
                for abuse_context_at in _GRID_CONTEXT:
                    if abuse_context_at > abuse_hold_at:
                        continue
                    held_context = with_abuse | (
                        signals.abuse_context & (signals.abuse >= abuse_context_at)
                    )
                    for addressed_at in _GRID_CONTEXT:
                        if addressed_at > abuse_hold_at:
                            continue
                        held = held_context | (signals.addressed & (signals.abuse >= addressed_at))
                        found = _calibration_score(held, signals, masks, floors)
                        if found is None:
                            continue
                        cost, f1_sum = found
                        if best is None or (cost, -f1_sum) < (best[0], -best[1]):
                            best = (cost, f1_sum, {
                                "abuse_hold_at": float(abuse_hold_at),
                                "hate_hold_at": float(hate_hold_at),
                                "abuse_context_at": float(abuse_context_at),
                                "hate_context_at": float(hate_context_at),
                                "abuse_addressed_at": float(addressed_at),
                            })  # fmt: skip
    if best is None:
        raise RuntimeError("No thresholds keep the F1 floors on the validation rows.")
    return best[2]


def _calibration_score(
    held: np.ndarray, signals: Signals, masks: dict[str, np.ndarray], floors: dict[str, float]
) -> tuple[float, float] | None:
    """(mean clean share held over the objective sets, sum of F1s), or None if a floor fails."""
    f1_sum = 0.0
    for name, floor in floors.items():
        f1 = _f1(held[masks[name]], signals.labels[masks[name]])
        if f1 < floor:
            return None
        f1_sum += f1
    # A clean comment with a [hold] entry of a list (a swear word, a slur) is held by the
    # published standard whatever the thresholds: the cost counts the holds they choose.
    clean_shares = {}
    for name, mask in masks.items():
        clean = mask & (signals.labels == 0) & ~signals.always
        clean_shares[name] = float(held[clean].mean()) if clean.any() else 0.0
    for name, limit in CALIBRATION_MAX_CLEAN_SHARE.items():
        if clean_shares.get(name, 0.0) > limit:
            return None
    objective = [name for name in CALIBRATION_OBJECTIVE_SETS if name in clean_shares]
    cost = float(np.mean([clean_shares[name] for name in objective])) if objective else 0.0
    return cost, f1_sum


def hate_row_weight(row: datasets.Row) -> float:
    """HateXplain's target-group annotations as weights: a normal post that names a community
    counts double (talk about a group is not an attack on it: the lesson the model most needs),
    and a post labelled hate speech that targets no community counts a third (mostly noise)."""
    if row.dataset != "hatexplain":
        return 1.0
    targeted = bool(row.extra.get("targets"))
    if row.label == "clean" and targeted:
        return 2.0
    if row.label == "hate" and not targeted:
        return 0.3
    return 1.0


def _has_words(text: str) -> bool:
    """Whether anything is left for a model to read once links and mentions are left out (a
    comment that is a bare link teaches the text model nothing about text)."""
    return bool(text_features.__wrapped__(text_normalise(text).folded, text)[0])


def spam_train(
    ham_rows: list[datasets.Row], abuse_rows: list[datasets.Row], directory: Path = MODELS_DIR
) -> None:
    """The spam model (its own part: `--only spam` retrains it alone, leaving the abuse models)."""
    rows = [row for row in ham_rows + abuse_rows[::4] if _has_words(row.text)]
    spam = train(
        "spam",
        rows,
        lambda row: row.label == "spam",
        c=8.0,
        description="spam (youtube, sms) vs ham (+ a quarter of the abuse sets as non-spam); "
        "links and mentions left out of the features, rows with nothing else left out",
        # YouTube comments are closer to a news site's comments than text messages are.
        dataset_weights={"youtube": 3.0},
    )
    spam.save(directory, hold_at=spam.meta["hold_at"], reject_at=spam.meta["reject_at"])


ENGLISH_SETS = ("davidson", "hatexplain", "jigsaw", "youtube", "sms")


def english_rows(
    root: Path, *, leave_out: str | None = None
) -> tuple[list[datasets.Row], list[datasets.Row]]:
    """The abuse sets' rows and the spam sets' rows, without the set `leave_out` (the eval's
    leave-one-set-out folds train on the others and test on it)."""
    abuse_rows = [
        *datasets.davidson(root),
        *datasets.hatexplain(root),
        *datasets.jigsaw(root),
    ]
    ham_rows = [*datasets.youtube(root), *datasets.sms(root)]
    return (
        [row for row in abuse_rows if row.dataset != leave_out],
        [row for row in ham_rows if row.dataset != leave_out],
    )


def models_train(
    root: Path,
    *,
    leave_out: str | None = None,
    directory: Path = MODELS_DIR,
    only: str | None = None,
) -> None:
    """Train spam, abuse and hate on the English sets (less `leave_out`) and write them to
    `directory`: the shipped models (models/, every set) or one fold of the eval."""
    abuse_rows, ham_rows = english_rows(root, leave_out=leave_out)
    spam_train(ham_rows, abuse_rows, directory)
    if only == "spam":
        return
    sets = ", ".join(sorted({row.dataset for row in abuse_rows}))
    abuse = train(
        "abuse",
        abuse_rows + [row for row in ham_rows if row.label == "clean"],
        lambda row: row.label in {"offensive", "hate"},
        c=4.0,
        description=f"offensive or hateful ({sets}) vs clean (+ ham)",
    )
    hate = fit(
        "hate",
        abuse_rows,
        lambda row: row.label == "hate",
        c=2.0,
        description=f"hate speech vs offensive or clean ({sets}); classes "
        "balanced, HateXplain doubled, its target-group annotations as row weights",
        dataset_weights={"hatexplain": 2.0},
        row_weight=hate_row_weight,
        balanced=True,
    )
    valid_rows = [row for row in abuse_rows + ham_rows if row.split == "valid"]
    chosen = calibrate(signals_collect(valid_rows, abuse, hate))
    calibration = {
        "calibration": chosen,
        "calibration_rule": "fewest clean validation rows held (mean of "
        f"{', '.join(CALIBRATION_OBJECTIVE_SETS)}) with F1 >= {CALIBRATION_MIN_F1}, "
        f"baseline + {CALIBRATION_MIN_F1_OVER_BASELINE}, clean held <= "
        f"{CALIBRATION_MAX_CLEAN_SHARE}",
        "left_out": leave_out,
    }
    abuse.meta.update(calibration)
    hate.meta.update(calibration)
    # The abuse model holds, and never rejects on its own: a rejection precise on the sets it
    # was trained on is not on a set it never saw (left out, HateXplain's banter labelled
    # normal, "i been a bad bitch", scored >= 0.999: 1.5% of its clean comments rejected).
    abuse.meta["reject_at_measured"] = abuse.meta["reject_at"]
    abuse.save(
        directory,
        hold_at=chosen["abuse_hold_at"],
        reject_at=1.01,
        context_at=chosen["abuse_context_at"],
        addressed_at=chosen["abuse_addressed_at"],
    )
    hate.save(
        directory,
        hold_at=chosen["hate_hold_at"],
        reject_at=1.01,
        context_at=chosen["hate_context_at"],
    )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.data_dir())
    parser.add_argument("--only", choices=["spam"], help="retrain this model alone")
    parser.add_argument(
        "--leave-out", choices=ENGLISH_SETS, help="train without this set (an eval fold)"
    )
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="where to write the models")
    args = parser.parse_args(list(argv) if argv is not None else None)
    args.out.mkdir(parents=True, exist_ok=True)
    models_train(args.data, leave_out=args.leave_out, directory=args.out, only=args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
