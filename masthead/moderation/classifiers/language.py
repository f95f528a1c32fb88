"""Language identification with lingua, over a configurable set of languages.

Lingua's models are loaded once per set of languages, lazily. Fewer candidate languages make it
faster and more accurate; the default set (`DEFAULT_LANGUAGES`) covers the languages most
comments on a European or international site are written in. Texts shorter than the rule's
minimum get no verdict at all (a few words cannot tell Spanish from Portuguese).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# For the rule, the candidates need not cover every language a comment may be in: a comment in
# a language left out is identified as a close one, still not the edition's. Each Latin-script
# candidate costs start-up time (lingua's models load on first use) and invites confusions.
DEFAULT_LANGUAGES = "en fr de es pt it nl pl ru uk ar zh ja ko tr ca sv ro"


@lru_cache(maxsize=4)
def language_detector_load(
    languages: str = DEFAULT_LANGUAGES, *, high_accuracy: bool = True
) -> Any:
    """A lingua detector for the ISO 639-1 codes in `languages` (space or comma separated)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = [code for code in languages.replace(",", " ").split() if code]
    chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    builder = LanguageDetectorBuilder.from_languages(*chosen)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    # Loaded now, not on the first comment in each script (seconds per script otherwise).
    return builder.with_preloaded_language_models().build()


def language_detect(
    text: str, *, languages: str = DEFAULT_LANGUAGES, high_accuracy: bool = True
) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when lingua cannot tell."""
    detector = language_detector_load(languages, high_accuracy=high_accuracy)
    language = detector.detect_language_of(text)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()
