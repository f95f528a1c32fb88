"""Standard 5: insults and threats to users, people or organisations.

The threats list `wordlists/threats.txt`, and our `abuse` model (offensive or hateful against
clean), trained on Davidson, HateXplain and Jigsaw with clean comments from the spam sets.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from ._model_rule import ListAndModelRule


class InsultRule(ListAndModelRule):
    code = ReasonCode.INSULT
    explanation = _("Please don't insult or threaten anyone: argue with the idea, not the person.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "threats",
        "model": "abuse",
    }
    # bench/moderation_eval.py, test split of all sets: 980 rejections (abuse score >= the
    # trained `reject_at`), 972 of them offensive or hateful.
    reject_precision = 0.992
