"""The exemplar index: chromadb with our own embedding function (never chromadb's
default, which downloads a model). Local PersistentClient in the data dir, or a shared
Chroma server through the setting chroma_url. Rebuilt only when its inputs change."""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from trainer.embeddings import Embedder, get_embedder
from trainer.models import Exemplar

COLLECTIONS = ("authored", "culturecare")
BATCH = 256


@register_embedding_function
class TrainerEmbedding(EmbeddingFunction[Documents]):
    """Wraps the process's one embedding model."""

    def __init__(self, embedder: Embedder | None = None):
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "culturecare-trainer"

    def get_config(self) -> dict:
        return {}

    @staticmethod
    def build_from_config(config: dict) -> "TrainerEmbedding":
        return TrainerEmbedding()

    def default_space(self):
        return "cosine"

    def supported_spaces(self):
        return ["cosine"]


INDEX_FORMAT = 2  # bump when what is stored per item changes (2: scenario title and persona)


def content_hash(exemplars: list[Exemplar], model_fingerprint: str) -> str:
    h = hashlib.sha256(f"{INDEX_FORMAT}:{model_fingerprint}".encode())
    for e in sorted(exemplars, key=lambda e: e.id):
        h.update(e.model_dump_json().encode())
    return h.hexdigest()[:20]


def _metadata(e: Exemplar, whole: bool) -> dict:
    """whole: the text is a whole reply (authored, a joined reply, or a one-phrase reply)."""
    md = {"culture": e.culture, "source": e.source, "strategies": "|".join(e.strategies),
          "signal_types": "|".join(e.signal_types), "kind": "reply" if whole else "phrase"}
    for key in ("empathy_score", "grade", "source_url", "scenario_id", "scenario_title", "persona", "why"):
        v = getattr(e, key)
        if v is not None:
            md[key] = v
    return md


@dataclass
class IndexStatus:
    location: str
    built: bool
    content_hash: str | None
    expected_hash: str | None
    built_at: str | None
    counts: dict[str, dict[str, int]]  # collection -> culture -> n
    problem: str | None = None

    @property
    def stale(self) -> bool:
        return not self.built or self.content_hash != self.expected_hash

    def describe(self) -> str:
        lines = [f"index: {self.location}",
                 f"built: {self.built_at or 'never'}  hash: {self.content_hash or '-'}  "
                 f"{'STALE' if self.stale else 'up to date'}"]
        if self.problem:
            lines.append(f"problem: {self.problem}")
        for name, per in self.counts.items():
            lines.append(f"  {name}: " + ", ".join(f"{c} {n}" for c, n in sorted(per.items())) +
                         f" (total {sum(per.values())})")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({**self.__dict__, "stale": self.stale})


class ExemplarIndex:
    def __init__(self, path: Path | None = None, url: str | None = None, embedder: Embedder | None = None):
        self.path, self.url = path, url
        self.embedding = TrainerEmbedding(embedder)
        self._client: ClientAPI | None = None
        self.notes: list[str] = []

    @classmethod
    def from_settings(cls, settings, embedder: Embedder | None = None) -> "ExemplarIndex":
        return cls(path=settings.data_dir / "index", url=settings.chroma_url, embedder=embedder)

    @property
    def location(self) -> str:
        return self.url or str(self.path)

    def client(self) -> ClientAPI:
        if self._client is None:
            cs = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if self.url:
                u = urlparse(self.url)
                self._client = chromadb.HttpClient(host=u.hostname or "localhost", port=u.port or 8000,
                                                   ssl=u.scheme == "https", settings=cs)
            else:
                assert self.path is not None, "an index needs a path or a url"
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.path), settings=cs)
        return self._client

    def _collection(self, name: str):
        return self.client().get_collection(name, embedding_function=self.embedding)  # type: ignore[arg-type]

    def _wipe(self) -> None:
        """Drop the collections; a local directory that cannot be opened is removed."""
        try:
            c = self.client()
            existing = {getattr(x, "name", x) for x in c.list_collections()}
            for name in COLLECTIONS:
                if name in existing:
                    c.delete_collection(name)
            return
        except Exception:
            if self.url:
                raise
        self._client = None
        from chromadb.api.shared_system_client import SharedSystemClient
        SharedSystemClient.clear_system_cache()
        if self.path and self.path.exists():
            shutil.rmtree(self.path)

    def status(self, expected_hash: str | None = None) -> IndexStatus:
        counts: dict[str, dict[str, int]] = {}
        meta: dict = {}
        try:
            for name in COLLECTIONS:
                col = self._collection(name)
                meta = col.metadata or {}
                got = col.get(include=["metadatas"])
                per: dict[str, int] = {}
                for m in got["metadatas"]:
                    per[m["culture"]] = per.get(m["culture"], 0) + 1
                counts[name] = per
                if sum(per.values()) != int(meta.get("count", -1)):
                    raise ValueError(f"collection {name} holds {sum(per.values())} items, "
                                     f"its manifest says {meta.get('count')}")
        except Exception as e:  # missing, truncated or corrupt
            problem = None if "does not exist" in str(e) or "not exist" in str(e) else f"{type(e).__name__}: {e}"
            return IndexStatus(self.location, False, None, expected_hash, None, counts, problem)
        return IndexStatus(self.location, True, meta.get("content_hash"), expected_hash,
                           meta.get("built_at"), counts)

    def build(self, exemplars: list[Exemplar], digest: str,
              progress: Callable[[int, int], None] | None = None) -> None:
        self._wipe()
        client = self.client()
        groups = {"authored": [e for e in exemplars if e.authored],
                  "culturecare": [e for e in exemplars if not e.authored]}
        joined = {e.source for e in exemplars if e.id.endswith("-reply")}
        total, done = len(exemplars), 0
        built_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        for name, items in groups.items():
            col = client.create_collection(name, embedding_function=self.embedding, metadata={  # type: ignore[arg-type]
                "content_hash": digest, "built_at": built_at, "count": len(items),
                "hnsw:space": "cosine"})
            for i in range(0, len(items), BATCH):
                chunk = items[i:i + BATCH]
                col.add(ids=[e.id for e in chunk], documents=[e.text for e in chunk],
                        metadatas=[_metadata(e, e.id.endswith("-reply") or e.source not in joined)
                                   for e in chunk])
                done += len(chunk)
                if progress:
                    progress(done, total)

    def ensure(self, exemplars: list[Exemplar], force: bool = False,
               progress: Callable[[int, int], None] | None = None) -> IndexStatus:
        """Build when missing, stale, corrupt or forced; otherwise just open."""
        digest = content_hash(exemplars, self.embedding.embedder.fingerprint())
        st = self.status(digest)
        if st.problem:
            self.notes.append(f"index at {self.location} was unreadable ({st.problem}); rebuilding")
        elif st.built and st.stale:
            self.notes.append("index inputs changed; rebuilding")
        if force or st.stale:
            self.build(exemplars, digest, progress)
            st = self.status(digest)
        return st

    def query(self, embedding, n: int, where: dict | None = None, collection: str = "culturecare") -> list[dict]:
        col = self._collection(collection)
        count = col.count()
        if count == 0:
            return []
        res = col.query(query_embeddings=[[float(x) for x in embedding]], n_results=min(n, count), where=where,
                        include=["documents", "metadatas", "distances", "embeddings"])
        out = []
        for i, doc in enumerate(res["documents"][0]):
            out.append({"id": res["ids"][0][i], "text": doc, "meta": res["metadatas"][0][i],
                        "similarity": 1.0 - float(res["distances"][0][i]),
                        "embedding": res["embeddings"][0][i]})
        return out
