"""Standard 11: promotion of third-party products (codes, affiliate pitches).

A watched-words list: `wordlists/promotion.txt`, matched on the folded text. Its [hold] entries
(a promo code, an affiliate link) are promotion wherever they stand. Its [flag] entries are
pitch phrases that are ordinary words inside a sentence: "Shop now and save 50%" makes a pitch,
"Where will they shop now?" asks a question. Such a phrase is held only when it opens a clause
(the start of the text, or after a sentence's or a clause's punctuation); otherwise it is noted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import WatchedWordsRule


def opens_a_clause(text: str, start: int) -> bool:
    """Whether nothing but punctuation, symbols or nothing comes before `start` in its clause."""
    before = text[:start].rstrip()
    return not before or not (before[-1].isalnum() or before[-1] in "'’")


class ProductPromotionRule(WatchedWordsRule):
    code = ReasonCode.PRODUCT_PROMOTION
    explanation = _("Please don't promote products or services in comments.")
    default_options: ClassVar[dict[str, Any]] = {"list": "promotion"}

    def evaluate(self, submission: Submission) -> RuleHit | None:
        found = self.words.find(submission.normalised)
        if not found:
            return None
        text = submission.normalised.original
        verdicts = [
            Verdict.HOLD
            if match.verdict is Verdict.PASS
            and match.span is not None
            and opens_a_clause(text, match.span.start)
            else match.verdict
            for match in found
        ]
        verdict = max(verdicts)
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict > Verdict.PASS else 0.5,
            evidence=Evidence(
                words=tuple(dict.fromkeys(match.entry for match in found)),
                spans=tuple(match.span for match in found if match.span is not None),
            ),
        )
