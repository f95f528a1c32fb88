"""Standard 8: violence or cruelty to animals.

A watched-words list: `wordlists/animal_cruelty.txt` (block, hold, flag), matched on the
folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class AnimalCrueltyRule(WatchedWordsRule):
    code = ReasonCode.ANIMAL_CRUELTY
    explanation = _("Please don't promote violence or cruelty to animals.")
    default_options: ClassVar[dict[str, Any]] = {"list": "animal_cruelty"}
