"""The closed list of community standards, and what a rule says about a submission.

`ReasonCode` values are stored with every decision and shown in reports and appeals: a value is
never renamed or reused (add a member instead; a retired one stays, unused). The labels are the
standards' short names, translated. `Verdict` orders outcomes so the pipeline can take the
strictest one. `RuleHit` is what a rule returns; `Evidence` is what it shows a moderator.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ReasonCode(models.TextChoices):
    """One member per standard of the community rules (issue 4), plus two system reasons."""

    OFF_TOPIC = "off_topic", _("Off topic")
    HATRED = "hatred", _("Hatred or discrimination")
    HARM_TO_MINORS = "harm_to_minors", _("Harm to minors")
    EXTREMISM = "extremism", _("Extremism or calls for illegal acts")
    INSULT = "insult", _("Insults and threats")
    PUBLISHER_DISRESPECT = "publisher_disrespect", _("Disrespect of the publisher")
    PRIVACY = "privacy", _("Personal data of others")
    ANIMAL_CRUELTY = "animal_cruelty", _("Violence or cruelty to animals")
    SUICIDE = "suicide", _("Suicide methods")
    COMMERCIAL = "commercial", _("Advertising and links to other resources")
    PRODUCT_PROMOTION = "product_promotion", _("Promotion of products")
    PROFANITY = "profanity", _("Profanity")
    SPAM = "spam", _("Spam and get-rich-quick schemes")
    NARCOTICS = "narcotics", _("Narcotics")
    MALWARE = "malware", _("Links to viruses and malware")
    FLASH_MOB = "flash_mob", _("Flash mob")
    FLOODING = "flooding", _("Flooding")
    TROLLING = "trolling", _("Trolling")
    CAPITALS = "capitals", _("All capitals or no sentences")
    LANGUAGE = "language", _("Another language")
    # Not standards: why a comment waits for a moderator without having broken one.
    PREMODERATION = "premoderation", _("New or recently sanctioned account")
    CHECK_FAILED = "check_failed", _("An automatic check could not run")


class Verdict(enum.IntEnum):
    """What happens to the comment; a larger value is stricter, so `max` combines verdicts."""

    PASS = 0  # published (a hit with PASS is a flag: published, noted for moderators)
    HOLD = 1  # waits for a moderator, visible to its author only
    REJECT = 2  # not published; the author keeps the text and sees why

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Verdict:
        """'pass'/'flag' → PASS, 'hold' → HOLD, 'reject'/'block' → REJECT (settings, word lists)."""
        aliases = {"flag": "pass", "block": "reject"}
        return cls[aliases.get(label, label).upper()]


@dataclass(frozen=True)
class Span:
    """Where in the original text (character offsets) something was found, and what it was."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """What a moderator sees: the words and links found, where, and related earlier items."""

    words: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    related: tuple[str, ...] = ()  # keys of earlier comments (near-duplicates, the flood)
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleHit:
    """A rule's finding: the standard, the verdict it asks for, a score in 0..1, the evidence.

    `explanation` is the short sentence shown to the author (translated, lazily).
    """

    code: ReasonCode
    verdict: Verdict
    score: float
    explanation: str | Promise
    evidence: Evidence = field(default_factory=Evidence)
    rule: str = ""  # dotted path of the rule class, filled in by the pipeline


@dataclass(frozen=True)
class RuleFailure:
    """A rule that raised or whose model did not load: the submission is held, this recorded."""

    rule: str
    error: str
    at: datetime | None = None
