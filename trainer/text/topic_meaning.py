"""Topics by meaning: a phrase is about the topic whose hand-written prototype sentences
(topic_prototypes.py; English, German, Arabic, Hebrew, Chinese) it is nearest to in multilingual
e5 - the mean of its TOP_K nearest prototypes per topic, as centred cosines - when that is at
least FLOOR and no nearer to a phrase about nothing (NONE); otherwise it is about no topic. The
word rules' topic, where they give one, counts RULE_PRIOR more. FLOOR and RULE_PRIOR were chosen on
the dev half of tests/clinical/topic_gold.yaml (bench/topic_tagging.py reports both halves);
nothing is fitted to CultureCare labels.

With a cache dir, the prototypes' vectors and each phrase's topic are kept on disk, by the model,
the prototypes and the numbers: a re-import encodes only phrases it has not seen."""
from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..models import TOPICS
from .topic_prototypes import NONE, PROTOTYPES

if TYPE_CHECKING:
    from ..embeddings import Embedder

FLOOR = 0.275
RULE_PRIOR = 0.1
TOP_K = 2
assert set(PROTOTYPES) == set(TOPICS), "every topic needs prototypes"


def _write(path: Path, write: Callable[[Path], object]) -> None:
    """write(tmp) then move it into place; a read-only data dir only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        write(tmp)
        tmp.replace(path)
    except OSError:
        pass


class TopicMeaning:
    """Tags phrases with a topic by meaning; `embedder` is the project's e5 Embedder. `cache_dir`
    keeps the prototypes' vectors (read once, here)."""

    def __init__(self, embedder: "Embedder", cache_dir: Path | None = None,
                 floor: float = FLOOR, rule_prior: float = RULE_PRIOR):
        self.embedder, self.floor, self.rule_prior = embedder, floor, rule_prior
        self._topics = list(TOPICS)
        self._labels = np.array([self._topics.index(t) for t in TOPICS for _ in PROTOTYPES[t]])
        texts = [x for t in TOPICS for x in PROTOTYPES[t]] + NONE
        self.version = hashlib.sha256(json.dumps(
            [embedder.version, texts, floor, rule_prior, TOP_K], ensure_ascii=False).encode()).hexdigest()[:16]
        v = self._prototype_vectors(texts, cache_dir)
        # e5's cosines crowd into 0.8-0.95 for any two phrases; taking out the prototypes' mean
        # direction spreads them, so that one floor means the same for every topic.
        self._mean = v.mean(axis=0)
        v = self._centre(v)
        n = len(self._labels)
        self._protos, self._none = v[:n], v[n:]
        self._lock = threading.Lock()
        self._known: dict[Path | None, dict[str, str | None]] = {}  # cache file -> phrase key -> topic

    def _prototype_vectors(self, texts: list[str], cache_dir: Path | None) -> np.ndarray:
        path = Path(cache_dir) / f"topics-{self.version}.npy" if cache_dir is not None else None
        if path is not None:
            try:
                v = np.load(path)
                if v.shape == (len(texts), self.embedder.dim):
                    return v
            except (OSError, ValueError):
                pass
        v = self.embedder.encode(texts, query=True)
        if path is not None:
            def save(tmp: Path) -> None:
                with open(tmp, "wb") as f:  # a file, not a name: np.save would add ".npy" to a name
                    np.save(f, v)
            _write(path, save)
        return v

    def _centre(self, v: np.ndarray) -> np.ndarray:
        v = v - self._mean
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(n, len(TOPICS)): per topic the mean of the TOP_K nearest prototypes; and (n,): the
        nearest phrase about nothing. Centred cosines; the texts are encoded in one batch."""
        if not texts:
            return np.zeros((0, len(self._topics))), np.zeros(0)
        v = self._centre(self.embedder.encode(list(texts), query=True))
        sims = v @ self._protos.T
        out = np.zeros((len(v), len(self._topics)))
        for j in range(len(self._topics)):
            s = np.sort(sims[:, self._labels == j], axis=1)
            out[:, j] = s[:, -TOP_K:].mean(axis=1)
        return out, (v @ self._none.T).max(axis=1)

    def decide(self, texts: Sequence[str], rule_topics: Sequence[str | None] | None = None) -> list[str | None]:
        """The topic of each text, or None; rule_topics[i], when given, is the rules' topic of text i."""
        rules = list(rule_topics) if rule_topics is not None else [None] * len(texts)
        scores, nothing = self.scores(texts)
        out: list[str | None] = []
        for row, none, rule in zip(scores, nothing, rules):
            fused = row + np.array([self.rule_prior if t == rule else 0.0 for t in self._topics])
            best = int(fused.argmax())
            out.append(self._topics[best] if fused[best] >= self.floor and row[best] >= none else None)
        return out

    def topics(self, texts: Sequence[str], rule_topics: Sequence[str | None] | None = None,
               cache_dir: Path | None = None) -> list[str | None]:
        """decide(), with each phrase's topic kept in cache_dir (and in memory): only phrases not
        seen before are encoded, in one batch."""
        rules = list(rule_topics) if rule_topics is not None else [None] * len(texts)
        keys = [hashlib.sha256(f"{rule or ''}\x00{text}".encode()).hexdigest()[:24] for text, rule in zip(texts, rules)]
        path = Path(cache_dir) / f"topics-{self.version}.json" if cache_dir is not None else None
        with self._lock:
            known = self._known.get(path)
            if known is None:
                known = self._known[path] = self._read(path)
            first: dict[str, int] = {}
            for i, k in enumerate(keys):
                first.setdefault(k, i)
            seen = self._known.setdefault(None, {})  # phrases tagged in this process, whatever the data dir
            todo = [i for k, i in first.items() if k not in known and k not in seen]
            fresh = [k for k in first if k not in known]
            if fresh:
                for i, topic in zip(todo, self.decide([texts[i] for i in todo], [rules[i] for i in todo])):
                    seen[keys[i]] = topic
                known.update({k: seen[k] for k in fresh})
                if path is not None:
                    text = json.dumps(known, sort_keys=True)
                    _write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
            return [known[k] for k in keys]

    @staticmethod
    def _read(path: Path | None) -> dict[str, str | None]:
        if path is None:
            return {}
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in known.items() if v is None or v in TOPICS} if isinstance(known, dict) else {}
