"""The search vocabulary: every word the index holds, with how many documents hold it.

Why: "did you mean" needs the words readers could have meant, spelt as they are written. The
search index itself keeps stemmed lexemes on PostgreSQL ("philippin") and cannot be asked for
the nearest word cheaply on either backend, so the words are kept here: filled from the index
by `services.search_terms_rebuild` (after seeding, and daily) and added to on every publish
(`services.search_terms_learn`). On PostgreSQL a pg_trgm GIN index on `word` (migration 0003)
answers "which words look like this one" in a few milliseconds; elsewhere the commonest words
are matched in memory (`selectors.query_correction`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

WORD_MAX_LENGTH = 40


class SearchTerm(models.Model):
    word = models.CharField(_("word"), max_length=WORD_MAX_LENGTH, unique=True)
    documents = models.PositiveIntegerField(_("documents"), default=1)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [models.Index(fields=["-documents"], name="search_term_documents")]

    def __str__(self) -> str:
        return f"{self.word} ({self.documents})"
