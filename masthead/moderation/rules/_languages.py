"""What a list-and-model rule reads for a comment of one edition's language.

The editions in `classifiers.multilingual.EDITION_LANGUAGES` (fr, es, ru, ar, de, pt, zh) each
read the rule's base list (`profanity.txt`: English words and the swearing every language
borrows) together with their own (`profanity.fr.txt`, when there is one), with the moderators'
entries for both merged on top, and the language's abuse model (`abuse_fr`) instead of the
English one. A rule whose model is the hate model reads the language's abuse model only to
decide whether a flagged word is abusive here (never alone: that is the insult rule's job),
until a language has a hate model of its own (`hate_fr`). Spanish and Russian have no model yet
(no permissively licensed set to train one): their lists work alone. Any other language
(English first) reads the rule's base list and model, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..classifiers.linear import LinearTextModel
from ..classifiers.multilingual import (
    EDITION_LANGUAGES,
    edition_model_exists,
    edition_model_load,
)
from ..wordlists import (
    WatchedOverride,
    WatchedWords,
    watched_words_merge,
    watched_words_read,
    wordlist_path,
)

NEVER = 1.01  # above any score
# A rule's base model → the family of model an edition reads instead. Other models (spam) are
# read in every language: their signals (links, money, phone numbers) are not words.
EDITION_MODEL_FAMILY = {"abuse": "abuse", "hate": "hate"}


@dataclass(frozen=True)
class EditionReading:
    """The list and the model a rule reads for one edition's comments."""

    words: WatchedWords
    model: LinearTextModel | None


def edition_list_name(list_name: str, language: str) -> str:
    return f"{list_name}.{language}"


def edition_list_exists(list_name: str, language: str) -> bool:
    return bool(list_name) and wordlist_path(edition_list_name(list_name, language)).is_file()


@lru_cache(maxsize=128)
def edition_words_load(
    list_name: str,
    language: str,
    overrides: tuple[WatchedOverride, ...] = (),
    edition_overrides: tuple[WatchedOverride, ...] = (),
) -> WatchedWords:
    """The base list and the edition's, with the moderators' entries for each merged over it
    (an edition's own entry wins over the base list's for that edition)."""
    entries = watched_words_merge(watched_words_read(list_name), overrides) if list_name else []
    if edition_list_exists(list_name, language):
        own = watched_words_read(edition_list_name(list_name, language))
        entries = [*entries, *watched_words_merge(own, edition_overrides)]
    elif edition_overrides:
        entries = [*entries, *watched_words_merge([], edition_overrides)]
    return WatchedWords(watched_words_merge(entries))


def edition_model(model_name: str, language: str) -> LinearTextModel | None:
    """The edition's model standing for `model_name`; None when it has none."""
    family = EDITION_MODEL_FAMILY.get(model_name)
    if family is None:
        return None
    if edition_model_exists(family, language):
        return edition_model_load(family, language)
    if family != "abuse" and edition_model_exists("abuse", language):
        abuse = edition_model_load("abuse", language)
        return replace(abuse, hold_at=NEVER, reject_at=NEVER, addressed_at=NEVER)
    return None


def edition_reading_load(
    *,
    list_name: str,
    model_name: str,
    base_model: LinearTextModel | None,
    language: str,
    overrides: tuple[WatchedOverride, ...] = (),
    edition_overrides: tuple[WatchedOverride, ...] = (),
) -> EditionReading | None:
    """What to read for `language`; None when it is not an edition with its own (the rule's
    base list and model apply). A model outside the abuse family stays `base_model`."""
    if language not in EDITION_LANGUAGES:
        return None
    words = edition_words_load(list_name, language, overrides, edition_overrides)
    if model_name in EDITION_MODEL_FAMILY:
        return EditionReading(words=words, model=edition_model(model_name, language))
    return EditionReading(words=words, model=base_model)
