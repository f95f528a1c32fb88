"""Standard 14: selling, buying or promoting narcotics.

A watched-words list: `wordlists/narcotics.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class NarcoticsRule(WatchedWordsRule):
    code = ReasonCode.NARCOTICS
    explanation = _("Please don't offer or promote illegal drugs.")
    default_options: ClassVar[dict[str, Any]] = {"list": "narcotics"}
