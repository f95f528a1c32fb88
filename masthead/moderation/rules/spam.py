"""Standard 13: spam and get-rich-quick schemes.

The list `wordlists/spam.txt`, and our `spam` model, trained on YouTube comment spam and SMS
spam against their ham (and non-spam posts from the abuse sets). The model alone holds; it
rejects only a pitch that also gives the reader a way to act on it (a link, an e-mail address,
a phone number, "text WIN to 80082"): a fan shouting "SUBSCRIBE" is held, not rejected.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule
from .privacy import EMAIL, PHONE

_SHORT_CODE = re.compile(
    r"\b(?:text|txt|send|call|sms|dial|reply|ring)\b[^.\n]{0,40}?\b\d{4,6}\b", re.IGNORECASE
)


def gives_a_way_to_act(submission: Submission) -> bool:
    text = submission.text
    if submission.links or EMAIL.search(text) or _SHORT_CODE.search(text):
        return True
    return any(len(re.sub(r"\D", "", m.group())) >= 9 for m in PHONE.finditer(text))


class SpamRule(ListAndModelRule):
    code = ReasonCode.SPAM
    explanation = _("This looks like spam or a get-rich-quick scheme.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "spam",
        "model": "spam",
    }
    # bench/moderation_eval.py, test split of all sets: 241 rejections (spam score >= the
    # trained `reject_at`, with a way to act), 238 of them spam.
    reject_precision = 0.988

    def evaluate(self, submission: Submission) -> RuleHit | None:
        hit = super().evaluate(submission)
        if hit is not None and hit.verdict is Verdict.REJECT and not gives_a_way_to_act(submission):
            return self.hit(verdict=Verdict.HOLD, score=hit.score, evidence=hit.evidence)
        return hit
