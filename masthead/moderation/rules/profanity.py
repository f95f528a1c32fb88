"""Standard 12: profanity, including disguised spellings (leetspeak, spacing, look-alike letters).

Two signals: the watched-words list `wordlists/profanity.txt`, matched on the folded text (so
"sh1t", "ѕhit" and "s h i t" count), and alt-profanity-check's model on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.profanity import ProfanityModel, profanity_model_load
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._scored import verdict_for_score
from .base import WatchedWordsRule


class ProfanityRule(WatchedWordsRule):
    code = ReasonCode.PROFANITY
    explanation = _("Please keep it civil: no swearing or obscenities, however spelled.")
    default_options: ClassVar[dict[str, Any]] = {
        "list": "profanity",
        "use_model": True,
        "model_hold_at": 0.9,
        "model_reject_at": 1.01,  # above 1: the model alone never rejects
    }
    model: ProfanityModel | None = None

    def prepare(self) -> None:
        if self.options["use_model"]:
            self.model = profanity_model_load()
        super().prepare()

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = super().evaluate(submission)
        score = self.model.score(submission.normalised.folded) if self.model else 0.0
        model_verdict = verdict_for_score(
            score,
            hold_at=self.options["model_hold_at"],
            reject_at=self.options["model_reject_at"],
        )
        if listed is None and model_verdict is Verdict.PASS:
            return None
        verdict = max(model_verdict, listed.verdict if listed else Verdict.PASS)
        evidence = listed.evidence if listed else Evidence()
        return self.hit(
            verdict=verdict,
            score=max(score, listed.score if listed else 0.0),
            evidence=Evidence(
                words=evidence.words,
                spans=evidence.spans,
                details={"model": "alt-profanity-check", "model_score": round(score, 4)},
            ),
        )
