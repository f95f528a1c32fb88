"""A rule backed by a watched-words list and one of our linear models (`classifiers.linear`).

The list's tiers and the model's score decide together: a [hold] entry holds on its own, a
[flag] entry (a word that is abusive in one sentence and harmless in the next) is held only
when the model also scores the comment at `context_hold_at` or more, and the model alone holds
at `hold_at` and rejects at `reject_at`. Thresholds left at None are the ones `train.py` chose
on validation rows, together with the lists, to hold as few clean comments as it can.
A comment of an edition in another language reads that edition's list and model
(`_languages.py`): `words_for` and `model_for` choose them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..classifiers.linear import LinearTextModel, linear_model_load
from ..classifiers.multilingual import EDITION_LANGUAGES, edition_language
from ..reasons import Evidence, RuleHit, Verdict
from ..submission import Submission
from ..wordlists import WatchedOverride, WatchedWords
from ._languages import EditionReading, edition_list_name, edition_reading_load
from ._scored import squeezed_forms, squeezed_matches, threshold, verdict_for_score
from .base import WatchedWordsRule


class ListAndModelRule(WatchedWordsRule):
    """Hit when the list finds an entry or the model's score passes its thresholds."""

    default_options: ClassVar[dict[str, Any]] = {
        "list": "",
        "model": "",
        "hold_at": None,
        "reject_at": None,
        "context_hold_at": None,
    }
    model: LinearTextModel | None = None

    def __init__(
        self,
        *,
        list_overrides: tuple[WatchedOverride, ...] = (),
        edition_overrides: Mapping[str, tuple[WatchedOverride, ...]] | None = None,
        **options: Any,
    ) -> None:
        """`edition_overrides`: the moderators' entries for the editions' own lists
        ("profanity.fr"), by list name (the pipeline reads them)."""
        super().__init__(list_overrides=list_overrides, **options)
        self.edition_overrides = dict(edition_overrides or {})
        self.editions: dict[str, EditionReading] = {}

    def prepare(self) -> None:
        if self.options["model"]:
            self.model = linear_model_load(self.options["model"])
        super().prepare()
        self.editions = {}
        for language in EDITION_LANGUAGES:
            reading = edition_reading_load(
                list_name=self.options["list"],
                model_name=self.options["model"],
                base_model=self.model,
                language=language,
                overrides=self.list_overrides,
                edition_overrides=self.edition_overrides.get(
                    edition_list_name(self.options["list"], language), ()
                ),
            )
            if reading is not None:
                self.editions[language] = reading

    def _reading(self, submission: Submission) -> EditionReading | None:
        if not self.editions:
            return None
        return self.editions.get(edition_language(submission.edition_language))

    def words_for(self, submission: Submission) -> WatchedWords:
        """The list for the submission's edition: its language's, or the base list."""
        reading = self._reading(submission)
        return reading.words if reading is not None else self.words

    def model_for(self, submission: Submission) -> LinearTextModel | None:
        """The model for the submission's edition: its language's, or the base model."""
        reading = self._reading(submission)
        return reading.model if reading is not None else self.model

    def model_score(self, submission: Submission) -> float:
        """The model's score, on the text with spaced-out letters joined too (the higher)."""
        model = self.model_for(submission)
        if model is None:
            return 0.0
        normalised = submission.normalised
        score = model.score(normalised.folded, submission.text)
        squeezed = squeezed_forms(normalised)
        if squeezed is not None:
            score = max(score, model.score(squeezed.folded, submission.text))
        return score

    def listed(self, submission: Submission) -> RuleHit | None:
        """The list's own finding, phrases written with spaced-out letters included."""
        words = self.words_for(submission)
        found = words.find(submission.normalised)
        hit = None
        if found:
            strictest = max(match.verdict for match in found)
            hit = self.hit(
                verdict=strictest,
                score=1.0 if strictest > Verdict.PASS else 0.5,
                evidence=Evidence(
                    words=tuple(dict.fromkeys(match.entry for match in found)),
                    spans=tuple(match.span for match in found if match.span is not None),
                ),
            )
        extra = squeezed_matches(words, submission.normalised) if self.options["list"] else []
        extra = [m for m in extra if hit is None or m.entry not in hit.evidence.words]
        if not extra:
            return hit
        verdict = max([m.verdict for m in extra] + ([hit.verdict] if hit else []))
        entries = (*(hit.evidence.words if hit else ()), *dict.fromkeys(m.entry for m in extra))
        return self.hit(
            verdict=verdict,
            score=1.0 if verdict > Verdict.PASS else 0.5,
            evidence=Evidence(words=entries, spans=hit.evidence.spans if hit else ()),
        )

    def is_in_context(self, score: float, submission: Submission | None = None) -> bool:
        """Whether the model's score makes a flagged word abusive here (`context_hold_at`)."""
        model = self.model if submission is None else self.model_for(submission)
        if model is None:
            return False
        return score >= threshold(self.options, "context_hold_at", model.context_at)

    def evaluate(self, submission: Submission) -> RuleHit | None:
        listed = self.listed(submission) if self.options["list"] else None
        model = self.model_for(submission)
        score = self.model_score(submission)
        model_verdict = Verdict.PASS
        if model is not None:
            model_verdict = verdict_for_score(
                score,
                hold_at=threshold(self.options, "hold_at", model.hold_at),
                reject_at=threshold(self.options, "reject_at", model.reject_at),
            )
        if listed is None and model_verdict is Verdict.PASS:
            return None
        listed_verdict = listed.verdict if listed else Verdict.PASS
        # A flagged word with the model's agreement is held; without it, only flagged.
        if (
            listed is not None
            and listed_verdict is Verdict.PASS
            and self.is_in_context(score, submission)
        ):
            listed_verdict = Verdict.HOLD
        verdict = max(model_verdict, listed_verdict)
        evidence = listed.evidence if listed else Evidence()
        details = {"model": model.name, "model_score": round(score, 4)} if model else {}
        return self.hit(
            verdict=verdict,
            score=max(score, listed.score if listed else 0.0),
            evidence=Evidence(words=evidence.words, spans=evidence.spans, details=details),
        )
