"""Language identification: lingua, plus our own n-gram model for the languages lingua lacks.

Entry point: `language_identify(text, ...)`, the ISO 639-1 code of a text or None when it cannot
tell. lingua's models are loaded once per set of candidate languages, lazily. Fewer candidate
languages make it faster and more accurate; the default set (`DEFAULT_LANGUAGES`) covers the
languages most comments on a European or international site are written in.

lingua knows no Galician: it calls a Galician text Portuguese or Spanish, its closest
neighbours. A small character n-gram model (`NgramLanguageModel`: naive Bayes over character
n-grams, `models/language_iberian.npz`, trained by `train_language.py` on Tatoeba's training
files) knows Galician and the Latin-script languages around it. Where lingua's guess falls among
them, both decide together (`language_choose`): lingua's confidence in Portuguese, Spanish and
Catalan stands for its confidence in Galician, and the n-grams tell which of them it is.

Memory: lingua's high-accuracy models cost 20 to 75 MB per language (measured: Arabic 73, French
46, German 38, Portuguese 23; Chinese, Japanese and Korean 2), its low-accuracy (trigram) models
about 1.5 MB. So two detectors (`language_judge`): a precise one (high accuracy) over the
languages that matter for the site's editions (`language_candidates`: each edition, its
confusable neighbours in the same script, the common Latin-script languages), and a broad one
(low accuracy, `BROAD_LANGUAGES`) that names the rest: a text in a script no precise candidate
writes (Russian on a French and English site) and, when it is sure, a language the precise
detector lacks (Ukrainian beside Russian, Persian beside Arabic, Polish).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .language_service import LanguageServiceClient

MODELS_DIR = Path(__file__).resolve().parent / "models"

# The common Latin-script languages a comment on a European or international site arrives in,
# judged precisely whatever the editions (they are what a short Latin-script text is confused
# with); Chinese, Japanese and Korean cost lingua almost nothing.
COMMON_LANGUAGES = ("en", "fr", "es", "pt", "it", "ca", "de", "zh", "ja", "ko")
# The confusable neighbours of an edition's language, in its own script. Neighbours in another
# script than Latin (Ukrainian and Belarusian beside Russian, Persian and Urdu beside Arabic)
# are named by the broad detector instead: 40 to 75 MB each in the precise one. Galician is
# our n-gram model's (lingua has none).
EDITION_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "es": ("ca", "pt", "it"),
    "pt": ("es",),
    "fr": ("it", "ca", "es"),
    "it": ("es", "fr"),
    "ca": ("es", "fr"),
    "de": ("nl",),
    "nl": ("de",),
    "zh": ("ja",),
    "ja": ("zh",),
}
# Low accuracy (trigrams only, about 1.5 MB each): the languages of other scripts than Latin
# a comment may arrive in. None in the Latin script: there the broad detector is never asked
# (`language_judge`), the precise candidates always include the common Latin-script ones.
BROAD_LANGUAGES = "ru uk be bg sr mk kk ar fa ur he el hi bn ka hy th zh ja ko"
# The site's editions when settings say nothing (`app_settings.edition_languages`).
DEFAULT_EDITIONS = ("en", "fr")
DEFAULT_NGRAM_MODEL = "language_iberian"


def language_candidates(editions: Sequence[str]) -> str:
    """The precise detector's languages for a site with these editions (ISO 639-1 codes)."""
    chosen: list[str] = []
    neighbours = [language for code in editions for language in EDITION_NEIGHBOURS.get(code, ())]
    for language in (*editions, *neighbours, *COMMON_LANGUAGES):
        if language not in chosen and language in _LINGUA_CODES:
            chosen.append(language)
    return " ".join(chosen)


# lingua's 75 languages (ISO 639-1), so that `lingua` is imported only when a detector is built.
_LINGUA_NAMES = (
    "af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is "
    "it ja ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv "
    "sw ta te th tl tn tr ts uk ur vi xh yo zh zu"
)
_LINGUA_CODES = frozenset(_LINGUA_NAMES.split())
DEFAULT_LANGUAGES = language_candidates(DEFAULT_EDITIONS)

