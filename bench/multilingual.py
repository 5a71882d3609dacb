"""Which embedding model for non-English text? Run by hand:
    .venv/bin/python bench/multilingual.py
For each language, every sentence of bench/data/parallel.yaml queries the English
sentences: recall@1 (its translation ranks first), MRR, same-topic precision@3 among the
others, the mean cosine of translation pairs vs. unrelated pairs, and encode speed."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import yaml

from trainer.embeddings import Embedder

LANGS = ("en", "de", "ar", "he", "zh")


def run(name: str, items: list[dict]) -> dict:
    t0 = time.perf_counter()
    m = Embedder(name)
    load = time.perf_counter() - t0
    en = m.encode([i["en"] for i in items])
    topics = np.array([i["topic"] for i in items])
    out = {"load_s": round(load, 2)}
    for lang in LANGS:
        t = time.perf_counter()
        q = m.encode([i[lang] for i in items], query=False)
        dt = (time.perf_counter() - t) / len(items)
        sims = q @ en.T
        n = len(items)
        ranks = np.array([(sims[i] > sims[i, i]).sum() + 1 for i in range(n)])
        s2 = sims.copy()
        np.fill_diagonal(s2, -9)
        top3 = np.argsort(-s2, axis=1)[:, :3]
        topic_p3 = float(np.mean([(topics[top3[i]] == topics[i]).mean() for i in range(n)]))
        off = sims[~np.eye(n, dtype=bool)]
        out[lang] = {"recall@1": round(float((ranks == 1).mean()), 3),
                     "mrr": round(float((1 / ranks).mean()), 3),
                     "topic_p@3": round(topic_p3, 3),
                     "pair_cos": round(float(np.diag(sims).mean()), 3),
                     "unrelated_cos": round(float(off.mean()), 3),
                     "ms_per_sentence": round(dt * 1000, 1)}
    return out


def main() -> None:
    items = yaml.safe_load((Path(__file__).parent / "data" / "parallel.yaml").read_text())["items"]
    print(f"{len(items)} parallel items")
    for name in ("minilm", "e5"):
        r = run(name, items)
        print(f"\n{name} (load {r['load_s']} s)")
        print(f"{'lang':<5}" + "".join(f"{k:>16}" for k in r["en"]))
        for lang in LANGS:
            print(f"{lang:<5}" + "".join(f"{v:>16}" for v in r[lang].values()))


if __name__ == "__main__":
    main()
