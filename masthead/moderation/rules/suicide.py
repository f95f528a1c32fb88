"""Standard 9: suicide methods (talking about suicide is not banned; how-to is).

A watched-words list: `wordlists/suicide.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class SuicideRule(WatchedWordsRule):
    code = ReasonCode.SUICIDE
    explanation = _(
        "Please don't describe ways to take one's life. If you are struggling, please talk "
        "to someone you trust or to a helpline."
    )
    default_options: ClassVar[dict[str, Any]] = {"list": "suicide"}
