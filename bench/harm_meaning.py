"""How well harm is found by meaning in Arabic, Hebrew and Chinese (trainer/text/harm_meaning.py),
on the blind set tests/clinical/harm_meaning.yaml. Run by hand:
    .venv/bin/python bench/harm_meaning.py [--grid]
Prints, per split (dev set the numbers, test is reported) and language: harmful sentences found
(recall), the right kind among those found, and near-misses wrongly flagged (false alarms).
--grid prints the same on dev for a range of thresholds and margins."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's trainer, not another installed copy

from trainer.embeddings import get_embedder  # noqa: E402
from trainer.text.harm_meaning import HARM_MARGIN, HARM_MEANING, PROTOTYPES, HarmByMeaning, judged  # noqa: E402
from trainer.text.sentences import split_sentences  # noqa: E402

SET = ROOT / "tests" / "clinical" / "harm_meaning.yaml"


def run(items: list[dict], det: HarmByMeaning, emb) -> dict:
    out: dict[str, dict[str, int]] = {}
    for it, sents in zip(items, emb):
        found = det.find(sents[0], sents[1], set(PROTOTYPES))
        row = out.setdefault(it["language"], {"harmful": 0, "found": 0, "kind": 0, "none": 0, "false": 0})
        if it["harm"] == "none":
            row["none"] += 1
            row["false"] += bool(found)
        else:
            row["harmful"] += 1
            row["found"] += bool(found)
            row["kind"] += bool(found) and found[0].kind == it["harm"]
    out["all"] = {k: sum(r[k] for r in out.values()) for k in ("harmful", "found", "kind", "none", "false")}
    return out


def show(name: str, rep: dict) -> None:
    for lang, r in rep.items():
        print(f"{name:<5} {lang:<4} found {r['found']}/{r['harmful']}  right kind {r['kind']}  "
              f"false alarms {r['false']}/{r['none']}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", action="store_true")
    args = ap.parse_args()
    items = yaml.safe_load(SET.read_text(encoding="utf-8"))["items"]
    enc = get_embedder()
    emb = []  # per item: its statements (as feedback splits and judges a draft) and their vectors
    for it in items:
        st = judged(split_sentences(it["text"]))
        emb.append((st, enc.encode(st) if st else np.zeros((0, enc.dim))))
    det = HarmByMeaning(enc.encode)
    for split in ("dev", "test"):
        idx = [i for i, it in enumerate(items) if it["split"] == split]
        show(split, run([items[i] for i in idx], det, [emb[i] for i in idx]))
    print(f"threshold {HARM_MEANING}  margin {HARM_MARGIN}")
    if args.grid:
        idx = [i for i, it in enumerate(items) if it["split"] == "dev"]
        for t in (0.86, 0.88, 0.9, 0.92):
            for m in (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06):
                det.threshold, det.margin = t, m
                r = run([items[i] for i in idx], det, [emb[i] for i in idx])["all"]
                print(f"dev t={t} m={m}: found {r['found']}/{r['harmful']} kind {r['kind']} "
                      f"false {r['false']}/{r['none']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