# Languages lingua writes in another script than Latin, by script (see `script_of`).
SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {
    "cyrillic": frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "mn"}),
    "arabic": frozenset({"ar", "fa", "ur"}),
    "cjk": frozenset({"zh", "ja", "ko"}),
    "greek": frozenset({"el"}),
    "hebrew": frozenset({"he"}),
    "armenian": frozenset({"hy"}),
    "georgian": frozenset({"ka"}),
    "indic": frozenset({"hi", "mr", "bn", "gu", "pa", "ta", "te"}),
    "thai": frozenset({"th"}),
}
_NON_LATIN = frozenset().union(*SCRIPT_LANGUAGES.values())
# (first code point, last code point, script); the rest of the letters are Latin or "other".
_SCRIPT_RANGES = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x08FF, "arabic"),
    (0x0900, 0x0CFF, "indic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "cjk"),
    (0x2E80, 0x9FFF, "cjk"),
    (0xA960, 0xA97F, "cjk"),
    (0xAC00, 0xD7AF, "cjk"),
    (0xF900, 0xFAFF, "cjk"),
    (0xFB50, 0xFEFF, "arabic"),
    (0xFF66, 0xFFDC, "cjk"),
    (0x20000, 0x3FFFF, "cjk"),
)


def script_of(character: str) -> str:
    """The script of a letter: "latin", "cyrillic", "arabic", "cjk" (Han, kana, Hangul)..."""
    point = ord(character)
    if point < 0x0370 or 0x1E00 <= point <= 0x1EFF:
        return "latin"
    for first, last, script in _SCRIPT_RANGES:
        if first <= point <= last:
            return script
    return "other"


def languages_writing(script: str, languages: str | Sequence[str]) -> list[str]:
    """Those of `languages` lingua writes in `script`."""
    codes = languages.split() if isinstance(languages, str) else languages
    if script == "latin":
        return [code for code in codes if code not in _NON_LATIN]
    return [code for code in codes if code in SCRIPT_LANGUAGES.get(script, ())]


# Letters a neighbour writes and the edition's language does not: the broad detector may name
# the neighbour only when the text has one (an Arabic text with the vocative "يا" was Persian
# to its trigrams; every Persian or Urdu sentence has a ی or a ک, every Ukrainian one an і).
NEIGHBOUR_LETTERS: dict[str, frozenset[str]] = {
    "fa": frozenset("پچژگکی"),
    "ur": frozenset("پچژگکیٹڈڑںےہھ"),
    "uk": frozenset("іїєґ"),
    "be": frozenset("іў"),
    "kk": frozenset("әғқңөұүһі"),
    "sr": frozenset("ђјљњћџ"),
    "mk": frozenset("ѓќѕјљњџ"),
}


def has_letters_of(language: str, text: str) -> bool:
    """Whether `text` has a letter only `language` (among its neighbours) writes; True for a
    language without such letters (Bulgarian)."""
    letters = NEIGHBOUR_LETTERS.get(language)
    return letters is None or not letters.isdisjoint(text.lower())


# Letters, and apostrophes inside words (Catalan l', d'); everything else separates words.
_NOT_LETTERS = re.compile(r"[^\w']+|[\d_]+")
# Links, e-mail addresses, @mentions, #hashtags, placeholders (<user>, [URL], {name}, |LBR|, and
# the capitalised ones labelled data uses: URL, USER), numbers and HTML entities say nothing of
# the language and mislead lingua (a URL's English words, a French name's hashtag).
_NOISE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.[a-z]{2,}/\S*|\S+@\S+\.\w+|[@#]\w+"
    r"|<\w+>|\[\w+\]|\{\w+\}|\|\w+\||\b(?:URL|HTTPURL|USER|MENTION|EMAIL|NUMBER|PHONE)\b"
    r"|\d+|&\w+;"
)
# Emoji joiners, variation selectors and keycaps: removed, not replaced (inside a sequence).
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def _character_kept(character: str) -> str:
    category = unicodedata.category(character)
    if category == "Cf" or character in _JOINERS:
        return ""  # format characters (joiners, bidi marks, soft hyphens, emoji tags)
    if category[0] in "SC":
        return " "  # emoji and other symbols; controls, lone surrogates, private use
    return character


