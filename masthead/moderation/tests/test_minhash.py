"""Our MinHash is datasketch's, value for value, without importing datasketch in a worker.

The flash-mob standard stores signatures and band hashes (Redis or the database): the values
must not change with the implementation, or comments posted before an upgrade would stop
matching their copies posted after it.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from masthead.moderation.recent.minhash import NUM_PERM, SEED, _hash32, shingles, signature

TEXTS = [
    "great article visit my channel for more",
    "Great article!!! visit my channel for more",
    "The council will publish the full report on the harbour works next week.",
    "ok",
    "a",
    "Привет всем, отличная статья про гавань",
    "这是一篇关于港口的好文章",
    "x" * 5000,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_signature_is_datasketchs_affine32_minhash(text):
    datasketch = pytest.importorskip("datasketch")
    grams = shingles(text.lower())
    reference = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_hash32)
    reference.update_batch(list(grams))

    ours = signature(text.lower())

    assert ours is not None and ours.dtype == np.uint32
    assert np.array_equal(ours, reference.hashvalues.astype(np.uint32))


def test_near_copies_share_most_values_and_strangers_few():
    copy, variant, stranger = (signature(text.lower()) for text in TEXTS[:3])
    assert copy is not None and variant is not None and stranger is not None
    assert np.count_nonzero(copy == variant) / NUM_PERM > 0.9
    assert np.count_nonzero(copy == stranger) / NUM_PERM < 0.2


def test_signing_a_comment_imports_neither_datasketch_nor_scipy():
    """datasketch imports scipy.integrate at import time: about 60 MB in every web worker."""
    probe = (
        "import sys\n"
        "from masthead.moderation.recent.minhash import signature\n"
        "signature('great article visit my channel')\n"
        "print('datasketch' in sys.modules, 'scipy.integrate' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False"]
