"""Leave-one-culture-out check of the empathy estimate's design, run by hand:
    .venv/bin/python bench/empathy_loco.py [--data ../shared/culturecare]
The estimate has no fitted weights, but two of its design choices were made while looking at
ratings: how much the amount of support weighs against how well it is given, and whether
attunement is one of the 'how well' parts. This picks among a small grid of such variants on
two cultures (best worst margin over the two targets: Spearman above the length baseline,
partial Spearman above 0.25) and reports the third, for each rotation, then every variant on
all cultures. The ratings only ever select a variant; nothing is learnt from them."""
from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from trainer.evaluation import _rho, client_said, labelled, partial_spearman, replies
from trainer.feedback.analysis import Analyser
from trainer.feedback.scoring import combine_parts, empathy_parts
from trainer.services import build_services

TARGET_PARTIAL = 0.25


VARIANTS = {(k, att): partial(combine_parts, amount_weight=k, attunement=att)
            for k in (0.5, 1, 2, 4) for att in (True, False)}
SHIPPED = (1, True)  # combine_parts' defaults


def figures(rows, f) -> tuple[float, float, float]:
    est, gold, length = [f(p) for p, _, _ in rows], [g for _, g, _ in rows], [n for _, _, n in rows]
    return _rho(est, gold), _rho(length, gold), partial_spearman(est, gold, length)


def margin(rows, f) -> float:
    s, b, p = figures(rows, f)
    return min(s - b, p - TARGET_PARTIAL)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "culturecare"))
    args = ap.parse_args()
    an = Analyser(build_services().embedder)
    rows: dict[str, list] = {}
    for culture, (exemplars, scenarios) in sorted(labelled(Path(args.data), with_scenarios=True).items()):
        for text, score, sid in replies(exemplars):
            a = an.analyse(text, scenarios[sid], client_said(scenarios[sid]))
            rows.setdefault(culture, []).append((empathy_parts(a), score, len(text)))
    print("variant = (weight of amount, attunement included); the shipped one is", SHIPPED)
    for held in rows:
        train = [r for c, rs in rows.items() if c != held for r in rs]
        pick = max(VARIANTS, key=lambda v: margin(train, VARIANTS[v]))
        s, b, p = figures(rows[held], VARIANTS[pick])
        print(f"held out {held}: picked {pick} on the other two -> Spearman {s:.3f} "
              f"(length baseline {b:.3f}), partial {p:.3f}")
    everything = [r for rs in rows.values() for r in rs]
    for v, f in VARIANTS.items():
        s, b, p = figures(everything, f)
        per = "  ".join(f"{c[:3]} {figures(rs, f)[0]:.2f}/{figures(rs, f)[2]:.2f}" for c, rs in rows.items())
        print(f"{str(v):12s} all: Spearman {s:.3f} (baseline {b:.3f}) partial {p:.3f} | {per}")


if __name__ == "__main__":
    main()
