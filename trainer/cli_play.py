"""python -m trainer play: a practice session in the terminal."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .config import Settings
from .scenarios import load_library


def build_client(s: Settings, lib, analyser):
    """The configured simulated client: offline, or an LLM persona over the offline engine."""
    from .client.offline import OfflineClient
    from .llm import build_chat
    offline = OfflineClient(analyser, lib.rubrics)
    chat = build_chat(s)
    if chat is None:
        return offline
    from .client.llm_client import LLMClient
    return LLMClient(chat, offline)


def cmd_play(s: Settings, a) -> int:
    from .cli_feedback import engine
    eng, lib = engine(s, load_library(s))
    try:
        sc = lib.get(a.scenario)
    except KeyError as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    if a.script:
        path = Path(a.script)
        if not path.is_file():
            print(f"error: {path}: no such file; give one trainee reply per line", file=sys.stderr)
            return 2
        replies = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        replies = None
    client = build_client(s, lib, eng.analyser)
    out = sys.stderr if a.json else sys.stdout
    st, first = client.start(sc, seed=a.seed)
    print(f"[{sc.title}] ({sc.culture}; {client.name} client; training only - not a crisis service)", file=out)
    print(f"client: {first.text}", file=out)
    turns = []
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
            if not draft:
                break
        client_lines = [x for x in st.said]
        fb = eng.review(draft, sc, client_lines)
        if fb.ok:
            print("  feedback: " + ", ".join(f"{x.name} {x.score}" for x in fb.scores)
                  + (f" | {fb.risk_note}" if fb.risk_note else "") + f" | tip: {fb.tip_goal}", file=out)
        else:
            print(f"  {fb.message}", file=out)
            continue
        turn = client.respond(sc, st, draft,
                              **({"on_token": lambda t: None} if client.name == "llm" else {}))
        if turn.note:
            print(f"  note: {turn.note}", file=out)
        print(f"client: {turn.text}", file=out)
        turns.append({"trainee": draft, "client": turn.text, "rapport": turn.rapport, "disclosed": turn.disclosed})
    bye = client.close(sc, st)
    print(f"client: {bye.text}", file=out)
    if a.json:
        print(json.dumps({"scenario": sc.id, "backend": client.name, "turns": turns}, ensure_ascii=False))
    return 0


def add_commands(sub) -> None:
    x = sub.add_parser("play", help="a practice session in the terminal")
    x.add_argument("scenario")
    x.add_argument("--seed", type=int, default=0)
    x.add_argument("--script", help="file with one trainee reply per line (non-interactive)")
    x.add_argument("--json", action="store_true", help="print the session as one JSON object on the last line")
    x.set_defaults(fn=cmd_play)
