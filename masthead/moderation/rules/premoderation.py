"""Pre-moderation: new accounts and accounts with recent rejections wait for a moderator.

Not a standard: trust that grows with approved comments. An account younger than
`min_account_days`, with fewer than `min_approved` approved comments, or with
`max_recent_rejections` or more recent rejections has its comments held (reason PREMODERATION).
So has an account whose community block was lifted, until `min_approved_after_block` of its
comments have been approved since.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule


class PremoderationRule(Rule):
    code = ReasonCode.PREMODERATION
    explanation = _(
        "Comments from new accounts are checked by a moderator before they appear. "
        "This stops once a few of yours have been approved."
    )
    default_options: ClassVar[dict[str, Any]] = {
        "min_account_days": 0,
        "min_approved": 0,
        "max_recent_rejections": 3,
        "min_approved_after_block": 3,
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        account = submission.account
        if account.is_staff:
            return None
        reasons = []
        if account.age < timedelta(days=self.options["min_account_days"]):
            reasons.append("new_account")
        if account.approved_count < self.options["min_approved"]:
            reasons.append("few_approved")
        if account.recent_rejections >= self.options["max_recent_rejections"]:
            reasons.append("recent_rejections")
        if (
            account.was_blocked
            and account.approved_since_block < self.options["min_approved_after_block"]
        ):
            reasons.append("block_lifted")
        if not reasons:
            return None
        return self.hit(verdict=Verdict.HOLD, score=1.0, evidence=Evidence(words=tuple(reasons)))
