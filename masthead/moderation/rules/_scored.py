"""Helpers for rules that combine a watched-words list with a trained model's score."""

from __future__ import annotations

from typing import Any

from ..reasons import Verdict
from ..text import NormalisedText
from ..wordlists import WatchedMatch, WatchedWords


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


def squeezed_forms(normalised: NormalisedText) -> NormalisedText | None:
    """The text with spaced-out letters joined ("piece of s-h-i-t" → "piece of shit"), when
    that changes anything: phrases and the models must see through the spacing too."""
    return normalised.squeezed_normalised  # normalised once, shared by every rule


def squeezed_matches(words: WatchedWords, normalised: NormalisedText) -> list[WatchedMatch]:
    """List entries found only once spaced-out letters are joined (no span: the letters are
    scattered in the original)."""
    squeezed = squeezed_forms(normalised)
    if squeezed is None:
        return []
    return [WatchedMatch(m.entry, m.verdict, None) for m in words.find(squeezed)]
