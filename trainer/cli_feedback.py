"""CLI for the exemplar index, draft feedback and evaluation against CultureCare labels."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .config import Settings
from .scenarios import load_library


def _progress(desc: str):
    from tqdm import tqdm
    bar = tqdm(total=0, desc=desc, unit="exemplar")

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()
    return update


def open_index(s: Settings, lib=None, force: bool = False, quiet: bool = False):
    """The exemplar index, built or rebuilt when needed."""
    from vectorstore.index import ExemplarIndex
    from .embeddings import get_embedder
    lib = lib or load_library(s)
    idx = ExemplarIndex.from_settings(s, get_embedder(s.embedding_model))
    st = idx.ensure(lib.exemplars, force=force, progress=None if quiet else _progress("index"))
    for n in idx.notes:
        print(f"note: {n}", file=sys.stderr)
    return idx, st


def cmd_index_build(s: Settings, a) -> int:
    from vectorstore.index import describe
    _, st = open_index(s, force=a.force)
    print(describe(st))
    return 0


def cmd_index_status(s: Settings, a) -> int:
    from vectorstore.index import ExemplarIndex, content_hash, describe, to_json
    from .embeddings import get_embedder
    lib = load_library(s)
    emb = get_embedder(s.embedding_model)
    st = ExemplarIndex.from_settings(s, emb).status(content_hash(lib.exemplars, emb.fingerprint()))
    print(to_json(st) if a.json else describe(st))
    return 0


def engine(s: Settings, lib=None):
    from .embeddings import get_embedder
    from .feedback.engine import FeedbackEngine
    from .llm import build_chat
    lib = lib or load_library(s)
    idx, _ = open_index(s, lib, quiet=True)
    return FeedbackEngine(lib, get_embedder(s.embedding_model), idx, build_chat(s), s.data_dir / "cache"), lib


def render(fb) -> str:
    if not fb.ok:
        return f"Cannot give feedback: {fb.message}"
    out = [f"Scores ({fb.scorer}):"]
    out += [f"  {x.score}/5 {x.name}: {x.reason} {' '.join(x.evidence)}" for x in fb.scores]
    if fb.scorer_note:
        out.append(f"  note: {fb.scorer_note}")
    out.append("Strategies: " + "; ".join(f"{x.strategy} ({x.confidence:.2f})" for x in fb.strategies))
    out.append("In the exemplars: " + ", ".join(fb.exemplar_strategies))
    for c in fb.coverage:
        out.append(f"  {'engaged' if c.engaged else 'MISSED '} {c.kind}: {c.phrase[:80]}"
                   + (f" <- {', '.join(c.evidence[:3])}" if c.engaged else ""))
    if fb.risk_note:
        out.append(f"Risk: {fb.risk_note}")
    for e in fb.exemplars:
        out.append(f"  [{e.role}] {e.text[:160]}\n      {e.why} {e.source_url or e.source}")
    out.append(f"Tip: {fb.tip_goal}\n  e.g. {fb.tip_reply}")
    out += [f"note: {n}" for n in fb.reliability_notes]
    return "\n".join(out)


def cmd_feedback(s: Settings, a) -> int:
    eng, lib = engine(s)
    try:
        sc = lib.get(a.scenario)
    except KeyError as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    draft = sys.stdin.read() if a.draft == "-" else a.draft
    fb = eng.review(draft, sc, [sc.opening_line])
    print(fb.model_dump_json() if a.json else render(fb))
    return 0 if fb.ok else 2


def _print_report(rep: dict, as_json: bool, lines) -> None:
    if not as_json:
        for line in lines(rep):
            print(line)
    print(json.dumps(rep))


def cmd_eval_strategies(s: Settings, a) -> int:
    from .embeddings import get_embedder
    from .evaluation import eval_strategies
    from .feedback.strategies import StrategyDetector
    rep = eval_strategies(Path(a.data), StrategyDetector(get_embedder(s.embedding_model)))

    def lines(r):
        o = r["overall"]
        yield f"overall: macro-F1 {o['macro_f1']}  accuracy {o['accuracy']}  n {o['n']}"
        for k, v in o["per_strategy"].items():
            yield f"  {k:<30} P {v['precision']:.2f}  R {v['recall']:.2f}  F1 {v['f1']:.2f}  n {v['support']}"
        yield "confusion (rows: label, columns: predicted):"
        for k, v in o["confusion"].items():
            yield f"  {k[:14]:<14} " + " ".join(f"{v.get(p, 0):>4}" for p in o["confusion"])
        for c, v in r["per_culture"].items():
            yield f"{c}: macro-F1 {v['macro_f1']}  accuracy {v['accuracy']}  n {v['n']}"
    _print_report(rep, a.json, lines)
    return 0


def cmd_eval_empathy(s: Settings, a) -> int:
    from .embeddings import get_embedder
    from .evaluation import client_said, eval_empathy
    from .feedback.analysis import Analyser
    from .feedback.scoring import empathy_estimate
    an = Analyser(get_embedder(s.embedding_model))

    def estimate(text, sc):
        return empathy_estimate(an.analyse(text, sc, client_said(sc)))
    rep = eval_empathy(Path(a.data), estimate)

    def lines(r):
        for name, b in [("overall", r["overall"]), *r["per_culture"].items()]:
            yield (f"{name}: spearman {b['spearman']}  length baseline {b['length_baseline_spearman']}  "
                   f"partial (length held fixed) {b['partial_spearman']}  n {b['n']}")
    _print_report(rep, a.json, lines)
    return 0


def cmd_eval_consistency(s: Settings, a) -> int:
    from .embeddings import get_embedder
    from .evaluation import eval_consistency
    from .feedback.analysis import Analyser
    from .feedback.scoring import score
    lib = load_library(s)
    an = Analyser(get_embedder(s.embedding_model))

    def scorer(sc, text):
        rubrics = [lib.rubrics[r] for r in sc.rubrics]
        return {x.criterion: x.score for x in score(an.analyse(text, sc, sc.opening_line), rubrics)}
    rep = eval_consistency(lib, scorer)

    def lines(r):
        for c, v in r["per_criterion"].items():
            yield (f"{c:<20} strong>weak {v['strong>weak']}/{v['n']}  strong>adequate {v['strong>adequate']}/{v['n']}"
                   f"  adequate>weak {v['adequate>weak']}/{v['n']}")
        for f in r["failures"]:
            yield f"  FAIL {f}"
    _print_report(rep, a.json, lines)
    return 1 if rep["failures"] else 0


def add_commands(sub) -> None:
    ix = sub.add_parser("index", help="the exemplar index").add_subparsers(dest="sub", required=True)
    x = ix.add_parser("build", help="build it when its inputs changed (or --force)")
    x.add_argument("--force", action="store_true")
    x.set_defaults(fn=cmd_index_build)
    x = ix.add_parser("status", help="counts per culture and collection, hash, when built, stale or not")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_index_status)

    x = sub.add_parser("feedback", help="feedback on a draft reply to a scenario's opening line")
    x.add_argument("scenario")
    x.add_argument("draft", help="the draft, or - to read it from stdin")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_feedback)

    ev = sub.add_parser("eval", help="measure the detectors").add_subparsers(dest="sub", required=True)
    for name, fn in (("strategies", cmd_eval_strategies), ("empathy", cmd_eval_empathy)):
        x = ev.add_parser(name, help=f"the offline {name} detector against CultureCare labels")
        x.add_argument("--data", required=True, help="folder of *_data.jsonl files")
        x.add_argument("--json", action="store_true", help="print only the JSON report")
        x.set_defaults(fn=fn)
    x = ev.add_parser("consistency", help="strong > adequate > weak over the authored library")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_eval_consistency)
