"""Standard 12: profanity and its derivatives and hints, however spelled.

The published standard says a comment is not published if it "contains offensive language or
profanity and its derivatives, as well as hints of the use of lexical items falling within this
definition", so that is the default: the watched-words list `wordlists/profanity.txt` holds its
[hold] entries (every swear word and obscenity, their derivatives: "fuck*" is "fucking",
"motherfucker") whatever surrounds them, and the reader is told which standard and may rephrase.
Its few [flag] entries are mild expletives that are not obscenities ("damn", "crap", "sucks"):
noted for the desk, held only when our `abuse` model also scores the comment at
`context_hold_at` or more (None: the threshold `train.py` chose with the list). Moderators relax
the standard in the admin (an entry moved to [flag], or the rule's action set to "flag").

Disguises: the list is matched on the folded text, so leetspeak, look-alike letters, spaced-out
letters and stretched ones ("sh1t", "ѕhit", "s h i t", "shiiit") are undone before matching
(`text.py`); this rule also reads the hint the normaliser cannot undo, a word with letters masked
by `*`, `#`, `%` or `_` ("f**k", "sh*t", "f***ing", "b#tch"), when it can only be a listed word.
Evidence names the listed entry and quotes the spelling as written.

alt-profanity-check's probability is in the evidence and flags at `model_flag_at`; it holds only
at `model_hold_at` (above 1 by default: on its own it held 13% of HateXplain's clean comments).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.profanity import ProfanityModel, profanity_model_load
from ..reasons import Evidence, ReasonCode, RuleHit, Span, Verdict
from ..submission import Submission
from ..text import NormalisedText
from ..wordlists import WatchedMatch, WatchedWords
from ._model_rule import ListAndModelRule
from ._scored import verdict_for_score

# A word with masked letters: a letter first, at least one mask, nothing but letters and masks.
_MASKS = "*#%_"
_MASKED = re.compile(r"(?<![\w*#%])[a-z][a-z*#%_]*[*#%_][a-z*#%_]*")
_MASK_RUN = re.compile(r"([*#%_]+)")


def _masked_pattern(token: str) -> re.Pattern[str] | None:
    """The words `token` may stand for: each run of k masks is 1 to k + 2 letters ("f*k" is
    "fuck" too). None when too little is shown to tell (one letter and fewer than 3 masks)."""
    letters = sum(ch.isalpha() for ch in token)
    if letters < 2 and token.count("*") + token.count("#") + token.count("%") < 3:
        return None
    parts = []
    for part in _MASK_RUN.split(token):
        if not part:
            continue
        if part[0] in _MASKS:
            parts.append(f"[a-z]{{1,{len(part) + 2}}}")
        else:
            parts.append(re.escape(part))
    return re.compile("".join(parts))


def _masked_match(words: WatchedWords, token: str) -> tuple[str, Verdict] | None:
    """The listed word `token` masks; of several ("f***": "fuck", "fotze"), the one whose length
    is closest to the masked word's (one mask is most often one letter)."""
    pattern = _masked_pattern(token)
    if pattern is None:
        return None
    candidates: list[tuple[int, tuple[str, Verdict]]] = [
        (abs(len(word) - len(token)), found)
        for word, found in words.words.items()
        if pattern.fullmatch(word)
    ]
    tail = _MASK_RUN.split(token)[-1]  # the letters after the last mask: an ending ("ing")
    for prefix, found in words.prefixes.items():
        candidates.extend(
            (abs(len(prefix + tail[cut:]) - len(token)), found)
            for cut in range(len(tail) + 1)
            if pattern.fullmatch(prefix + tail[cut:])
        )
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def disguised_matches(words: WatchedWords, text: NormalisedText) -> list[WatchedMatch]:
    """Listed words written with masked letters, which the normaliser leaves as they are (it
    cannot know that "f**k" is a word)."""
    matches: list[WatchedMatch] = []
    folded = text.folded
    if any(mask in folded for mask in _MASKS):
        for match in _MASKED.finditer(folded):
            found = _masked_match(words, match.group().rstrip("_"))
            if found is not None:
                begin, finish = text.original_span(match.start(), match.end())
                span = Span(begin, finish, text.original[begin:finish])
                matches.append(WatchedMatch(found[0], found[1], span))
    return matches


class ProfanityRule(ListAndModelRule):
    code = ReasonCode.PROFANITY
    explanation = _("Please keep it civil: no swearing or obscenities, however spelled.")
    default_options: ClassVar[dict[str, Any]] = {
        "list": "profanity",
        "model": "abuse",
        "hold_at": 1.01,  # the abuse model alone is the insult rule's business
        "reject_at": 1.01,
        "context_hold_at": None,
        "use_model": True,
        "model_flag_at": 0.9,
        "model_hold_at": 1.01,  # above 1: alt-profanity-check alone never holds
        "model_reject_at": 1.01,
    }
    profanity_model: ProfanityModel | None = None

    def prepare(self) -> None:
        if self.options["use_model"]:
            self.profanity_model = profanity_model_load()
        super().prepare()

    def listed(self, submission: Submission) -> RuleHit | None:
        """The list's finding, with the masked spellings it does not see."""
        hit = super().listed(submission)
        if not self.options["list"]:
            return hit
        extra = disguised_matches(self.words_for(submission), submission.normalised)
        extra = [m for m in extra if hit is None or m.entry not in hit.evidence.words]
        if not extra:
            return hit
        verdict = max([m.verdict for m in extra] + ([hit.verdict] if hit else []))
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict > Verdict.PASS else 0.5,
            evidence=Evidence(
                words=(
                    *(hit.evidence.words if hit else ()),
                    *dict.fromkeys(m.entry for m in extra),
                ),
                spans=(*(hit.evidence.spans if hit else ()), *(m.span for m in extra if m.span)),
            ),
        )

    def evaluate(self, submission: Submission) -> RuleHit | None:
        found = super().evaluate(submission)
        if self.profanity_model is None:
            return found
        probability = self.profanity_model.score(submission.normalised.folded)
        verdict = verdict_for_score(
            probability,
            hold_at=self.options["model_hold_at"],
            reject_at=self.options["model_reject_at"],
        )
        if found is None and probability < self.options["model_flag_at"]:
            return None
        evidence = found.evidence if found else Evidence()
        details = {**evidence.details, "profanity_check": round(probability, 4)}
        return self.hit(
            verdict=max(verdict, found.verdict if found else Verdict.PASS),
            score=max(probability, found.score if found else 0.0),
            evidence=Evidence(words=evidence.words, spans=evidence.spans, details=details),
        )
