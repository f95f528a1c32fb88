"""Standard 20: a language other than the language of the site's edition.

The language is identified (`classifiers.language.language_judge`) on the text without links,
@mentions, #hashtags, placeholders, numbers, emoji and invalid characters (which say nothing
of the language and mislead it). Two lingua detectors: a precise one among `languages` (by
default the site's editions, their confusable neighbours and the common Latin-script
languages: `language_candidates`), with our n-gram model `model` for the languages lingua
lacks (Galician), and a cheap broad one among `broad_languages` that names a text in another
script (a Russian comment on a site without a Russian edition) or a language the precise one
lacks when it is sure (Ukrainian beside Russian).

The floor is the script's: `min_cjk_characters` Han, kana or Hangul characters (each says as
much as a word), or `min_characters` in other scripts; below it, no verdict (too short to
tell), nor when the best guess has a confidence below `min_confidence` (Spanish or Catalan?).
A text shorter than `short_text_below` is held only when lingua gives the edition's language
less than `short_text_edition_doubt` of its confidence: a pair of English words ("Pure
genius", a name) reads like many languages, while a short Russian, Chinese or Arabic comment
under an English article gives English none. Any language but the edition's is held: a
Galician comment on the English site too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.language import (
    BROAD_LANGUAGES,
    DEFAULT_NGRAM_MODEL,
    LanguageGuess,
    cjk_count,
    language_candidates,
    language_judge,
    language_models_prepare,
    language_sample,
    letters_count,
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
        # The precise detector's languages; "" for the site's editions' (`language_candidates`).
        "languages": "",
        # The broad (low-accuracy, cheap) detector's; "" for none.
        "broad_languages": BROAD_LANGUAGES,
        # Our n-gram model for languages lingua lacks (models/<name>.npz); "" for lingua alone.
        "model": DEFAULT_NGRAM_MODEL,
        "min_characters": 10,
        "min_cjk_characters": 4,
        "min_confidence": 0.2,
        # How sure the broad detector must be that the precise one's choice is wrong to name a
        # language the precise one lacks, and from what length it is asked (`language_judge`).
        "neighbour_confidence": 0.97,
        "neighbour_min_characters": 20,
        "short_text_below": 20,
        "short_text_edition_doubt": 0.1,
        # A language the n-gram model names in lingua's stead (Galician) is held only when
        # lingua gives the edition's language less than this (Brazilian Portuguese slang).
        "stand_in_edition_doubt": 0.3,
        "max_characters": 400,  # enough to tell; a long comment is judged on its beginning
        # From this length lingua's fast mode (trigrams only) is as accurate and much faster.
        "fast_mode_from": 250,
        # Skip lingua when this share of the words are the edition's commonest words.
        "marker_share": 0.3,
        "marker_min_words": 6,
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.stand_ins: frozenset[str] = frozenset()
        self.languages = str(self.options["languages"]) or _editions_candidates()

    def models_arguments(self) -> dict[str, str]:
        """What `language_models_prepare` loads for this rule (the language service loads the
        same for every language rule configured as it starts)."""
        return {
            "languages": self.languages,
            "broad_languages": str(self.options["broad_languages"]),
            "ngram_model": str(self.options["model"]),
        }

    def prepare(self) -> None:
        # In the language service when the site runs one (bin/serve does), here otherwise.
        self.stand_ins = frozenset(language_models_prepare(**self.models_arguments()))
        super().prepare()

    def sample(self, text: str) -> str:
        """What the language is judged on (`language_sample`)."""
        return language_sample(text, max_characters=self.options["max_characters"])

    def reaches_floor(self, sample: str) -> bool:
        """Whether `sample` is long enough to tell, in its script: 4 Han, kana or Hangul
        characters, or 10 characters in others (half of them letters)."""
        if cjk_count(sample) >= int(self.options["min_cjk_characters"]):
            return True
        minimum = int(self.options["min_characters"])
        return len(sample) >= minimum and letters_count(sample) >= minimum // 2

    def is_short(self, sample: str) -> bool:
        """Whether `sample` is short enough for the edition's language to get the doubt."""
        return cjk_count(sample) < int(self.options["min_cjk_characters"]) and len(sample) < int(
            self.options["short_text_below"]
        )

    def judge(self, text: str) -> LanguageGuess | None:
        """What lingua (and the n-gram model) make of `text`; None when it is too short."""
        sample = self.sample(text)
        if not self.reaches_floor(sample):
            return None
        return language_judge(
            sample,
            languages=self.languages,
            broad_languages=self.options["broad_languages"],
            high_accuracy=len(sample) < self.options["fast_mode_from"],
            min_confidence=self.options["min_confidence"],
            neighbour_confidence=self.options["neighbour_confidence"],
            neighbour_min_characters=self.options["neighbour_min_characters"],
            ngram_model=self.options["model"],
        )

    def detect(self, text: str) -> str | None:
        """The language of `text` (ISO 639-1), or None when too short or too close to call."""
        guess = self.judge(text)
        return guess.language if guess else None

    def evaluate(self, submission: Submission) -> RuleHit | None:
        expected = (submission.article.language or submission.edition_language)[:2].lower()
        markers = EDITION_MARKERS.get(expected)
        words = submission.normalised.words
        if markers and len(words) >= self.options["marker_min_words"]:
            share = sum(word in markers for word in words) / len(words)
            if share >= self.options["marker_share"]:
                return None
        guess = self.judge(submission.text)
        if guess is None or guess.language is None or guess.language == expected:
            return None
        doubt = guess.lingua.get(expected, 0.0)
        if self.is_short(self.sample(submission.text)) and (
            doubt >= self.options["short_text_edition_doubt"]
        ):
            return None
        if guess.language in self.stand_ins and doubt >= self.options["stand_in_edition_doubt"]:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=1.0,
            evidence=Evidence(details={"language": guess.language, "expected": expected}),
        )


def _editions_candidates() -> str:
    from ..app_settings import edition_languages

    return language_candidates(edition_languages())
