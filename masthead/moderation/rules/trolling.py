"""Standard 18: trolling: aggressive, humiliating or abusive remarks aimed at other participants.

The list `wordlists/trolling.txt` (baiting and put-downs; its [flag] entries held with the abuse
model's agreement), and abuse addressed to someone: the `abuse` model's score at
`addressed_hold_at` or more (None: the `addressed_at` chosen in training) in a comment that
speaks to "you". The model alone, unaddressed, is the insult rule's business.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule
from ._scored import threshold

ADDRESSED = re.compile(r"\b(?:you|your|youre|ya|u|ur|yourself|tu|toi|te|ton|ta|tes|vous|t)\b")


class TrollingRule(ListAndModelRule):
    code = ReasonCode.TROLLING
    explanation = _("Please don't bait, mock or humiliate other readers.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "trolling",
        "model": "abuse",
        "addressed_hold_at": None,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = self.listed(submission)
        if listed is not None and listed.verdict >= Verdict.HOLD:
            return listed
        model = self.model_for(submission)
        if model is None:
            return listed
        score = self.model_score(submission)
        details = {"model": model.name, "model_score": round(score, 4)}
        if listed is not None and self.is_in_context(score, submission):
            evidence = Evidence(
                words=listed.evidence.words, spans=listed.evidence.spans, details=details
            )
            return self.hit(verdict=Verdict.HOLD, score=score, evidence=evidence)
        addressed_at = threshold(self.options, "addressed_hold_at", model.addressed_at)
        if score >= addressed_at and ADDRESSED.search(submission.normalised.folded):
            return self.hit(verdict=Verdict.HOLD, score=score, evidence=Evidence(details=details))
        return listed
