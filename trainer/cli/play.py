"""python -m trainer play: a practice session in the terminal."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..practice import score_profile
from ..services import Services
from .common import InputError, err, read_text


def cmd_play(svc: Services, args: argparse.Namespace) -> int:
    try:
        scenario = svc.library.get(args.scenario)
    except KeyError as e:
        err(e.args[0])
        return 2
    replies: list[str] | None = None
    if args.script:
        path = Path(args.script)
        if not path.is_file():
            err(f"{path}: no such file; give one trainee reply per line")
            return 2
        replies = [line.strip() for line in read_text(str(path)).splitlines() if line.strip()]
    engine, client = svc.feedback, svc.client
    out = sys.stderr if args.json else sys.stdout
    state, first = client.start(scenario, seed=args.seed)
    print(f"[{scenario.title}] ({scenario.culture}; {client.name} client; training only - not a crisis service)",
          file=out)
    print(f"client: {first.text}", file=out)
    turns, scored = [], []
    i = 0
    while True:
        if replies is not None:
            if i >= len(replies):
                break
            draft = replies[i]
            i += 1
            print(f"you: {draft}", file=out)
        else:
            try:
                draft = input("you (empty line ends)> ").strip()
            except EOFError:
                break
            except UnicodeDecodeError as e:
                raise InputError("standard input: a line is not valid UTF-8 text; type or pipe UTF-8") from e
            if not draft:
                break
        fb = engine.review(draft, scenario, list(state.said), sent=list(state.trainee))
        if fb.ok:
            print("  feedback: " + ", ".join(f"{x.name} {x.score}" for x in fb.scores)
                  + (f" | {fb.risk_note}" if fb.risk_note else "") + f" | tip: {fb.tip_goal}", file=out)
        else:
            print(f"  {fb.message}", file=out)
            continue
        scored.append({x.criterion: x.score for x in fb.scores})
        turn = client.respond(scenario, state, draft)
        if turn.note:
            print(f"  note: {turn.note}", file=out)
        print(f"client: {turn.text}", file=out)
        turns.append({"trainee": draft, "client": turn.text, "rapport": turn.rapport, "disclosed": turn.disclosed,
                      "scores": scored[-1], "risk_stage": turn.risk_stage})
    bye = client.close(scenario, state)
    print(f"client: {bye.text}", file=out)
    profile = score_profile(scored, svc.library.criterion_names())
    if profile.profile:
        print("summary: " + ", ".join(f"{r.name} {r.mean}" for r in profile.rows())
              + f" | strongest: {', '.join(profile.strongest_names)} | weakest: {', '.join(profile.weakest_names)}",
              file=out)
    if args.json:
        print(json.dumps({"scenario": scenario.id, "backend": client.name, "turns": turns}, ensure_ascii=False))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    x = sub.add_parser("play", help="a practice session in the terminal")
    x.add_argument("scenario")
    x.add_argument("--seed", type=int, default=0)
    x.add_argument("--script", help="file with one trainee reply per line (non-interactive)")
    x.add_argument("--json", action="store_true", help="print the session as one JSON object on the last line")
    x.set_defaults(fn=cmd_play)