def language_sample(text: str, *, max_characters: int = 400) -> str:
    """What the language is judged on: the text without noise (links, mentions, placeholders,
    numbers, emoji and symbols, invalid characters such as lone surrogates), whitespace
    collapsed, at most `max_characters`."""
    text = _NOISE.sub(" ", text[: 4 * max_characters])
    if not text.isascii():
        # NFKC after the invalid characters are gone: Arabic presentation forms ("ﺎلأرض"),
        # full-width letters and ligatures become the letters lingua's models know.
        text = unicodedata.normalize("NFKC", "".join(map(_character_kept, text)))
    return " ".join(text.split())[:max_characters]


def cjk_count(text: str) -> int:
    """Han, kana and Hangul characters: each carries as much as a word of a Latin script."""
    return 0 if text.isascii() else sum(script_of(ch) == "cjk" for ch in text if ch.isalpha())


def main_script(text: str) -> str:
    """The script most of the letters of `text` are written in."""
    if text.isascii():
        return "latin"
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "latin"


def letters_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def language_detector_load(
    languages: str = DEFAULT_LANGUAGES, *, high_accuracy: bool = True
) -> Any:
    """A lingua detector for the ISO 639-1 codes in `languages` (space or comma separated),
    built once per set and mode (however the arguments are spelled: one detector, one copy of
    its models)."""
    return _detector_load(" ".join(languages.replace(",", " ").split()), high_accuracy)


@lru_cache(maxsize=6)
def _detector_load(languages: str, high_accuracy: bool) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = [code for code in languages.replace(",", " ").split() if code]
    chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    builder = LanguageDetectorBuilder.from_languages(*chosen)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    # Loaded now, not on the first comment in each script (seconds per script otherwise).
    return builder.with_preloaded_language_models().build()


def language_confidences(
    text: str, *, languages: str = DEFAULT_LANGUAGES, high_accuracy: bool = True
) -> dict[str, float]:
    """lingua's confidence in each candidate language (ISO 639-1), best first, summing to 1."""
    detector = language_detector_load(languages, high_accuracy=high_accuracy)
    return {
        value.language.iso_code_639_1.name.lower(): float(value.value)
        for value in detector.compute_language_confidence_values(text)
        if value.value > 0
    }


def ngram_text(text: str) -> str:
    """The text as the n-gram model reads it: NFC, case-folded, words between single spaces."""
    folded = unicodedata.normalize("NFC", text).replace("’", "'").casefold()
    return " " + " ".join(_NOT_LETTERS.sub(" ", folded).split()) + " "


def ngrams(text: str, orders: tuple[int, ...] = (1, 2, 3, 4)) -> list[str]:
    """Every character n-gram of `ngram_text(text)` of the given orders (a lone space is none)."""
    padded = ngram_text(text)
    return [
        padded[start : start + order]
        for order in orders
        for start in range(len(padded) - order + 1)
        if padded[start : start + order] != " "
    ]


