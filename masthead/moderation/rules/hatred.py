"""Standard 2: hatred or discrimination (racial, ethnic, sexual, religious, social).

The slur and dehumanising-phrase list `wordlists/slurs.txt`, and our `hate` model, trained on
Davidson and HateXplain hate speech against offensive and clean posts.
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
