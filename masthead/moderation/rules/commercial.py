"""Standard 10: commercial purposes, advertising, and links to other resources.

The list `wordlists/commercial.txt` ("check out my channel", "sub4sub"), and links: a comment
with more than `max_links` links is held; a single link is flagged (published, noted) unless
its site is in `allowed_domains` or is a domain the moderators trust (`domains.py`): those never
count. A new account (younger than `new_account_days`, fewer than `new_account_approved`
approved comments) is held from more than `new_account_max_links` links: several links from an
account with no record is how link spam starts; one cited source is not.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import WatchedWordsRule


def link_host(link: str) -> str:
    url = link if "://" in link else f"http://{link}"
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class CommercialRule(WatchedWordsRule):
    code = ReasonCode.COMMERCIAL
    explanation = _("Please don't advertise or send readers elsewhere: say it here instead.")
    default_options: ClassVar[dict[str, Any]] = {
        "list": "commercial",
        "max_links": 2,
        "flag_single_links": True,
        "allowed_domains": "wikipedia.org",  # space- or comma-separated; subdomains included
        "new_account_days": 7,
        "new_account_approved": 3,
        "new_account_max_links": 1,
    }
    reads_link_domains = True

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = super().evaluate(submission)
        allowed = tuple(d for d in self.options["allowed_domains"].replace(",", " ").split() if d)
        links = tuple(
            link
            for link in submission.links
            if not any(link_host(link) == d or link_host(link).endswith("." + d) for d in allowed)
            and not self.link_domains.is_trusted(link)
        )
        link_verdict = Verdict.PASS
        details: dict[str, object] = {}
        if len(links) > self.options["max_links"]:
            link_verdict = Verdict.HOLD
        elif len(links) > self.options["new_account_max_links"] and self._is_new(submission):
            link_verdict = Verdict.HOLD
            details = {"new_account": True}
        if listed is None and not (links and (link_verdict or self.options["flag_single_links"])):
            return None
        verdict = max(link_verdict, listed.verdict if listed else Verdict.PASS)
        evidence = listed.evidence if listed else Evidence()
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict else 0.5,
            evidence=Evidence(
                words=evidence.words, spans=evidence.spans, links=links, details=details
            ),
        )

    def _is_new(self, submission: Submission) -> bool:
        account = submission.account
        return (
            account.age < timedelta(days=self.options["new_account_days"])
            and account.approved_count < self.options["new_account_approved"]
            and not account.is_staff
        )