@dataclass(frozen=True)
class NgramLanguageModel:
    """Multinomial naive Bayes over character n-grams, for the Latin-script languages around
    Galician, combined with lingua's confidences (a product of experts).

    `log_probabilities[i, j]`: log P(n-gram i | language j), smoothed; n-grams the model never
    saw say nothing and are skipped. `stand_ins`: for a language lingua lacks, the languages
    whose summed confidence stands for lingua's (Galician: Portuguese, Spanish, Catalan).
    `weight`: how much the model's mean log-likelihood per n-gram counts against lingua's log
    confidence; `min_share`: how much of lingua's confidence must lie on the model's languages
    before the model is asked at all. Both chosen on held-out folds by `train_language.py`.
    """

    languages: tuple[str, ...]
    orders: tuple[int, ...]
    index: dict[str, int]
    log_probabilities: np.ndarray
    stand_ins: dict[str, tuple[str, ...]]
    weight: float
    min_share: float
    meta: dict[str, Any]

    def mean_log_likelihoods(self, text: str) -> np.ndarray | None:
        """Per language, log P(n-grams | language) per known n-gram, the best at 0; None when
        the model knows none of the text's n-grams."""
        rows = [self.index[gram] for gram in ngrams(text, self.orders) if gram in self.index]
        if not rows:
            return None
        scores = self.log_probabilities[rows].sum(axis=0, dtype=np.float64) / len(rows)
        return np.asarray(scores - scores.max())

    def lingua_share(self, confidences: dict[str, float]) -> float:
        """How much of lingua's confidence lies on the model's languages."""
        return sum(confidences.get(code, 0.0) for code in self.languages)

    def combine(self, confidences: dict[str, float], text: str) -> dict[str, float] | None:
        """Probabilities of the model's languages, from lingua's confidences and the n-grams."""
        scores = self.mean_log_likelihoods(text)
        if scores is None:
            return None
        prior = np.array(
            [
                confidences.get(code, 0.0)
                + sum(confidences.get(other, 0.0) for other in self.stand_ins.get(code, ()))
                for code in self.languages
            ]
        )
        combined = np.log(prior + 1e-3) + self.weight * scores
        combined = np.exp(combined - combined.max())
        combined /= combined.sum()
        return dict(zip(self.languages, (float(p) for p in combined), strict=True))


def ngram_model_save(path: Path, model: NgramLanguageModel) -> None:
    grams = sorted(model.index, key=model.index.__getitem__)
    np.savez_compressed(
        path,
        languages=np.array(model.languages),
        orders=np.array(model.orders, dtype=np.int8),
        grams=np.array(grams),
        log_probabilities=model.log_probabilities.astype(np.float16),
        stand_ins=np.array(json.dumps(model.stand_ins, sort_keys=True)),
        weight=np.array([model.weight], dtype=np.float64),
        min_share=np.array([model.min_share], dtype=np.float64),
        meta=np.array(json.dumps(model.meta, sort_keys=True)),
    )


@lru_cache(maxsize=4)
def ngram_model_load(name: str = DEFAULT_NGRAM_MODEL) -> NgramLanguageModel:
    """The model `name` from models/ (or an absolute path); raises if it is missing or broken."""
    path = Path(name) if Path(name).is_absolute() else MODELS_DIR / f"{name}.npz"
    with np.load(path, allow_pickle=False) as data:
        languages = tuple(str(code) for code in data["languages"])
        grams = [str(gram) for gram in data["grams"]]
        log_probabilities = data["log_probabilities"].astype(np.float32)
        if log_probabilities.shape != (len(grams), len(languages)):
            raise ValueError(
                f"{path.name}: log-probabilities {log_probabilities.shape}, "
                f"expected ({len(grams)}, {len(languages)})"
            )
        return NgramLanguageModel(
            languages=languages,
            orders=tuple(int(order) for order in data["orders"]),
            index={gram: row for row, gram in enumerate(grams)},
            log_probabilities=log_probabilities,
            stand_ins={
                code: tuple(others) for code, others in json.loads(str(data["stand_ins"])).items()
            },
            weight=float(data["weight"][0]),
            min_share=float(data["min_share"][0]),
            meta=json.loads(str(data["meta"])),
        )


def language_weigh(
    confidences: dict[str, float], text: str, *, model: NgramLanguageModel | None
) -> dict[str, float]:
    """lingua's `confidences` (best first), or lingua's and the n-gram model's combined.

    Where lingua puts at least the model's `min_share` of its confidence on the model's
    languages, lingua and the n-gram model decide together (`NgramLanguageModel.combine`), so
    Galician can be named; elsewhere (Chinese, German...) lingua decides alone.
    """
    share = model.lingua_share(confidences) if model is not None else 0.0
    if model is not None and share >= model.min_share:
        combined = model.combine(confidences, text)
        if combined is not None:
            # The model shares out only the confidence lingua put on the model's languages;
            # the rest stays where lingua put it (a German text lingua is 0.72 sure of was
            # English: the model knows no German, and had the whole say).
            merged = {code: value for code, value in confidences.items() if code not in combined}
            merged.update({code: value * share for code, value in combined.items()})
            return dict(sorted(merged.items(), key=lambda item: -item[1]))
    return confidences


