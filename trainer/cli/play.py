"""python -m trainer play: a practice session in the terminal; with --save --as USER, recorded as USER's."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..models import Scenario
from ..practice import DraftError, Practice, score_profile
from ..services import Services
from .common import InputError, err, read_text
from .export import acting_user


def _replies(replies: list[str] | None, out: TextIO) -> Iterator[str]:
    """The trainee's replies: the script's lines (echoed), or typed until an empty line."""
    if replies is not None:
        for draft in replies:
            print(f"you: {draft}", file=out)
            yield draft
        return
    while True:
        try:
            draft = input("you (empty line ends)> ").strip()
        except EOFError:
            return
        except UnicodeDecodeError as e:
            raise InputError("standard input: a line is not valid UTF-8 text; type or pipe UTF-8") from e
        if not draft:
            return
        yield draft


def cmd_play(svc: Services, args: argparse.Namespace) -> int:
    if args.save != (args.as_user is not None):
        err("--save and --as USER go together: --save records the session as USER's")
        return 2
    actor = acting_user(svc, args.as_user, create=True) if args.save else None
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
    out = sys.stderr if args.json else sys.stdout
    if actor is not None:
        return _play_saved(svc.practice.as_(actor), scenario, _replies(replies, out), args, out)
    engine, client = svc.feedback, svc.client
    state, first = client.start(scenario, seed=args.seed)
    print(f"[{scenario.title}] ({scenario.culture}; {client.name} client; training only - not a crisis service)",
          file=out)
    print(f"client: {first.text}", file=out)
    turns, scored = [], []
    for draft in _replies(replies, out):
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


def _play_saved(practice: Practice, scenario: Scenario, drafts: Iterable[str],
                args: argparse.Namespace, out: TextIO) -> int:
    """The same session through the practice service, so every draft, its feedback and each turn is
    stored as the acting user's, as the app would store it."""
    sid = practice.start(scenario.id, seed=args.seed)
    rec = practice.record(sid)
    print(f"[{scenario.title}] ({scenario.culture}; {practice.client.name} client; saved as session {sid} of "
          f"{practice.me.name}; training only - not a crisis service)", file=out)
    print(f"client: {rec.turns[0].text}", file=out)
    turns = []
    for draft in drafts:
        fb = practice.feedback(sid, draft)
        if not fb.ok:
            print(f"  {fb.message}", file=out)
            continue
        print("  feedback: " + ", ".join(f"{x.name} {x.score}" for x in fb.scores)
              + (f" | {fb.risk_note}" if fb.risk_note else "") + f" | tip: {fb.tip_goal}", file=out)
        try:
            turn = practice.send(sid, draft, practice.record(sid).next_turn)
        except DraftError as e:
            print(f"  {e}", file=out)
            continue
        if turn is None:
            continue
        if turn.note:
            print(f"  note: {turn.note}", file=out)
        print(f"client: {turn.text}", file=out)
        turns.append({"trainee": draft, "client": turn.text, "rapport": turn.rapport, "disclosed": turn.disclosed,
                      "scores": {x.criterion: x.score for x in fb.scores}, "risk_stage": turn.risk_stage})
    summary = practice.end(sid)
    if summary.closing:
        print(f"client: {summary.closing}", file=out)
    if summary.profile:
        print("summary: " + ", ".join(f"{r.name} {r.mean}" for r in summary.rows())
              + f" | strongest: {', '.join(summary.strongest_names)} | weakest: {', '.join(summary.weakest_names)}",
              file=out)
    print(f"saved: session {sid} of {practice.me.name} ({len(turns)} turn(s))", file=out)
    if args.json:
        print(json.dumps({"scenario": scenario.id, "backend": practice.client.name, "session": sid,
                          "user": practice.me.name, "turns": turns}, ensure_ascii=False))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    x = sub.add_parser("play", help="a practice session in the terminal")
    x.add_argument("scenario")
    x.add_argument("--seed", type=int, default=0)
    x.add_argument("--script", help="file with one trainee reply per line (non-interactive)")
    x.add_argument("--json", action="store_true", help="print the session as one JSON object on the last line")
    x.add_argument("--save", action="store_true", help="record the session in the database, as --as USER's "
                   "(for demos, seeding and tests)")
    x.add_argument("--as", dest="as_user", metavar="USER", help="with --save: whose session it is (in accounts mode "
                   "an account that can log in)")
    x.set_defaults(fn=cmd_play)
