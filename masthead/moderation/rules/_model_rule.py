"""A rule backed by a watched-words list and one of our linear models (`classifiers.linear`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..classifiers.linear import LinearTextModel, linear_model_load
from ..reasons import Evidence, RuleHit, Verdict
from ..submission import Submission
from ._scored import threshold, verdict_for_score
from .base import WatchedWordsRule


class ListAndModelRule(WatchedWordsRule):
    """Hit when the list finds an entry or the model's score passes `hold_at` / `reject_at`.

    Thresholds left at None use the ones chosen on validation rows when the model was trained.
    """

    default_options: ClassVar[dict[str, Any]] = {
        "list": "",
        "model": "",
        "hold_at": None,
        "reject_at": None,
    }
    model: LinearTextModel | None = None

    def prepare(self) -> None:
        if self.options["model"]:
            self.model = linear_model_load(self.options["model"])
        super().prepare()

    def model_score(self, submission: Submission) -> float:
        if self.model is None:
            return 0.0
        return self.model.score(submission.normalised.folded, submission.text)

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = super().evaluate(submission) if self.options["list"] else None
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
        verdict = max(model_verdict, listed.verdict if listed else Verdict.PASS)
        evidence = listed.evidence if listed else Evidence()
        details = {"model": self.model.name, "model_score": round(score, 4)} if self.model else {}
        return self.hit(
            verdict=verdict,
            score=max(score, listed.score if listed else 0.0),
            evidence=Evidence(words=evidence.words, spans=evidence.spans, details=details),
        )
