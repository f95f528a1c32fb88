"""Standard 2: hatred or discrimination (racial, ethnic, sexual, religious, social).

The slur and dehumanising-phrase list `wordlists/slurs.txt`: its [hold] entries hold on their own;
its [flag] entries (words reclaimed or quoted as often as they are hurled: "nigga" in
African-American English, "retarded") are held only when our `hate` model agrees
(`context_hold_at`), so a dialect is not held for being a dialect. The `hate` model, trained on
Davidson and HateXplain hate speech against offensive and clean posts (classes balanced, and
HateXplain's target-group annotations teaching it that naming a community is not attacking it),
holds alone at `hold_at`. Thresholds: `train.py`'s calibration, unless set.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import ReasonCode
from ._model_rule import ListAndModelRule


class HatredRule(ListAndModelRule):
    code = ReasonCode.HATRED
    explanation = _(
        "Please don't attack or demean people for their origin, religion, sex, sexuality, "
        "disability or social group."
    )
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "slurs",
        "model": "hate",
    }
