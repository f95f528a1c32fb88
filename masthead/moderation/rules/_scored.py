"""Helpers for rules that combine a watched-words list with a trained model's score."""

from __future__ import annotations

from typing import Any

from ..reasons import Verdict


def verdict_for_score(score: float, *, hold_at: float, reject_at: float) -> Verdict:
    if score >= reject_at:
        return Verdict.REJECT
    if score >= hold_at:
        return Verdict.HOLD
    return Verdict.PASS


def threshold(options: dict[str, Any], name: str, trained: float) -> float:
    """An option that may be None, meaning the threshold chosen when the model was trained."""
    value = options.get(name)
    return trained if value is None else float(value)
