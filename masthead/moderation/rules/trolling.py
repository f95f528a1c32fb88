"""Standard 18: trolling: aggressive, humiliating or abusive remarks aimed at other participants.

The list `wordlists/trolling.txt` (baiting and put-downs), and abuse addressed to someone: the
`abuse` model's score above `addressed_hold_at` in a comment that speaks to "you".
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule

_ADDRESSED = re.compile(r"\b(?:you|your|youre|ya|u|ur|yourself|tu|toi|te|ton|ta|tes|vous|t)\b")


class TrollingRule(ListAndModelRule):
    code = ReasonCode.TROLLING
    explanation = _("Please don't bait, mock or humiliate other readers.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "trolling",
        "model": "abuse",
        "addressed_hold_at": 0.85,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = super(ListAndModelRule, self).evaluate(submission)
        if listed is not None:
            return listed
        if self.model is None or not _ADDRESSED.search(submission.normalised.folded):
            return None
        score = self.model_score(submission)
        if score < self.options["addressed_hold_at"]:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=score,
            evidence=Evidence(details={"model": self.model.name, "model_score": round(score, 4)}),
        )
