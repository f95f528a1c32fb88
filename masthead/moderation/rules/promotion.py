"""Standard 11: promotion of third-party products (codes, affiliate pitches).

A watched-words list: `wordlists/promotion.txt` (block, hold, flag), matched on the folded text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from .base import WatchedWordsRule


class ProductPromotionRule(WatchedWordsRule):
    code = ReasonCode.PRODUCT_PROMOTION
    explanation = _("Please don't promote products or services in comments.")
    default_options: ClassVar[dict[str, Any]] = {"list": "promotion"}
