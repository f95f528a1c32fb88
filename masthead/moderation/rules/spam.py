"""Standard 13: spam and get-rich-quick schemes.

The list `wordlists/spam.txt`, and our `spam` model, trained on YouTube comment spam and SMS
spam against their ham (and non-spam posts from the abuse sets).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from ._model_rule import ListAndModelRule


class SpamRule(ListAndModelRule):
    code = ReasonCode.SPAM
    explanation = _("This looks like spam or a get-rich-quick scheme.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "spam",
        "model": "spam",
    }
