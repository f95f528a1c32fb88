"""MinHash signatures of comments (datasketch) and their LSH bands.

A comment's shingles are the character 5-grams of its folded words (`text.text_normalise`),
so near-identical comments ("Great article!!! visit my channel" and "great article, visit my
channel") share most of them whatever their case, punctuation, spacing or disguise. With
`NUM_PERM` = 60 values in `BANDS` = 12 bands of `ROWS` = 5, two comments of Jaccard similarity
0.8 share a band with probability 1 - (1 - 0.8^5)^12 ≈ 0.99, at 0.7 ≈ 0.89, at 0.5 ≈ 0.32 and
at 0.3 ≈ 0.03: near-copies are found, unrelated comments rarely even become candidates (and
candidates are checked against their stored signature).
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash

NUM_PERM = 60
BANDS = 12
ROWS = 5
SHINGLE = 5
MAX_CHARACTERS = 2000
_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=4).permutations
# Multipliers of the polynomial hash that turns a band's 8 values into one 64-bit integer.
_BAND_MULTIPLIERS = np.array(
    [(0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) % 2**64 for i in range(ROWS)], dtype=np.uint64
)


def _hash32(data: bytes) -> int:
    return zlib.crc32(data)


def shingles(folded: str) -> set[bytes]:
    """Character 5-grams of the words (punctuation and spacing dropped)."""
    text = " ".join(_WORD.findall(folded[:MAX_CHARACTERS]))
    if not text:
        return set()
    if len(text) <= SHINGLE:
        return {text.encode("utf-8", "surrogatepass")}
    return {
        text[i : i + SHINGLE].encode("utf-8", "surrogatepass")
        for i in range(len(text) - SHINGLE + 1)
    }


def signature(folded: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values) of a folded text; None when empty."""
    grams = shingles(folded)
    if not grams:
        return None
    minhash = MinHash(
        num_perm=NUM_PERM, seed=4, hashfunc=_hash32, permutations=_PERMUTATIONS, scheme="affine32"
    )
    minhash.update_batch(list(grams))
    values: np.ndarray = minhash.hashvalues.astype(np.uint32)  # datasketch is untyped
    return values


def band_hashes(values: np.ndarray) -> list[int]:
    """One 64-bit integer per band: equal bands, equal integers (stable across processes)."""
    bands = values.astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = (bands * _BAND_MULTIPLIERS).sum(axis=1, dtype=np.uint64)
    return [int(x) for x in mixed]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM
