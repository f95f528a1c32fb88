"""Standard 4: extremism, terror and calls for illegal acts.

A watched-words list: `wordlists/extremism.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class ExtremismRule(WatchedWordsRule):
    code = ReasonCode.EXTREMISM
    explanation = _("Please don't promote extremism or call for illegal acts.")
    default_options: ClassVar[dict[str, Any]] = {"list": "extremism"}
