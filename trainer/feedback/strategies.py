"""Offline support-strategy detector: our rules plus nearness to our own example
sentences (strategies.yaml). No weights are learnt from any dataset's labels."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from ..models import STRATEGIES
from ..text.patterns import any_of, any_word
from ..text.sentences import split_sentences
from .strategy_rules import rule_scores

EXAMPLES = Path(__file__).with_name("strategies.yaml")
# Hand-set, not fitted: how much nearness to the examples counts against a rule hit,
# how sharp the confidence is, and the top-k examples averaged per strategy.
PROTO_WEIGHT = 1.0
TEMPERATURE = 1.5
TOP_K = 3
IMPERSONAL = 1.0
_PERSONAL = re.compile("|".join([
                           any_word([
                               "you", "your", "yours", "yourself", "u", "ur", "i", "i'm", "i've", "my", "me",
                               "mine", "we", "us", "our", "du", r"dein\w*", "dich", "dir", "ich", r"mein\w*",
                               "mir", "mich", "wir"
                           ]),
                           "[?？؟!]", "你", "我", "您", "أنت", "انت", "أنا", "انا", "إنت", "اني", "אתה", "אני",
                           "לך", "לי"
                       ]), re.I)
# Arabic mostly says "you/your" with a suffix (ـك، ـكي، ـكم): حياتك، أهلك، عليكي.
_AR_YOU = re.compile(r"(?<!\w)(انتي|إنتي|أنتي|انتو|إنتو|أنتم|انتم)(?!\w)|[\u0621-\u064A]{2,}(ك|كي|كم)(?!\w)")
_AR_NOT_YOU = re.compile(r"(?<!\w)[وف]?" + any_of([
                             "ذلك", "كذلك", "لذلك", "هناك", "هنالك", "تلك", "أولئك", "ملك", "مبارك", "شرك",
                             "ترك", "تحرك", "بنك", "معارك", "مشترك", "سمك"
                         ]) + r"(?!\w)")


def arabic_you(text: str) -> bool:
    return bool(_AR_YOU.search(_AR_NOT_YOU.sub(" ", text)))


def addressed(text: str) -> bool:
    """The sentence speaks to or from a person (you, I, we; a question), in any of our languages."""
    return bool(_PERSONAL.search(text)) or arabic_you(text)


@dataclass
class SentenceStrategy:
    text: str
    strategy: str
    confidence: float
    evidence: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_definitions() -> list[dict]:
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    names = [s["name"] for s in data["strategies"]]
    assert sorted(names) == sorted(STRATEGIES), f"{EXAMPLES} must define all 8 strategies"
    return data["strategies"]


def definition(strategy: str) -> str:
    return next(s["definition"] for s in load_definitions() if s["name"] == strategy)


_PROTOTYPES: dict = {}


def _prototypes(embedder, cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """(labels, embeddings) of our example sentences; once per model and process, on disk in cache_dir."""
    if embedder not in _PROTOTYPES:
        _PROTOTYPES[embedder] = _compute_prototypes(embedder, cache_dir)
    return _PROTOTYPES[embedder]


def _compute_prototypes(embedder, cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray]:
    texts, labels = [], []
    for s in load_definitions():
        for lang_examples in s["examples"].values():
            texts += lang_examples
            labels += [STRATEGIES.index(s["name"])] * len(lang_examples)
    return np.array(labels), embedder.encode_cached(texts, cache_dir)


class StrategyDetector:
    def __init__(self, embedder, cache_dir: Path | None = None):
        self.embedder = embedder
        self._labels, self._protos = _prototypes(embedder, cache_dir)

    def _proto_scores(self, emb: np.ndarray) -> np.ndarray:
        """(n, 8): mean of the top-k similarities per strategy, centred per sentence."""
        sims = emb @ self._protos.T
        out = np.zeros((len(emb), len(STRATEGIES)), dtype=np.float32)
        for j in range(len(STRATEGIES)):
            s = sims[:, self._labels == j]
            k = min(TOP_K, s.shape[1])
            out[:, j] = np.sort(s, axis=1)[:, -k:].mean(axis=1)
        out -= out.mean(axis=1, keepdims=True)
        spread = out.std(axis=1, keepdims=True)
        return out / np.where(spread == 0, 1, spread)

    def score_sentences(self, sentences: list[str], emb: np.ndarray | None = None) -> list[SentenceStrategy]:
        if not sentences:
            return []
        emb = self.embedder.encode(sentences) if emb is None else emb
        proto = self._proto_scores(emb) * PROTO_WEIGHT
        out = []
        for i, sent in enumerate(sentences):
            rules, hits = rule_scores(sent)
            if not rules and not addressed(sent):
                rules = {"Information": IMPERSONAL}  # a statement about the world, addressed to no one
            total = proto[i].copy()
            for name, w in rules.items():
                total[STRATEGIES.index(name)] += w
            p = np.exp(TEMPERATURE * (total - total.max()))
            p /= p.sum()
            j = int(p.argmax())
            out.append(SentenceStrategy(
                text=sent, strategy=STRATEGIES[j], confidence=round(float(p[j]), 3),
                evidence=hits.get(STRATEGIES[j], []),
                scores={STRATEGIES[k]: round(float(p[k]), 3) for k in range(len(STRATEGIES))}))
        return out

    def analyse(self, text: str) -> list[SentenceStrategy]:
        return self.score_sentences(split_sentences(text))

    def classify(self, texts: list[str]) -> list[tuple[str, float]]:
        """One strategy per text (a labelled span may hold several sentences)."""
        spans = [split_sentences(t) or [t] for t in texts]
        flat = self.score_sentences([s for sp in spans for s in sp])
        out, i = [], 0
        for sp in spans:
            part = flat[i:i + len(sp)]
            i += len(sp)
            agg = {k: sum(x.scores[k] for x in part) / len(part) for k in STRATEGIES}
            best = max(agg, key=lambda k: agg[k])
            out.append((best, round(agg[best], 3)))
        return out
