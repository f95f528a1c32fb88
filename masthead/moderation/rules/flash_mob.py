"""Standard 16: flash mobs: many identical or near-identical comments from different accounts.

Reads the near-duplicates that the caller looked up in the recent-comments index
(`submission.recent.near_duplicates`, MinHash + LSH in `recent/`): when at least
`min_other_authors` other accounts posted a comment this similar in `window_seconds`, hold.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule


class FlashMobRule(Rule):
    code = ReasonCode.FLASH_MOB
    explanation = _(
        "Many accounts have just posted this same comment. It will appear once a moderator "
        "has checked it."
    )
    default_options: ClassVar[dict[str, Any]] = {
        "window_seconds": 3600,
        "min_other_authors": 3,
        "min_similarity": 0.75,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        now = submission.submitted_at
        window = timedelta(seconds=self.options["window_seconds"])
        similar = [
            c
            for c in submission.recent.near_duplicates
            if now - c.created_at <= window
            and c.similarity >= self.options["min_similarity"]
            and (c.author_id is None or c.author_id != submission.author_id)
        ]
        authors = {c.author_id for c in similar}
        if len(authors) < self.options["min_other_authors"]:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=min(1.0, len(authors) / (2 * self.options["min_other_authors"])),
            evidence=Evidence(
                related=tuple(c.key for c in similar[:50]),
                details={"other_authors": len(authors)},
            ),
        )
