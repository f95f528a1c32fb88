"""Standard 12: profanity, including disguised spellings (leetspeak, spacing, look-alike letters).

The watched-words list `wordlists/profanity.txt`, matched on the folded text (so "sh1t", "ѕhit"
and "s h i t" count): its [hold] entries (obscenities aimed at someone, the crudest words) hold
on their own; its [flag] entries (swearing as emphasis: "a bloody disgrace", "this is a fucking
mess") are flagged for the desk and held only when our `abuse` model also scores the comment at
`context_hold_at` or more (None: the threshold `train.py` chose with the list). A newsroom that
holds every swear word holds a large share of honest comments (measured on the labelled sets:
`bench/moderation_eval.py`); an operator who wants that moves the entries to [hold].
alt-profanity-check's probability is in the evidence and flags at `model_flag_at`; it holds only
at `model_hold_at` (above 1 by default: on its own it held 13% of HateXplain's clean comments).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.profanity import ProfanityModel, profanity_model_load
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule
from ._scored import verdict_for_score


class ProfanityRule(ListAndModelRule):
    code = ReasonCode.PROFANITY
    explanation = _("Please keep it civil: no swearing or obscenities, however spelled.")
    default_options: ClassVar[dict[str, Any]] = {
        "list": "profanity",
        "model": "abuse",
        "hold_at": 1.01,  # the abuse model alone is the insult rule's business
        "reject_at": 1.01,
        "context_hold_at": None,
        "use_model": True,
        "model_flag_at": 0.9,
        "model_hold_at": 1.01,  # above 1: alt-profanity-check alone never holds
        "model_reject_at": 1.01,
    }
    profanity_model: ProfanityModel | None = None

    def prepare(self) -> None:
        if self.options["use_model"]:
            self.profanity_model = profanity_model_load()
        super().prepare()

    def evaluate(self, submission: Submission) -> RuleHit | None:
        found = super().evaluate(submission)
        if self.profanity_model is None:
            return found
        probability = self.profanity_model.score(submission.normalised.folded)
        verdict = verdict_for_score(
            probability,
            hold_at=self.options["model_hold_at"],
            reject_at=self.options["model_reject_at"],
        )
        if found is None and probability < self.options["model_flag_at"]:
            return None
        evidence = found.evidence if found else Evidence()
        details = {**evidence.details, "profanity_check": round(probability, 4)}
        return self.hit(
            verdict=max(verdict, found.verdict if found else Verdict.PASS),
            score=max(probability, found.score if found else 0.0),
            evidence=Evidence(words=evidence.words, spans=evidence.spans, details=details),
        )
