"""What a rule sees: the comment, its author's standing, the article, and precomputed context.

A `Submission` is plain data, built by the caller (the comments app, the eval bench, a test), so
a rule needs no database, request or clock. Context that depends on other comments (the
author's recent comments for flooding, near-duplicates from other accounts for flash mobs) is
looked up once by `recent.submission_context` and carried in `RecentContext`.
Derived forms (`normalised`, `links`) are computed once and shared by every rule.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property

from .text import NormalisedText, text_normalise

# Links as people write them: with a scheme, with www., or a bare domain with a path.
LINK = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?/[^\s<>\"'`]*"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|info|biz|ru|cn|tk|top|xyz|io|ly|me|co|uk|de|fr|us|in|gg|to|cc|link|click|site|online|shop|live)\b(?:/[^\s<>\"'`]*)?",
    re.IGNORECASE,
)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class AccountFacts:
    """The author's standing: how old the account is and how its comments have fared.

    `was_blocked`: a moderator blocked the account once and lifted the block; trust then grows
    again from the comments approved since (`approved_since_block`).
    """

    age: timedelta = timedelta(days=365)
    approved_count: int = 0
    recent_rejections: int = 0
    is_staff: bool = False
    was_blocked: bool = False
    approved_since_block: int = 0


@dataclass(frozen=True)
class ArticleContext:
    """The article commented on, for the off-topic rule (and language when it has its own)."""

    title: str = ""
    lede: str = ""
    text: str = ""
    language: str = ""


@dataclass(frozen=True)
class RecentComment:
    """An earlier comment found in the recent-comments stores."""

    key: str
    author_id: int | None
    created_at: datetime
    fingerprint: str = ""  # `Submission.fingerprint` of its text: equal texts, equal prints
    similarity: float = 0.0


@dataclass(frozen=True)
class RecentContext:
    """The author's own recent comments (flooding) and near-duplicates by anyone (flash mobs)."""

    author_recent: tuple[RecentComment, ...] = ()
    near_duplicates: tuple[RecentComment, ...] = ()


@dataclass(frozen=True)
class Submission:
    text: str
    author_id: int | None = None
    account: AccountFacts = field(default_factory=AccountFacts)
    article: ArticleContext = field(default_factory=ArticleContext)
    edition_language: str = "en"
    submitted_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    recent: RecentContext = field(default_factory=RecentContext)

    def __post_init__(self) -> None:
        # Lone surrogates (half a UTF-16 pair, as JSON's "\ud800" decodes) are no text: the
        # comments app drops them before this point; any other caller's are dropped here, so
        # no rule meets them (they cannot be encoded, and some libraries raise on them).
        if not self.text.isascii() and _LONE_SURROGATE.search(self.text):
            object.__setattr__(self, "text", _LONE_SURROGATE.sub("", self.text))

    @cached_property
    def normalised(self) -> NormalisedText:
        return text_normalise(self.text)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the folded words: the same comment, however disguised or punctuated."""
        folded = " ".join(self.normalised.words)
        return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()

    @cached_property
    def links(self) -> tuple[str, ...]:
        """Every link in the text as written (HTML is never rendered, so this is all of them)."""
        return tuple(match.group().rstrip(".,;:!?)]}'\"") for match in LINK.finditer(self.text))

    def with_recent(self, recent: RecentContext) -> Submission:
        """This submission with `recent` filled in, keeping what was already worked out from
        its text (the normalised form, links, fingerprint): the same text is never read twice."""
        copy = replace(self, recent=recent)
        for name in _TEXT_DERIVED:
            if name in self.__dict__:
                copy.__dict__[name] = self.__dict__[name]
        return copy


# Submission's cached properties that depend on `text` alone.
_TEXT_DERIVED = ("normalised", "fingerprint", "links")
