"""The abuse models of the editions in other languages than English, and how a comment's
edition language chooses them.

`models/<model>_<language>.npz` (for example `abuse_fr`) is one of our linear models
(`linear.py`), trained by `train_multilingual.py` on that language's permissively licensed
sets only. Chinese is written without spaces, so its model reads characters as words (its
`meta["segment"]` is "characters": one- and two-character n-grams instead of whole clauses).
The rules ask `edition_language` which language a submission is in and `edition_model_load`
for that language's model; see `rules/_languages.py` for the lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from .linear import MODELS_DIR, LinearTextModel, linear_model_load

# The editions with their own lists and models. Any other language (English first) is read
# with the shipped base lists and models.
EDITION_LANGUAGES = ("fr", "es", "ru", "ar", "de", "pt", "zh")
# Han ideographs (with extension A and compatibility ones), kana and hangul syllables: scripts
# written without spaces between words, or with syllables that carry meaning on their own.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def edition_language(code: str) -> str:
    """The primary language of an edition's code: "pt-BR" → "pt", "zh_Hans" → "zh"."""
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] if code else ""


def characters_spaced(text: str) -> str:
    """`text` with every unspaced-script character standing as a word of its own."""
    return UNSPACED.sub(r" \g<0> ", text) if UNSPACED.search(text) else text


@dataclass(frozen=True)
class EditionTextModel(LinearTextModel):
    """A linear model that may read unspaced scripts character by character."""

    by_character: bool = False

    def score(self, folded: str, original: str = "") -> float:
        if self.by_character:
            folded = characters_spaced(folded)
        return super().score(folded, original)


def edition_model_name(model: str, language: str) -> str:
    return f"{model}_{language}"


def edition_model_exists(model: str, language: str) -> bool:
    return bool(model) and (MODELS_DIR / f"{edition_model_name(model, language)}.npz").is_file()


@lru_cache(maxsize=32)
def edition_model_load(model: str, language: str) -> EditionTextModel:
    """The model `model` of `language` (`models/abuse_fr.npz`); raises if it is missing."""
    base = linear_model_load(edition_model_name(model, language))
    values = {field.name: getattr(base, field.name) for field in fields(base)}
    return EditionTextModel(**values, by_character=base.meta.get("segment") == "characters")
