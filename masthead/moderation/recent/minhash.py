"""MinHash signatures of comments and their LSH bands.

A comment's shingles are the character 5-grams of its folded words (`text.text_normalise`),
so near-identical comments ("Great article!!! visit my channel" and "great article, visit my
channel") share most of them whatever their case, punctuation, spacing or disguise. With
`NUM_PERM` = 60 values in `BANDS` = 12 bands of `ROWS` = 5, two comments of Jaccard similarity
0.8 share a band with probability 1 - (1 - 0.8^5)^12 ≈ 0.99, at 0.7 ≈ 0.89, at 0.5 ≈ 0.32 and
at 0.3 ≈ 0.03: near-copies are found, unrelated comments rarely even become candidates (and
candidates are checked against their stored signature).

The signature is datasketch's MinHash in its "affine32" scheme (datasketch 2.0), written out
here: CRC-32 of each shingle, the MurmurHash3 32-bit finalizer, then NUM_PERM permutations
h -> a * h + b mod 2^32 (odd a) drawn from numpy's RandomState(4) as datasketch draws them, and
the minimum of each. Same values, so signatures stored before stay comparable; a test checks
them against datasketch. Importing datasketch cost every web worker about 60 MB: it imports
its LSH module, and that scipy.integrate, at import time (issue 10's memory target).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

NUM_PERM = 60
BANDS = 12
ROWS = 5
SHINGLE = 5
MAX_CHARACTERS = 2000
_WORD = re.compile(r"\w+")
SEED = 4


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of each permutation, drawn as datasketch's affine32 scheme draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations(NUM_PERM, SEED)
# Multipliers of the polynomial hash that turns a band's 8 values into one 64-bit integer.
_BAND_MULTIPLIERS = np.array(
    [(0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) % 2**64 for i in range(ROWS)], dtype=np.uint64
)


def _hash32(data: bytes) -> int:
    return zlib.crc32(data)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection that spreads CRC-32's structure)."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint32(16))
        values = values * np.uint32(0x85EBCA6B)
        values = values ^ (values >> np.uint32(13))
        values = values * np.uint32(0xC2B2AE35)
        mixed: np.ndarray = values ^ (values >> np.uint32(16))
        return mixed


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
    hashes = np.fromiter((_hash32(gram) for gram in grams), dtype=np.uint32, count=len(grams))
    mixed = _fmix32(hashes).reshape(-1, 1)
    with np.errstate(over="ignore"):
        values: np.ndarray = (mixed * _A + _B).min(axis=0)  # uint32: wraps mod 2^32
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
