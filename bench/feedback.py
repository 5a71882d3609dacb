"""Draft-feedback speed and memory, run by hand after `make run` has prepared the data:
    .venv/bin/python bench/feedback.py [--repeat 3] [--rebuild]
Reports: index build time (with --rebuild) and open time; offline feedback per draft,
warm, p50/p95 over every authored exemplar as a draft, as a ratio to one embedding call
measured in the same run; peak RSS of the process."""
from __future__ import annotations

import argparse
import resource
import statistics
import time

from trainer.services import build_services


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true", help="also time a full index build")
    args = ap.parse_args()
    svc = build_services()
    t = time.perf_counter()
    lib = svc.library
    print(f"library: {len(lib.scenarios)} scenarios, {len(lib.exemplars)} exemplars, loaded in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    emb = svc.embedder
    emb.encode(["warm up"])
    print(f"embedding model {emb.name}: loaded in {time.perf_counter() - t:.2f} s")
    if args.rebuild:
        t = time.perf_counter()
        svc.open_index(force=True)
        print(f"index build, {len(lib.exemplars)} exemplars: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    idx, st = svc.open_index()
    print(f"index open (status check, no rebuild: {not idx.notes}): {time.perf_counter() - t:.2f} s, stale={st.stale}")
    t = time.perf_counter()
    eng = svc.feedback
    print(f"feedback engine ready in {time.perf_counter() - t:.2f} s")
    cases = [(sc, e.text) for sc in lib.scenarios.values() if sc.authored for e in sc.exemplars]
    for sc, text in cases:  # warm: each scenario's phrases cached as in a session
        eng.review(text, sc, [sc.opening_line])
    times, emb_times = [], []
    for _ in range(args.repeat):
        for sc, text in cases:
            t = time.perf_counter()
            emb.encode(["It sounds like you have been carrying this on your own for a long time."])
            emb_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            fb = eng.review(text, sc, [sc.opening_line])
            times.append(time.perf_counter() - t)
            assert fb.ok
    e50 = statistics.median(emb_times) * 1000
    p50, p95 = pct(times, 50) * 1000, pct(times, 95) * 1000
    print(f"one embedding call (one sentence): median {e50:.1f} ms")
    print(f"offline feedback, {len(times)} drafts warm: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(times) * 1000:.0f} ms"
          f"  = {p95 / e50:.1f}x one embedding call at p95")
    heard = []
    for sc in lib.scenarios.values():
        for step in sc.disclosure_plan[:2] if sc.authored else []:
            t = time.perf_counter()
            eng.heard(step.says)
            heard.append(time.perf_counter() - t)
    if heard:
        print(f"embedding a new client line as it is said (Practice.send/start), {len(heard)} lines: "
              f"p50 {pct(heard, 50) * 1000:.0f} ms, p95 {pct(heard, 95) * 1000:.0f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
