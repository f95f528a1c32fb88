"""Standard 5: insults and threats to users, people or organisations.

The threats list `wordlists/threats.txt`: threats hold on their own; its [flag] insults ("idiot",
"pathetic") are flagged when said of someone ("the mayor is an idiot": an opinion, however
rude) and held when said to someone ("you are an absolute idiot": a reader insulted; the insult
follows "you" within `addressed_window` words) or when the model agrees. Our `abuse`
model (offensive or hateful against clean), trained on Davidson, HateXplain and Jigsaw with
clean comments from the spam sets, holds alone at the threshold `train.py` calibrated with the
other abuse rules, and rejects at the precise `reject_at`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ._model_rule import ListAndModelRule

# Words that speak to a person ("your" is left out: "your argument is stupid" attacks an idea),
# in the editions' languages as the normaliser folds them (accents dropped): English, French,
# Spanish, Portuguese ("seu idiota" is "you idiot"), German, Russian, and Arabic's vocative يا.
_TO_SOMEONE = re.compile(
    r"you|u|ya|youre|yourself|tu|toi|vous|t|eres|sos|te|usted|ustedes|vos|voce|voces|vc|vcs"
    r"|seu|sua|du|dich|dir|ihr|ты|тебя|тебе|тобои|вы|вас|вам|вами|يا|انت|انتي|انتم|انتو"
)


class InsultRule(ListAndModelRule):
    code = ReasonCode.INSULT
    explanation = _("Please don't insult or threaten anyone: argue with the idea, not the person.")
    default_options: ClassVar[dict[str, Any]] = {
        **ListAndModelRule.default_options,
        "list": "threats",
        "model": "abuse",
        "addressed_window": 4,
    }
    # bench/moderation_eval.py, test split of all sets: 981 rejections (abuse score >= the
    # trained `reject_at`), 973 of them offensive or hateful.
    reject_precision = 0.992

    def evaluate(self, submission: Submission) -> RuleHit | None:
        hit = super().evaluate(submission)
        if hit is None or hit.verdict is not Verdict.PASS or not hit.evidence.words:
            return hit
        if not self.is_said_to_someone(submission, hit.evidence.words):
            return hit
        evidence = Evidence(
            words=hit.evidence.words,
            spans=hit.evidence.spans,
            details={**hit.evidence.details, "addressed": True},
        )
        return self.hit(verdict=Verdict.HOLD, score=hit.score, evidence=evidence)

    def is_said_to_someone(self, submission: Submission, entries: tuple[str, ...]) -> bool:
        """Whether a listed insult comes within `addressed_window` words after "you"."""
        words = submission.normalised.words
        window = int(self.options["addressed_window"])
        single = [entry.rstrip("*") for entry in entries if " " not in entry]
        for index, word in enumerate(words):
            if not any(word == e or (word.startswith(e) and len(e) >= 4) for e in single):
                continue
            before = words[max(0, index - window) : index]
            if any(_TO_SOMEONE.fullmatch(previous) for previous in before):
                return True
        return False
