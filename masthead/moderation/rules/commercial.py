"""Standard 10: commercial purposes, advertising, and links to other resources.

The list `wordlists/commercial.txt` ("check out my channel", "sub4sub"), and links: a comment
with more than `max_links` links is held; a single link is flagged (published, noted) unless
its site is in `allowed_domains` or is a domain the moderators trust (`domains.py`): those never
count.
"""

from __future__ import annotations

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
        if len(links) > self.options["max_links"]:
            link_verdict = Verdict.HOLD
        if listed is None and not (links and (link_verdict or self.options["flag_single_links"])):
            return None
        verdict = max(link_verdict, listed.verdict if listed else Verdict.PASS)
        evidence = listed.evidence if listed else Evidence()
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict else 0.5,
            evidence=Evidence(words=evidence.words, spans=evidence.spans, links=links),
        )