def language_choose(
    confidences: dict[str, float],
    text: str,
    *,
    model: NgramLanguageModel | None,
    min_confidence: float,
) -> str | None:
    """The language of `text` given lingua's `confidences` (best first): the decision. A best
    guess below `min_confidence` (after `language_weigh`) is too close to call: no verdict."""
    return _best(language_weigh(confidences, text, model=model), min_confidence)


def _best(confidences: dict[str, float], min_confidence: float) -> str | None:
    best, value = max(confidences.items(), key=lambda item: item[1], default=(None, 0.0))
    return best if best is not None and value >= min_confidence else None


@dataclass(frozen=True)
class LanguageGuess:
    """A decision and what it was made on: the confidences (lingua's, or combined with the
    n-gram model's) over the detector's languages, best first, and the text's main script."""

    language: str | None
    confidences: dict[str, float]
    script: str
    # lingua's own confidences, before the n-gram model's say (the model is sharp on a few
    # words: "Pure genius" is Italian to it).
    lingua: dict[str, float]


def language_judge(
    text: str,
    *,
    languages: str = DEFAULT_LANGUAGES,
    broad_languages: str = BROAD_LANGUAGES,
    high_accuracy: bool = True,
    min_confidence: float = 0.2,
    neighbour_confidence: float = 0.97,
    neighbour_min_characters: int = 20,
    ngram_model: str = DEFAULT_NGRAM_MODEL,
) -> LanguageGuess:
    """The language of `text` (a `language_sample`), judged by the language service when the
    site runs one (`language_service.py`), here otherwise (`language_judge_here`)."""
    arguments: dict[str, Any] = {
        "languages": languages,
        "broad_languages": broad_languages,
        "high_accuracy": high_accuracy,
        "min_confidence": min_confidence,
        "neighbour_confidence": neighbour_confidence,
        "neighbour_min_characters": neighbour_min_characters,
        "ngram_model": ngram_model,
    }
    client = language_service_client()
    if client is None:
        return language_judge_here(text, **arguments)
    return LanguageGuess(**client.call("judge", {"text": text, **arguments}))


def language_judge_here(
    text: str,
    *,
    languages: str = DEFAULT_LANGUAGES,
    broad_languages: str = BROAD_LANGUAGES,
    high_accuracy: bool = True,
    min_confidence: float = 0.2,
    neighbour_confidence: float = 0.97,
    neighbour_min_characters: int = 20,
    ngram_model: str = DEFAULT_NGRAM_MODEL,
) -> LanguageGuess:
    """The language of `text` (a `language_sample`): precise where it can be, named otherwise.

    A text in a script one of the precise `languages` writes is judged by the precise
    detector (with the n-gram model), unless the script is not Latin and the broad detector
    prefers a language of that script the precise one lacks (Ukrainian when only Russian is
    precise) while it gives the precise one's choice at most 1 - `neighbour_confidence` (an
    Urdu text: Persian 0.95, Urdu 0.05, Arabic 0.00; not Arabic, whichever neighbour it is).
    A text in another script is the broad detector's alone: on a site without a Russian
    edition a Cyrillic text needs naming, not precision.
    """
    script = main_script(text)
    precise = languages.replace(",", " ").split()
    if languages_writing(script, precise):
        model = ngram_model_load(ngram_model) if ngram_model else None
        confidences = language_confidences(text, languages=languages, high_accuracy=high_accuracy)
        weighed = language_weigh(confidences, text, model=model)
        found = _best(weighed, min_confidence)
        # Not in the Latin script: there the broad detector's trigrams are too often sure of a
        # wrong language on short texts (measured on Tatoeba: accuracy 0.985 fell to 0.944
        # at 0.5, 0.974 at 0.9), and the precise candidates cover the common languages.
        lacking = set(languages_writing(script, broad_languages.split())) - set(precise)
        # Nor on a text shorter than `neighbour_min_characters`: trigrams alone are unreliable
        # there (a short Russian comment is Macedonian to them, at 0.97).
        if lacking and script != "latin" and len(text) >= neighbour_min_characters:
            broad = language_confidences(text, languages=broad_languages, high_accuracy=False)
            best = next(iter(broad), None)
            if (
                best in lacking
                and broad.get(found or "", 0.0) <= 1 - neighbour_confidence
                and has_letters_of(best, text)
            ):
                return LanguageGuess(best, broad, script, broad)
        return LanguageGuess(found, weighed, script, confidences)
    if not broad_languages:
        return LanguageGuess(None, {}, script, {})
    broad = language_confidences(text, languages=broad_languages, high_accuracy=False)
    return LanguageGuess(_best(broad, min_confidence), broad, script, broad)


