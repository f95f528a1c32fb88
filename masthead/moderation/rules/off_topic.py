"""Standard 1: off topic: a comment unrelated to the article.

Cosine similarity between the sentence embeddings (all-MiniLM-L6-v2, the optional `ml` extra)
of the comment and of the article's title and lede. Below `min_similarity`, and long enough to
judge (`min_words`), the comment is held. Without the extra this rule is not in the default list.
Both are read on their first `max_tokens` word pieces (the model was trained on 128: about 100
words tell what a comment is about, and the cost grows with every word piece); the article's
embedding is computed once per revision of its title and lede, not per comment.

Only in the languages the model reads (`languages`: all-MiniLM-L6-v2 was trained on English).
In another edition it gives no verdict: there it scores every comment as close to the article
as any other text of the same language (measured: a French comment about an electric car
0.45 to a French article about a harbour, an on-topic one 0.41; Spanish, Russian and Chinese
alike), so it could not tell, and its 10 to 50 ms of CPU per comment bought nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..classifiers.embeddings import MAX_TOKENS, embed, embed_cached, embedding_model_load
from ..reasons import Evidence, ReasonCode, RuleHit, Verdict
from ..submission import Submission
from .base import Rule


class OffTopicRule(Rule):
    code = ReasonCode.OFF_TOPIC
    explanation = _("This comment seems unrelated to the article. Please stay on topic.")
    default_options: ClassVar[dict[str, Any]] = {
        "min_similarity": 0.05,
        "min_words": 8,
        "max_tokens": MAX_TOKENS,
        # The editions' languages (ISO 639-1) the embedding model reads.
        "languages": "en",
    }
    preload_before_fork: ClassVar[bool] = True  # the embedding model is cached per process

    def prepare(self) -> None:
        embedding_model_load()
        super().prepare()

    def evaluate(self, submission: Submission) -> RuleHit | None:
        language = (submission.article.language or submission.edition_language)[:2].lower()
        if language not in str(self.options["languages"]).replace(",", " ").split():
            return None
        article = " ".join(p for p in (submission.article.title, submission.article.lede) if p)
        if not article or len(submission.normalised.words) < self.options["min_words"]:
            return None
        max_tokens = self.options["max_tokens"]
        article_vector = embed_cached(article[:2000], max_tokens=max_tokens)
        (comment_vector,) = embed([submission.text[:2000]], max_tokens=max_tokens)
        similarity = float(comment_vector @ article_vector)
        if similarity >= self.options["min_similarity"]:
            return None
        return self.hit(
            verdict=Verdict.HOLD,
            score=1.0 - similarity,
            evidence=Evidence(details={"similarity": round(similarity, 4)}),
        )
