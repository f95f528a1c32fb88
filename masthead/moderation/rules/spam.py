"""Standard 13: spam and get-rich-quick schemes.

The list `wordlists/spam.txt`, and our `spam` model, trained on YouTube comment spam and SMS
spam against their ham (and non-spam posts from the abuse sets). The model never sees links
(`classifiers/features.py`): it judges what the text does, and the link counts only as the
way to act on it. The model alone holds; it rejects only a pitch that also gives the reader a
way to act on it (a link, an e-mail address, a phone number, "text WIN to 80082"): a fan
shouting "SUBSCRIBE" is held, not rejected. A bare pointer ("Check this out: <link>", fewer
than `pitch_min_words` words beside the links) is held at most: its text says nothing, and
where the link goes is for the malware rule, the domain lists and a moderator to judge.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.features import LEFT_OUT
from ..domains import NO_DOMAINS, DomainLists
from ..reasons import ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule
from .privacy import EMAIL, PHONE

_SHORT_CODE = re.compile(
    r"\b(?:text|txt|send|call|sms|dial|reply|ring)\b[^.\n]{0,40}?\b\d{4,6}\b", re.IGNORECASE
)


def gives_a_way_to_act(submission: Submission, domains: DomainLists = NO_DOMAINS) -> bool:
    """A link (not to a trusted domain), an e-mail address, a phone number or a short code."""
    text = submission.text
    links = [link for link in submission.links if not domains.is_trusted(link)]
    if links or EMAIL.search(text) or _SHORT_CODE.search(text):
        return True
    return any(len(re.sub(r"\D", "", m.group())) >= 9 for m in PHONE.finditer(text))


class SpamRule(ListAndModelRule):
    code = ReasonCode.SPAM
    explanation = _("This looks like spam or a get-rich-quick scheme.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "spam",
        "model": "spam",
        "pitch_min_words": 6,
    }
    # bench/moderation_eval.py, test split of all sets: 241 rejections (spam score >= the
    # trained `reject_at`, with a way to act), 238 of them spam.
    reject_precision = 0.988
    reads_link_domains = True

    def evaluate(self, submission: Submission) -> RuleHit | None:
        hit = super().evaluate(submission)
        if (
            hit is not None
            and hit.verdict is Verdict.REJECT
            and not (
                gives_a_way_to_act(submission, self.link_domains) and self.is_a_pitch(submission)
            )
        ):
            return self.hit(verdict=Verdict.HOLD, score=hit.score, evidence=hit.evidence)
        return hit

    def is_a_pitch(self, submission: Submission) -> bool:
        """Enough text beside the links to be a pitch (the list's entries always are)."""
        if self.words.find(submission.normalised):
            return True
        words = LEFT_OUT.sub(" ", submission.normalised.folded).split()
        return len(words) >= int(self.options["pitch_min_words"])
