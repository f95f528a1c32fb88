"""Our small linear text models: a weight per hashed feature bucket, a bias, a sigmoid.

`models/<name>.npz` holds `weights` (float16, one per bucket), `bias`, and the thresholds the
training script chose on its validation rows: `hold_at` (the model alone holds), `reject_at`
(the model alone rejects), `context_at` (a watched word of a list's [flag] tier is held when the
score reaches it: the word plus the model's agreement) and `addressed_at` (abuse spoken to
someone, for the trolling rule). `meta` says what it was trained on and what the calibration
measured. Loading is lazy and once per process (`linear_model_load`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import N_FEATURES, text_features

MODELS_DIR = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True)
class LinearTextModel:
    name: str
    weights: np.ndarray
    bias: float
    hold_at: float
    reject_at: float
    meta: dict[str, object]
    context_at: float = 1.01  # above any score: a flagged word is never held on the model's word
    addressed_at: float = 1.01

    def score(self, folded: str, original: str = "") -> float:
        """Probability-like score in 0..1 that the text belongs to the model's class."""
        indices, values = text_features(folded, original)
        if not indices:
            return 1.0 / (1.0 + math.exp(-self.bias))
        margin = float(np.dot(self.weights[list(indices)], values)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(min(margin, 40.0), -40.0)))


def linear_model_save(
    path: Path,
    *,
    weights: np.ndarray,
    bias: float,
    hold_at: float,
    reject_at: float,
    meta: dict[str, object],
    context_at: float = 1.01,
    addressed_at: float = 1.01,
) -> None:
    np.savez_compressed(
        path,
        weights=weights.astype(np.float16),
        bias=np.array([bias], dtype=np.float64),
        thresholds=np.array([hold_at, reject_at, context_at, addressed_at], dtype=np.float64),
        meta=np.array(json.dumps(meta, sort_keys=True)),
    )


@lru_cache(maxsize=8)
def linear_model_load(name: str) -> LinearTextModel:
    """The model `name` from models/ (or an absolute path); raises if it is missing or broken."""
    path = Path(name) if Path(name).is_absolute() else MODELS_DIR / f"{name}.npz"
    with np.load(path, allow_pickle=False) as data:
        weights = data["weights"].astype(np.float32)
        if weights.shape != (N_FEATURES,):
            raise ValueError(f"{path.name}: {weights.shape[0]} weights, expected {N_FEATURES}")
        # Files written before `context_at` and `addressed_at` hold two thresholds.
        hold_at, reject_at, context_at, addressed_at = [
            *(float(x) for x in data["thresholds"]),
            1.01,
            1.01,
        ][:4]
        return LinearTextModel(
            name=path.stem,
            weights=weights,
            bias=float(data["bias"][0]),
            hold_at=hold_at,
            reject_at=reject_at,
            meta=json.loads(str(data["meta"])),
            context_at=context_at,
            addressed_at=addressed_at,
        )
