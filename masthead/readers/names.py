"""Display names: what a reader may call themselves on the site.

Why its own module: the sign-up form, the profile form and (later) the community's banned
words list all judge a name the same way. Names are compared case-insensitively after Unicode
NFKC folding, so "Ana", "ANA" and "Ａｎａ" are one name.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


def _characters_allowed(name: str) -> bool:
    def is_letter_or_digit(ch: str) -> bool:
        return ch.isalnum() or unicodedata.category(ch).startswith("M")

    if not (name[0].isalnum() and is_letter_or_digit(name[-1])):
        return False
    return all(is_letter_or_digit(ch) or ch in _SEPARATORS for ch in name)
