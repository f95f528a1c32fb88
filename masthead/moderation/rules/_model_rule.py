"""A rule backed by a watched-words list and one of our linear models (`classifiers.linear`).

The list's tiers and the model's score decide together: a [hold] entry holds on its own, a
[flag] entry (a word that is abusive in one sentence and harmless in the next) is held only
when the model also scores the comment at `context_hold_at` or more, and the model alone holds
at `hold_at` and rejects at `reject_at`. Thresholds left at None are the ones `train.py` chose
on validation rows, together with the lists, to hold as few clean comments as it can.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..classifiers.linear import LinearTextModel, linear_model_load
from ..reasons import Evidence, RuleHit, Verdict
from ..submission import Submission
from ._scored import squeezed_forms, squeezed_matches, threshold, verdict_for_score
from .base import WatchedWordsRule


class ListAndModelRule(WatchedWordsRule):
    """Hit when the list finds an entry or the model's score passes its thresholds."""

    default_options: ClassVar[dict[str, Any]] = {
        "list": "",
        "model": "",
        "hold_at": None,
        "reject_at": None,
        "context_hold_at": None,
    }
    model: LinearTextModel | None = None

    def prepare(self) -> None:
        if self.options["model"]:
            self.model = linear_model_load(self.options["model"])
        super().prepare()

    def model_score(self, submission: Submission) -> float:
        """The model's score, on the text with spaced-out letters joined too (the higher)."""
        if self.model is None:
            return 0.0
        normalised = submission.normalised
        score = self.model.score(normalised.folded, submission.text)
        squeezed = squeezed_forms(normalised)
        if squeezed is not None:
            score = max(score, self.model.score(squeezed.folded, submission.text))
        return score

    def listed(self, submission: Submission) -> RuleHit | None:
        """The list's own finding, phrases written with spaced-out letters included."""
        hit = super().evaluate(submission)
        extra = squeezed_matches(self.words, submission.normalised) if self.options["list"] else []
        extra = [m for m in extra if hit is None or m.entry not in hit.evidence.words]
        if not extra:
            return hit
        verdict = max([m.verdict for m in extra] + ([hit.verdict] if hit else []))
        words = (*(hit.evidence.words if hit else ()), *dict.fromkeys(m.entry for m in extra))
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict > Verdict.PASS else 0.5,
            evidence=Evidence(words=words, spans=hit.evidence.spans if hit else ()),
        )

    def is_in_context(self, score: float) -> bool:
        """Whether the model's score makes a flagged word abusive here (`context_hold_at`)."""
        if self.model is None:
            return False
        return score >= threshold(self.options, "context_hold_at", self.model.context_at)

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = self.listed(submission) if self.options["list"] else None
        score = self.model_score(submission)
        model_verdict = Verdict.PASS
        if self.model is not None:
            model_verdict = verdict_for_score(
                score,
                hold_at=threshold(self.options, "hold_at", self.model.hold_at),
                reject_at=threshold(self.options, "reject_at", self.model.reject_at),
            )
        if listed is None and model_verdict is Verdict.PASS:
            return None
        listed_verdict = listed.verdict if listed else Verdict.PASS
        # A flagged word with the model's agreement is held; without it, only flagged.
        if listed is not None and listed_verdict is Verdict.PASS and self.is_in_context(score):
            listed_verdict = Verdict.HOLD
        verdict = max(model_verdict, listed_verdict)
        evidence = listed.evidence if listed else Evidence()
        details = {"model": self.model.name, "model_score": round(score, 4)} if self.model else {}
        return self.hit(
            verdict=verdict,
            score=max(score, listed.score if listed else 0.0),
            evidence=Evidence(words=evidence.words, spans=evidence.spans, details=details),
        )
