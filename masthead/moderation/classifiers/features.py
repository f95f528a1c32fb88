"""Hashed n-gram features of a folded text, shared by training (`train.py`) and scoring.

Word unigrams and bigrams, character 2-4-grams inside words (which catch spelling variants and
the disguises the normaliser does not undo), and a few shape signals spam relies on (phone-like
digit runs, money, capitals, exclamation marks).

Links, @mentions and the placeholders data sets put in their place ("<user>", "URL") are left
out before anything is counted: in the training sets nearly every link is spam and mentions are
common in the abuse sets' tweets, so a model that saw them learned "a link is spam" and "a
mention is something"; a news comment citing its source is neither. Where a link goes is judged
by the rules that read it (malware, the domain lists, commercial, spam's "way to act").

Keys are hashed with CRC-32 into a fixed number of buckets, so no vocabulary is stored: the
model file is its weights only.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from functools import lru_cache

from ..submission import LINK
from ..text import MENTION

N_FEATURES = 2**18
MAX_CHARACTERS = 3000  # enough to judge; a 100 KB comment is judged on its beginning
_MASK = N_FEATURES - 1
_WORD = re.compile(r"\w+")
# What no model reads (see the module docstring); `profanity.py` leaves it out too.
LEFT_OUT = re.compile(
    rf"{LINK.pattern}|{MENTION.pattern}|<(?:user|url)>|\burl\b|\[(?:link|url)\]", re.IGNORECASE
)
_DIGITS = re.compile(r"\d{5,}")
_MONEY = re.compile(r"[$£€]\s?\d|\d\s?[$£€]")


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) & _MASK


@lru_cache(maxsize=100_000)
def _word_buckets(word: str) -> tuple[int, tuple[int, ...]]:
    """A word's own bucket and its character 3- and 4-grams' (cached: words repeat, Zipf)."""
    grams: list[int] = []
    if len(word) > 2:
        padded = f"<{word}>"
        for size in (3, 4):
            grams.extend(
                _bucket("c " + padded[start : start + size])
                for start in range(len(padded) - size + 1)
            )
    return _bucket("w " + word), tuple(grams)


@lru_cache(maxsize=256)
def text_features(folded: str, original: str = "") -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Sparse, L2-normalised features: (bucket indices, values). Cached for the rules sharing it."""
    counts: dict[int, float] = {}

    def add(key: str, weight: float = 1.0) -> None:
        index = _bucket(key)
        counts[index] = counts.get(index, 0.0) + weight

    folded = LEFT_OUT.sub(" ", folded[:MAX_CHARACTERS])
    words = _WORD.findall(folded)
    if not words:
        return (), ()  # nothing but links, mentions or nothing at all: no text to judge
    for word in words:
        word_bucket, gram_buckets = _word_buckets(word)
        counts[word_bucket] = counts.get(word_bucket, 0.0) + 1.0
        for index in gram_buckets:
            counts[index] = counts.get(index, 0.0) + 0.5
    for first, second in itertools.pairwise(words):
        add(f"b {first} {second}")
    text = LEFT_OUT.sub(" ", original[:MAX_CHARACTERS]) if original else folded
    if _DIGITS.search(folded):
        add("s digits", 2.0)
    if _MONEY.search(text):
        add("s money", 1.0)
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    if len(letters) >= 8:
        upper = sum(ch.isupper() for ch in letters) / len(letters)
        add(f"s caps{int(upper * 4)}", 1.0)
    add(f"s len{min(int(math.log2(len(words) + 1)), 9)}", 1.0)
    if text.count("!") >= 3:
        add("s bang", 1.0)
    indices = tuple(sorted(counts))
    values = [1.0 + math.log(counts[i]) if counts[i] >= 1 else counts[i] for i in indices]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return indices, tuple(v / norm for v in values)
