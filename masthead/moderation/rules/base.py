"""The contract every rule keeps, and the helpers most rules share.

A rule has a `code` (a `ReasonCode`), options with defaults (plain numbers, booleans and strings,
so the admin's Rules screen can edit them: `admin_options`, `option_limits`), and one pure
`evaluate(submission) -> RuleHit | None`
that reads no request or global state and writes nothing. A rule that needs a model or a list
loads it lazily in `prepare()` (called once, before the first evaluation), never at import.
`reject_precision` is the precision of the rule's reject verdicts measured by
`bench/moderation_eval.py`: the pipeline lets a rule reject only when it is at least 0.95.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise

from ..domains import NO_DOMAINS, DomainLists
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from ..wordlists import WatchedOverride, WatchedWords, watched_words_load

REJECT_MIN_PRECISION = 0.95
OptionLimits = tuple[float | None, float | None]


class Rule:
    code: ClassVar[ReasonCode]
    explanation: ClassVar[str | Promise]
    default_options: ClassVar[dict[str, Any]] = {}
    reject_precision: ClassVar[float | None] = None
    # Options naming a file or a model on the server: the operator's (settings), never the
    # admin form's, which would otherwise let a moderator point a rule at any file.
    operator_options: ClassVar[frozenset[str]] = frozenset({"list", "model", "blocklist"})
    # Bounds of numeric options, where the inferred ones (see `option_limits`) do not fit.
    option_ranges: ClassVar[dict[str, OptionLimits]] = {}
    # Rules that read links get the moderators' trusted and blocked domains (`domains.py`),
    # set by the pipeline when it builds them: plain data, read like an option.
    reads_link_domains: ClassVar[bool] = False
    link_domains: DomainLists = NO_DOMAINS
    # True when `prepare` only reads files into memory (lists, models) through a process-wide
    # cache, and opens no connection and starts no thread: gunicorn's master then prepares
    # the rule once before it forks the web workers (`moderation_preload`), and each new
    # worker finds the cache filled, shared with its siblings, instead of loading it again.
    preload_before_fork: ClassVar[bool] = False

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

    @classmethod
    def admin_options(cls) -> dict[str, Any]:
        """The options moderators may tune in the admin, with their defaults."""
        return {
            name: value
            for name, value in cls.default_options.items()
            if name not in cls.operator_options
        }

    @classmethod
    def option_limits(cls, name: str) -> OptionLimits:
        """(lowest, highest) for a numeric option; None where there is no bound.

        Unless `option_ranges` says otherwise: counts and durations are never negative; a
        fraction whose default lies in 0..1 (a ratio, a similarity, a model's score threshold,
        or None for the threshold chosen in training) is a probability, 0..1. A threshold set
        above 1 on purpose (`model_reject_at = 1.01`: "never") is only bounded below.
        """
        if name in cls.option_ranges:
            return cls.option_ranges[name]
        default = cls.default_options.get(name)
        if default is None or (isinstance(default, float) and 0.0 <= default <= 1.0):
            return (0.0, 1.0)
        return (0.0, None)

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
    preload_before_fork: ClassVar[bool] = True  # the lists and models are cached by name
    words: WatchedWords

    def __init__(self, *, list_overrides: tuple[WatchedOverride, ...] = (), **options: Any) -> None:
        """`list_overrides`: the moderators' entries for this list (the pipeline reads them)."""
        super().__init__(**options)
        self.list_overrides = list_overrides

    def prepare(self) -> None:
        name = self.options["list"]
        if name:
            self.words = watched_words_load(name, self.list_overrides)
        else:
            self.words = WatchedWords([(e, v) for e, v in self.list_overrides if v is not None])
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
