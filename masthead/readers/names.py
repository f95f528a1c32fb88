"""Display names: what a reader may call themselves on the site.

Why its own module: the sign-up form, the profile form and the social sign-up's suggestion
all judge a name the same way. Names are compared case-insensitively after Unicode NFKC
folding, so "Ana", "ANA" and "Ａｎａ" are one name.

A name is shown beside every comment, so it also meets the community standards as a comment
does (`display_name_moderate`, after `display_name_validate` has checked its form): the
moderation engine's watched-word lists (`masthead.moderation`), matched on its text
normaliser's folded form so that "Sh1t", "Ѕhit" or "s.h.i.t" count, and the profanity rule as
configured. The rules are the pipeline's own objects, prepared once per process by whichever
needs them first (a comment or a name), never when a form is only shown.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from masthead.moderation.pipeline import ConfiguredRule, moderation_rules, moderation_warm_up
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.base import WatchedWordsRule
from masthead.moderation.submission import Submission
from masthead.moderation.text import text_normalise
from masthead.moderation.wordlists import WatchedWords, watched_words_load

from .models import DISPLAY_NAME_MAX_LENGTH

DISPLAY_NAME_MIN_LENGTH = 2
# Letters (with their combining marks) and digits of any script, and these separators.
_SEPARATORS = set(" .'-_")
_RESERVED = {"admin", "administrator", "moderator", "masthead", "editor", "staff", "support"}


def display_name_normalise(raw: str) -> str:
    """NFKC-fold, drop invisible characters and squeeze spaces: what is stored."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc", "Co", "Cs"})
    return " ".join(text.split())


def display_name_validate(name: str) -> None:
    """Raise a coded ValidationError when `name` (already normalised) cannot be used."""
    if len(name) < DISPLAY_NAME_MIN_LENGTH or len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            _("A display name has between %(min)d and %(max)d characters."),
            code="display_name_length",
            params={"min": DISPLAY_NAME_MIN_LENGTH, "max": DISPLAY_NAME_MAX_LENGTH},
        )
    if not _characters_allowed(name):
        raise ValidationError(
            _(
                "Use letters, digits, spaces, dots, hyphens, underscores or apostrophes, "
                "starting and ending with a letter or digit."
            ),
            code="display_name_characters",
        )
    if name.casefold() in _RESERVED:
        raise ValidationError(_("This display name is reserved."), code="display_name_reserved")


_SEPARATORS_TO_SPACE = re.compile(r"[.'_-]+")
_SEPARATORS_TO_JOIN = re.compile(r"[._-]+")


def _name_readings(name: str) -> tuple[str, ...]:
    """The ways a name reads as words: as written, separators as spaces, parts joined.

    "Shit_Head" is one word to the lists' tokeniser (`_` is a word character): read with
    spaces it is "Shit Head". "Ass-Hole" joined is "AssHole". Only dots, hyphens and
    underscores join parts, never spaces: "Wan Kim" must not read as one word.
    """
    readings = (name, _SEPARATORS_TO_SPACE.sub(" ", name), _SEPARATORS_TO_JOIN.sub("", name))
    return tuple(dict.fromkeys(readings))


def _rule_words(configured: ConfiguredRule) -> WatchedWords:
    """The words the rule matches comments against: its prepared list (the moderators'
    changes included), or the shipped file when the rule could not be prepared."""
    rule = configured.rule
    if not moderation_warm_up([configured]) and isinstance(rule, WatchedWordsRule):
        return rule.words
    name = rule.options.get("list")
    return watched_words_load(name) if name else WatchedWords([])


def _rule_objects(configured: ConfiguredRule, readings: tuple[str, ...]) -> bool:
    """Whether this rule would stop a comment that said the name.

    The profanity rule counts whole, flags included (its list's mild words and its model):
    a name is repeated under every comment its owner writes. So do the hatred list's flagged
    words (reclaimed or quoted slurs, held in a comment only in a hateful context: a name has
    none to judge). Other lists count with their block and hold entries.
    """
    rule = configured.rule
    words = _rule_words(configured)
    if rule.code is ReasonCode.PROFANITY:
        if rule.is_prepared:
            return any(rule.evaluate(Submission(text=text)) is not None for text in readings)
        return any(words.find(text_normalise(text)) for text in readings)
    if rule.code is ReasonCode.HATRED:
        return any(words.find(text_normalise(text)) for text in readings)
    return any(
        match.verdict >= Verdict.HOLD
        for text in readings
        for match in words.find(text_normalise(text))
    )


def display_name_moderate(name: str) -> None:
    """Refuse a name that the community standards would hold or block in a comment.

    The rules that read a watched-words list judge the name as the pipeline would judge a
    comment (the same prepared rule objects, so the moderators' changes to the lists count).
    The message names no word: it would teach the lists to whoever probes them.
    """
    readings = _name_readings(name)
    for configured in moderation_rules():
        if isinstance(configured.rule, WatchedWordsRule) and _rule_objects(configured, readings):
            raise ValidationError(
                _("This display name breaks our community standards. Please choose another one."),
                code="display_name_unacceptable",
            )


def _characters_allowed(name: str) -> bool:
    def is_letter_or_digit(ch: str) -> bool:
        return ch.isalnum() or unicodedata.category(ch).startswith("M")

    # "Ana W." ends with an initial's full stop: a dot may close the name after a letter.
    last = name[:-1] if name.endswith(".") and len(name) > 1 else name
    if not (name[0].isalnum() and is_letter_or_digit(last[-1])):
        return False
    return all(is_letter_or_digit(ch) or ch in _SEPARATORS for ch in name)
