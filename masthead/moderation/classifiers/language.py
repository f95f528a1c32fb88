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
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODELS_DIR = Path(__file__).resolve().parent / "models"

# For the rule, the candidates need not cover every language a comment may be in: a comment in
# a language left out is identified as a close one, still not the edition's. Each Latin-script
# candidate costs start-up time (lingua's models load on first use) and invites confusions.
DEFAULT_LANGUAGES = "en fr de es pt it nl pl ru uk ar zh ja ko tr ca sv ro"
DEFAULT_NGRAM_MODEL = "language_iberian"

# Letters, and apostrophes inside words (Catalan l', d'); everything else separates words.
_NOT_LETTERS = re.compile(r"[^\w']+|[\d_]+")
# Links, @mentions, #hashtags, numbers and HTML entities say nothing of the language and
# mislead lingua (a URL's English words, a French name's hashtag).
_NOISE = re.compile(r"(?:https?://|www\.)\S+|[@#]\w+|\d+|&\w+;")


def language_sample(text: str, *, max_characters: int = 400) -> str:
    """What the language is judged on: the text without noise, at most `max_characters`."""
    sample = " ".join(_NOISE.sub(" ", text[: 4 * max_characters]).split())
    return sample[:max_characters]


def letters_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


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


def language_choose(
    confidences: dict[str, float],
    text: str,
    *,
    model: NgramLanguageModel | None,
    min_confidence: float,
) -> str | None:
    """The language of `text` given lingua's `confidences` (best first): the decision.

    Where lingua puts at least the model's `min_share` of its confidence on the model's
    languages, lingua and the n-gram model decide together (`NgramLanguageModel.combine`), so
    Galician can be named; elsewhere (Chinese, German...) lingua decides alone. Either way, a
    best guess below `min_confidence` is too close to call: no verdict.
    """
    if model is not None and model.lingua_share(confidences) >= model.min_share:
        combined = model.combine(confidences, text)
        if combined is not None:
            confidences = dict(sorted(combined.items(), key=lambda item: -item[1]))
    best, value = next(iter(confidences.items()), (None, 0.0))
    if best is None or value < min_confidence:
        return None
    return best


def language_identify(
    text: str,
    *,
    languages: str = DEFAULT_LANGUAGES,
    high_accuracy: bool = True,
    min_confidence: float = 0.2,
    ngram_model: str = DEFAULT_NGRAM_MODEL,
) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when it cannot tell.

    `ngram_model` names our model for the languages lingua lacks ("" for lingua alone).
    """
    confidences = language_confidences(text, languages=languages, high_accuracy=high_accuracy)
    model = ngram_model_load(ngram_model) if ngram_model else None
    return language_choose(confidences, text, model=model, min_confidence=min_confidence)
