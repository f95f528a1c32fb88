"""The contract every rule keeps, and the helpers most rules share.

A rule has a `code` (a `ReasonCode`), options with defaults (plain numbers, booleans and strings,
so a later admin form can edit them), and one pure `evaluate(submission) -> RuleHit | None`
that reads no request or global state and writes nothing. A rule that needs a model or a list
loads it lazily in `prepare()` (called once, before the first evaluation), never at import.
`reject_precision` is the precision of the rule's reject verdicts measured by
`bench/moderation_eval.py`: the pipeline lets a rule reject only when it is at least 0.95.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise

from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ..wordlists import WatchedWords, watched_words_load

REJECT_MIN_PRECISION = 0.95


class Rule:
    code: ClassVar[ReasonCode]
    explanation: ClassVar[str | Promise]
    default_options: ClassVar[dict[str, Any]] = {}
    reject_precision: ClassVar[float | None] = None

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.default_options)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no option {', '.join(sorted(unknown))}")
        self.options: dict[str, Any] = {**self.default_options, **options}
        self.is_prepared = False

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def may_reject(cls) -> bool:
        return cls.reject_precision is not None and cls.reject_precision >= REJECT_MIN_PRECISION

    def prepare(self) -> None:
        """Load what the rule needs (models, lists). Raising here holds every submission."""
        self.is_prepared = True

    def evaluate(self, submission: Submission) -> RuleHit | None:
        raise NotImplementedError

    def hit(
        self,
        *,
        verdict: Verdict = Verdict.HOLD,
        score: float = 1.0,
        evidence: Evidence | None = None,
        explanation: str | Promise | None = None,
    ) -> RuleHit:
        return RuleHit(
            code=self.code,
            verdict=verdict,
            score=round(float(score), 4),
            explanation=explanation if explanation is not None else self.explanation,
            evidence=evidence or Evidence(),
            rule=self.path(),
        )


class WatchedWordsRule(Rule):
    """A rule backed by a watched-words list (block, hold, flag), like Discourse's.

    The list is a file in `masthead/moderation/wordlists/` (option `list`: its name, or a path),
    matched on the folded text so disguised spellings count. The strictest entry found decides.
    """

    default_options: ClassVar[dict[str, Any]] = {"list": ""}
    words: WatchedWords

    def prepare(self) -> None:
        name = self.options["list"]
        self.words = watched_words_load(name) if name else WatchedWords([])
        super().prepare()

    def evaluate(self, submission: Submission) -> RuleHit | None:
        found = self.words.find(submission.normalised)
        if not found:
            return None
        verdict = max(match.verdict for match in found)
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict > Verdict.PASS else 0.5,
            evidence=Evidence(
                words=tuple(dict.fromkeys(match.entry for match in found)),
                spans=tuple(match.span for match in found if match.span is not None),
            ),
        )
