"""Standard 17: flooding: many messages in a short time, or incoherent ones.

Reads the author's recent comments that the pipeline's caller looked up
(`submission.recent.author_recent`, from `recent.ActivityStore`): more than `max_comments` in
`window_seconds`, or the same text again within it, is flooding. Incoherent text (keyboard
mashing, one character repeated, no vowels) is flooding too, without any history.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule

_LATIN_WORD = re.compile(r"[a-z]{4,}")
_VOWELS = set("aeiouyàâäéèêëîïôöùûü")


def incoherence(folded: str) -> float:
    """Share of long Latin words with no vowel or a letter repeated 4+ times in a row."""
    words = _LATIN_WORD.findall(folded)
    if len(words) < 3:
        return 0.0
    bad = sum(1 for word in words if not _VOWELS.intersection(word) or len(set(word)) <= 2)
    return bad / len(words)


class FloodingRule(Rule):
    code = ReasonCode.FLOODING
    explanation = _("You are posting very fast. Please slow down and make each comment count.")
    default_options: ClassVar[dict[str, Any]] = {
        "window_seconds": 120,
        "max_comments": 5,
        "repeat_window_seconds": 3600,
        "incoherent_ratio": 0.6,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        now = submission.submitted_at
        window = timedelta(seconds=self.options["window_seconds"])
        recent = [c for c in submission.recent.author_recent if now - c.created_at <= window]
        if len(recent) >= self.options["max_comments"]:
            return self.hit(
                verdict=Verdict.HOLD,
                score=min(1.0, len(recent) / (2 * self.options["max_comments"])),
                evidence=Evidence(
                    related=tuple(c.key for c in recent),
                    details={"comments_in_window": len(recent)},
                ),
            )
        repeat_window = timedelta(seconds=self.options["repeat_window_seconds"])
        repeats = [
            c
            for c in submission.recent.author_recent
            if now - c.created_at <= repeat_window and c.fingerprint == submission.fingerprint
        ]
        if submission.normalised.folded.strip() and repeats:
            return self.hit(
                verdict=Verdict.HOLD,
                score=1.0,
                evidence=Evidence(
                    related=tuple(c.key for c in repeats), details={"repeated": True}
                ),
                explanation=_("You have already posted this comment."),
            )
        ratio = incoherence(submission.normalised.folded)
        if ratio >= self.options["incoherent_ratio"]:
            return self.hit(
                verdict=Verdict.HOLD,
                score=ratio,
                evidence=Evidence(details={"incoherent_words": round(ratio, 3)}),
                explanation=_("This comment doesn't read as sentences. Please rewrite it."),
            )
        return None
