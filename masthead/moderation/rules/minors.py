"""Standard 3: harm to minors (sexualisation, grooming, abuse material).

A watched-words list: `wordlists/minors.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class MinorsRule(WatchedWordsRule):
    code = ReasonCode.HARM_TO_MINORS
    explanation = _("Please don't post anything that sexualises or endangers children.")
    default_options: ClassVar[dict[str, Any]] = {"list": "minors"}
