"""Standard 6: disrespect of the publisher (abuse, not criticism, of the newsroom).

A watched-words list: `wordlists/publisher.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class PublisherDisrespectRule(WatchedWordsRule):
    code = ReasonCode.PUBLISHER_DISRESPECT
    explanation = _("Criticism is welcome; abuse of the newsroom or its journalists is not.")
    default_options: ClassVar[dict[str, Any]] = {"list": "publisher"}
