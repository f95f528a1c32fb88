"""Standard 20: a language other than the language of the site's edition.

lingua identifies the language among `languages`; texts with fewer than `min_characters`
letters get no verdict (too short to tell), nor do texts lingua cannot decide on.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.language import DEFAULT_LANGUAGES, language_detect, language_detector_load
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule


def letters_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


class LanguageRule(Rule):
    code = ReasonCode.LANGUAGE
    explanation = _("Please write in the language of this edition.")
    default_options: ClassVar[dict[str, Any]] = {
        "languages": DEFAULT_LANGUAGES,
        "min_characters": 20,
        "max_characters": 1000,  # enough to tell; a long comment is judged on its beginning
    }

    def prepare(self) -> None:
        language_detector_load(self.options["languages"])
        super().prepare()

    def detect(self, text: str) -> str | None:
        """The language of `text`, or None when it is too short or lingua cannot tell."""
        sample = " ".join(text[: self.options["max_characters"]].split())
        if len(sample) < self.options["min_characters"] or letters_count(sample) < 10:
            return None
        return language_detect(sample, languages=self.options["languages"])

    def evaluate(self, submission: Submission) -> RuleHit | None:
        expected = (submission.article.language or submission.edition_language)[:2].lower()
        found = self.detect(submission.text)
        if found is None or found == expected:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=1.0,
            evidence=Evidence(details={"language": found, "expected": expected}),
        )
