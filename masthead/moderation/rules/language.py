"""Standard 20: a language other than the language of the site's edition.

The language is identified (`classifiers.language.language_identify`: lingua among `languages`,
and our n-gram model `model` for the languages lingua lacks, Galician) on the text without
links, @mentions, #hashtags and numbers (which say nothing of the language and mislead it).
Texts with fewer than `min_characters` left get no verdict (too short to tell), nor do texts
whose best guess has a confidence below `min_confidence` (Spanish or Catalan? it cannot tell;
lingua's, or lingua's and the model's together). Any language but the edition's is held: a
Galician comment on the English site too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.language import (
    DEFAULT_LANGUAGES,
    DEFAULT_NGRAM_MODEL,
    language_detector_load,
    language_identify,
    language_sample,
    letters_count,
    ngram_model_load,
)
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule

# The commonest words of an edition's language: a comment made largely of them is in that
# language, and lingua (the dearest check in the pipeline) need not be asked. Only for
# languages whose commonest words no close neighbour shares: French's (de, la, que, les) are
# Spanish, Catalan or Portuguese words too (measured: the French edition's decisions got worse).
_ENGLISH = (
    "the and is are was were to of in that it you for on with this not be have has i they we "
    "he she but what so my just do there their will would can if at about all an or as by from"
)
EDITION_MARKERS = {"en": frozenset(_ENGLISH.split())}


class LanguageRule(Rule):
    code = ReasonCode.LANGUAGE
    explanation = _("Please write in the language of this edition.")
    default_options: ClassVar[dict[str, Any]] = {
        "languages": DEFAULT_LANGUAGES,
        # Our n-gram model for languages lingua lacks (models/<name>.npz); "" for lingua alone.
        "model": DEFAULT_NGRAM_MODEL,
        "min_characters": 20,
        "min_confidence": 0.2,
        "max_characters": 400,  # enough to tell; a long comment is judged on its beginning
        # From this length lingua's fast mode (trigrams only) is as accurate and much faster.
        "fast_mode_from": 250,
        # Skip lingua when this share of the words are the edition's commonest words.
        "marker_share": 0.3,
        "marker_min_words": 6,
    }

    def prepare(self) -> None:
        language_detector_load(self.options["languages"])
        language_detector_load(self.options["languages"], high_accuracy=False)
        if self.options["model"]:
            ngram_model_load(self.options["model"])
        super().prepare()

    def detect(self, text: str) -> str | None:
        """The language of `text` (ISO 639-1), or None when too short or too close to call."""
        sample = language_sample(text, max_characters=self.options["max_characters"])
        if len(sample) < self.options["min_characters"] or letters_count(sample) < 10:
            return None
        return language_identify(
            sample,
            languages=self.options["languages"],
            high_accuracy=len(sample) < self.options["fast_mode_from"],
            min_confidence=self.options["min_confidence"],
            ngram_model=self.options["model"],
        )

    def evaluate(self, submission: Submission) -> RuleHit | None:
        expected = (submission.article.language or submission.edition_language)[:2].lower()
        markers = EDITION_MARKERS.get(expected)
        words = submission.normalised.words
        if markers and len(words) >= self.options["marker_min_words"]:
            share = sum(word in markers for word in words) / len(words)
            if share >= self.options["marker_share"]:
                return None
        found = self.detect(submission.text)
        if found is None or found == expected:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=1.0,
            evidence=Evidence(details={"language": found, "expected": expected}),
        )
