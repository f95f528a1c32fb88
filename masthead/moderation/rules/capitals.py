"""Standard 19: ALL CAPS, or a long text never broken into sentences.

Links, @mentions and placeholders ("@USER @USER URL", as some apps and data sets write them) are
not the author's shouting: they are left out before the capitals are counted.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.features import LEFT_OUT
from ..reasons import Evidence, ReasonCode, RuleHit
from ..submission import Submission
from .base import Rule

_SENTENCE_END = re.compile(r"[.!?。！？…]|\n")


class CapitalsRule(Rule):
    code = ReasonCode.CAPITALS
    explanation = _("Please don't write in capitals, and break long text into sentences.")
    default_options: ClassVar[dict[str, Any]] = {
        "min_letters": 24,  # shorter shouts ("WOW, GREAT NEWS") are let through
        "capitals_ratio": 0.8,
        "max_words_without_break": 120,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        text = submission.text
        cased_text = (
            LEFT_OUT.sub(" ", text) if "@" in text or "/" in text or "URL" in text else text
        )
        cased = [ch for ch in cased_text if ch.isalpha() and (ch.isupper() or ch.islower())]
        if len(cased) >= self.options["min_letters"]:
            ratio = sum(ch.isupper() for ch in cased) / len(cased)
            if ratio >= self.options["capitals_ratio"]:
                return self.hit(score=ratio, evidence=Evidence(details={"capitals": ratio}))
        longest = max((len(part.split()) for part in _SENTENCE_END.split(text)), default=0)
        if longest > self.options["max_words_without_break"]:
            return self.hit(
                score=min(1.0, longest / (2 * self.options["max_words_without_break"])),
                evidence=Evidence(details={"words_without_break": longest}),
                explanation=_("Please break your text into sentences."),
            )
        return None
