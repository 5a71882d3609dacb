"""python -m trainer feedback SCENARIO_ID DRAFT: feedback on a draft reply to the opening line."""
from __future__ import annotations

import argparse

from ..models import Feedback
from ..services import Services
from .common import err, read_stdin


def render(fb: Feedback) -> str:
    if not fb.ok:
        return f"Cannot give feedback: {fb.message}"
    out = [f"Scores ({fb.scorer}):"]
    for x in fb.scores:
        out.append(f"  {x.score}/5 {x.name}: {x.reason} {' '.join(x.evidence)}")
        if x.offline_score is not None:
            out.append(f"      the offline scorer gives {x.offline_score}/5: {x.offline_reason}")
    if fb.scorer_note:
        out.append(f"  note: {fb.scorer_note}")
    out += [f"  note: {n}" for n in fb.judge_notes]
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


def cmd_feedback(svc: Services, args: argparse.Namespace) -> int:
    try:
        scenario = svc.library.get(args.scenario)
    except KeyError as e:
        err(e.args[0])
        return 2
    draft = read_stdin() if args.draft == "-" else args.draft
    fb = svc.feedback.review(draft, scenario, [scenario.opening_line])
    print(fb.model_dump_json() if args.json else render(fb))
    return 0 if fb.ok else 2


def add_commands(sub: argparse._SubParsersAction) -> None:
    x = sub.add_parser("feedback", help="feedback on a draft reply to a scenario's opening line")
    x.add_argument("scenario")
    x.add_argument("draft", help="the draft, or - to read it from stdin")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_feedback)
