"""python -m trainer eval strategies|empathy|consistency: measure the detectors
(against CultureCare labels, evaluation only) and the scorer (against the authored grades)."""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from ..models import Scenario
from ..services import Services
from .common import print_report


def cmd_eval_strategies(svc: Services, args: argparse.Namespace) -> int:
    from ..evaluation import eval_strategies
    from ..feedback.strategies import StrategyDetector
    rep = eval_strategies(Path(args.data), StrategyDetector(svc.embedder))

    def lines(r: dict) -> Iterator[str]:
        o = r["overall"]
        yield f"overall: macro-F1 {o['macro_f1']}  accuracy {o['accuracy']}  n {o['n']}"
        for k, v in o["per_strategy"].items():
            yield f"  {k:<30} P {v['precision']:.2f}  R {v['recall']:.2f}  F1 {v['f1']:.2f}  n {v['support']}"
        yield "confusion (rows: label, columns: predicted):"
        for k, v in o["confusion"].items():
            yield f"  {k[:14]:<14} " + " ".join(f"{v.get(p, 0):>4}" for p in o["confusion"])
        for c, v in r["per_culture"].items():
            yield f"{c}: macro-F1 {v['macro_f1']}  accuracy {v['accuracy']}  n {v['n']}"
    print_report(rep, args.json, lines)
    return 0


def cmd_eval_empathy(svc: Services, args: argparse.Namespace) -> int:
    from ..evaluation import analysis_texts, client_said, eval_empathy
    from ..feedback.analysis import Analyser
    from ..feedback.scoring import empathy_estimate
    analyser = Analyser(svc.embedder)

    def prefetch(items: list[tuple[str, Scenario]]) -> None:
        svc.embedder.encode(list(dict.fromkeys(t for text, s in items for t in analysis_texts(text, s, client_said(s)))))

    def estimate(text: str, scenario: Scenario) -> float:
        return empathy_estimate(analyser.analyse(text, scenario, client_said(scenario)))
    rep = eval_empathy(Path(args.data), estimate, prefetch)

    def lines(r: dict) -> Iterator[str]:
        for name, b in [("overall", r["overall"]), *r["per_culture"].items()]:
            yield (f"{name}: spearman {b['spearman']}  length baseline {b['length_baseline_spearman']}  "
                   f"partial (length held fixed) {b['partial_spearman']}  n {b['n']}")
    print_report(rep, args.json, lines)
    return 0


def cmd_eval_consistency(svc: Services, args: argparse.Namespace) -> int:
    from ..evaluation import analysis_texts, eval_consistency
    from ..feedback.analysis import Analyser
    from ..feedback.scoring import score
    lib = svc.library
    analyser = Analyser(svc.embedder)
    svc.embedder.encode(list(dict.fromkeys(  # in one batch: see analysis_texts
        t for s in lib.scenarios.values() if s.authored for e in s.exemplars
        for t in analysis_texts(e.text, s, s.opening_line))))

    def scorer(scenario: Scenario, text: str) -> dict[str, int]:
        rubrics = [lib.rubrics[r] for r in scenario.rubrics]
        return {x.criterion: x.score for x in score(analyser.analyse(text, scenario, scenario.opening_line), rubrics)}
    rep = eval_consistency(lib, scorer)

    def lines(r: dict) -> Iterator[str]:
        for c, v in r["per_criterion"].items():
            yield (f"{c:<20} strong>weak {v['strong>weak']}/{v['n']}  strong>adequate {v['strong>adequate']}/{v['n']}"
                   f"  adequate>weak {v['adequate>weak']}/{v['n']}")
        for f in r["failures"]:
            yield f"  FAIL {f}"
        k = r["kappa"]
        yield "quadratic-weighted kappa, offline scores vs the exemplars' expected_scores:"
        for c, v in [*k["per_criterion"].items(), ("overall", {"kappa": k["overall"], "n": k["n"]})]:
            yield f"  {c:<20} {'n/a' if v['kappa'] is None else format(v['kappa'], '.3f')}  n {v['n']}"
        ag = r["agreement"]
        yield "agreement with expected_scores (exact / within one point):"
        for c, v in [*ag["per_criterion"].items(), *(("grade " + g, v) for g, v in ag["per_grade"].items()),
                     ("overall", ag["overall"])]:
            yield f"  {c:<20} {v['exact']:.0%} / {v['within_1']:.0%}  n {v['n']}"
        for x in ag["off_by_2"]:
            yield f"  OFF BY 2+ {x}"
    print_report(rep, args.json, lines)
    return 1 if rep["failures"] else 0


def cmd_eval_regression(svc: Services, args: argparse.Namespace) -> int:
    from ..feedback.engine import FeedbackEngine
    from ..regression import MIN_SPEARMAN, Case, evaluate, load
    rs = load(Path(args.file))
    engine = FeedbackEngine(svc.library, svc.analyser)  # offline scores; exemplars play no part

    def review(case: Case, draft: str):
        return engine.review(draft, svc.library.get(case.scenario), case.client_lines, use_llm=False, sent=case.sent)
    rep = evaluate(rs, review)

    def lines(r: dict) -> Iterator[str]:
        for c in r["cases"]:
            means = "  ".join(f"{d['grade'][:4]} {'-' if d['mean'] is None else format(d['mean'], '.2f')}"
                              for d in c["drafts"])
            yield f"{c['id']:<34} {c['language']} {'risk' if c['risk'] else '    '}  rho {c['spearman']}  {means}"
        yield f"mean Spearman {r['mean_spearman']}  min {r['min_spearman']}  per language {r['per_language']}"
        yield f"cases below {MIN_SPEARMAN}: {len(r['below_target'])} {r['below_target']}"
        yield f"harmful at or above an acceptable draft: {len(r['inversions'])}"
        for x in r["inversions"]:
            yield f"  {x}"
    print_report(rep, args.json, lines)
    return 1 if rep["below_target"] or rep["inversions"] else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("eval", help="measure the detectors").add_subparsers(dest="sub", required=True)
    for name, fn in (("strategies", cmd_eval_strategies), ("empathy", cmd_eval_empathy)):
        x = ev.add_parser(name, help=f"the offline {name} detector against CultureCare labels")
        x.add_argument("--data", required=True, help="folder of *_data.jsonl files")
        x.add_argument("--json", action="store_true", help="print only the JSON report")
        x.set_defaults(fn=fn)
    x = ev.add_parser("regression", help="the clinician-graded regression set: ranking and harmful drafts")
    x.add_argument("--file", default="tests/clinical/regression.yaml", help="the graded set (YAML)")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_eval_regression)
    x = ev.add_parser("consistency", help="strong > adequate > weak over the authored library")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_eval_consistency)