def language_identify(
    text: str,
    *,
    languages: str = DEFAULT_LANGUAGES,
    broad_languages: str = BROAD_LANGUAGES,
    high_accuracy: bool = True,
    min_confidence: float = 0.2,
    ngram_model: str = DEFAULT_NGRAM_MODEL,
) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when it cannot tell.

    `ngram_model` names our model for the languages lingua lacks ("" for lingua alone).
    """
    return language_judge(
        text,
        languages=languages,
        broad_languages=broad_languages,
        high_accuracy=high_accuracy,
        min_confidence=min_confidence,
        ngram_model=ngram_model,
    ).language


def language_models_prepare(
    languages: str, broad_languages: str = BROAD_LANGUAGES, ngram_model: str = DEFAULT_NGRAM_MODEL
) -> list[str]:
    """Load what `language_judge` needs for these arguments, in the language service when the
    site runs one (waiting for it to start), here otherwise; the languages the n-gram model
    names in lingua's stead (Galician)."""
    arguments = {
        "languages": languages,
        "broad_languages": broad_languages,
        "ngram_model": ngram_model,
    }
    client = language_service_client()
    if client is None:
        return language_models_prepare_here(**arguments)
    # The service may be starting with the worker: loading its models takes seconds, more on
    # busy cores. A comment waits for this (`pipeline._prepare`): not for ever.
    return list(client.call("prepare", arguments, timeout=60, connect_wait=30))


def language_models_prepare_here(
    languages: str, broad_languages: str = BROAD_LANGUAGES, ngram_model: str = DEFAULT_NGRAM_MODEL
) -> list[str]:
    """`language_models_prepare` in this process."""
    language_detector_load(languages)
    language_detector_load(languages, high_accuracy=False)  # long texts (the rule's fast mode)
    if broad_languages:
        language_detector_load(broad_languages, high_accuracy=False)
    return sorted(ngram_model_load(ngram_model).stand_ins) if ngram_model else []


def _judge_operation(text: str, **arguments: Any) -> dict[str, Any]:
    guess = language_judge_here(text, **arguments)
    return {
        "language": guess.language,
        "confidences": guess.confidences,
        "script": guess.script,
        "lingua": guess.lingua,
    }


# What the language service (`manage.py language_service`) answers: pure functions of their
# JSON arguments, with JSON results.
SERVICE_OPERATIONS: dict[str, Any] = {
    "judge": _judge_operation,
    "prepare": language_models_prepare_here,
    "ping": lambda: os.getpid(),
}


def language_service_address() -> str:
    """The language service's socket (`settings.MASTHEAD_LANGUAGE_SERVICE`); "" for none."""
    from django.conf import settings

    if not settings.configured:
        return ""
    return str(getattr(settings, "MASTHEAD_LANGUAGE_SERVICE", "") or "")


def language_service_client() -> LanguageServiceClient | None:
    """The client of the site's language service, or None to judge in this process."""
    address = language_service_address()
    return _client_for(address) if address else None


@lru_cache(maxsize=2)
def _client_for(address: str) -> LanguageServiceClient:
    return LanguageServiceClient(address)
