"""How realistic the offline simulated client sounds. Run by hand (not a test), after `make run` /
`python -m trainer prepare` has imported the CultureCare data:
    .venv/bin/python bench/client_fidelity.py [--json] [--seeds 0,1,2] [--transcripts] [--scripts FILE]

Plays the scripted sessions of bench/data/client_scripts.yaml (per scenario a skilled and a poor
trainee, six replies each; 6 authored scenarios and 2 imported CultureCare clients) through the
offline client (trainer/client/offline.py) exactly as `trainer play` does: client.start(scenario,
seed), then client.respond(scenario, state, reply) per reply. Every script is played once per seed.
--scripts plays another file of the same format instead, e.g. the held-out set
bench/data/client_scripts_heldout.yaml (never used to tune the client). A file with
`held_out_from: <file>` must share no scenario with that file and needs as many authored scenarios
as the default one requires (two of them with German replies) instead of the required ids; its
imported clients follow the rule given by imported.nth (1 = first id, the default) and
imported.min_steps (default 5).
"Client lines" below are the lines respond() produced (the authored opening line is not counted,
but it is compared against for near-duplicates and used in the relevance baseline).

Figures (target in brackets):
- stock leads [<= 5 %]: share of client lines opening with a generic lead (GENERIC_LEADS, plus every
  lead in offline.py LEADS/LOCAL) that is not one of the scenario's own voice.leads; a lead counts
  when more words follow it.
- near-duplicates [0]: pairs of lines in one session (opening included) with word Jaccard >= 0.8,
  or where the shorter line's words (at least MIN_CONTAINED of them, so that "I don't know." inside
  "I don't know if it's for me" is no repeat) appear in order inside the longer; "..." is ignored.
- glued fragments [0]: a known lead (generic or voice.leads) that does not end in . ! ? ... or :,
  followed by a capitalised word that is not "I"/"I'm"/... or German "Sie"/"Ihr..", and that is
  written lower-case in the scenario's own texts or is a common function word
  ("I guess Getting ready ...", "Na ja, Ich bin ...").
- words per client line: median and 90th percentile.
- answer relevance [>= 0.7]: for every trainee reply with "?", the cosine (services.embedder) of the
  reply to the client's answer vs. the median cosine of the reply to the client's other lines in the
  same session; relevant when the answer is closer. Share over all such replies.
- trust and disclosure: state.rapport and len(state.disclosed) at the end, skilled vs poor, per
  scenario (mean over seeds) [skilled > poor on both, in every scenario].
- resolved within six turns [0]: sessions in which a client line declares the problem solved
  (RESOLVED, a small multilingual regex).
- respond() time p50/p95 [p95 <= 50 ms], wall ms per call, after a warm-up session per scenario,
  over the first seed's pass (each scenario's first sessions in this process). As in the app and in
  `trainer play`, the feedback pass has analysed the reply before it is sent and each client line is
  embedded as it is said; both happen outside the timed call (see play()). The later seeds' calls
  (scenario phrases cached too) are reported beside it, and so is what embedding a new reply costs.

With --json the table goes to stderr and one JSON object to stdout (like `trainer play --json`)."""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's trainer, not another installed copy

from trainer.client import offline  # noqa: E402
from trainer.feedback.analysis import said_lines  # noqa: E402
from trainer.models import Scenario  # noqa: E402
from trainer.services import build_services  # noqa: E402

SCRIPTS = Path(__file__).parent / "data" / "client_scripts.yaml"  # the default; --scripts FILE for another
AUTHORED_REQUIRED = ("jw-haredi-niddah-scrupulosity", "de-pflege-mutter-ostsee", "zh-gaokao-fudu-henan",
                     "ar-lebanese-partner-visa-sydney", "jw-kontingent-vater-duesseldorf",
                     "de-jobcenter-kopftuch-offenbach")
TURNS = 6
WARM_UP = {"en": "Thank you for coming in today and telling me about this.",
           "de": "Danke, dass Sie heute gekommen sind und mir davon erzählen."}
MIN_CONTAINED = 4  # words: a shorter line inside a longer one counts as a repeat from this length

GENERIC_LEADS = ["I guess", "It's hard to say, but", "Honestly,", "Maybe.", "I don't know...", "Na ja,",
                 "Ehrlich gesagt", "Weiß nicht"]
TERMINAL = (".", "!", "?", "…", ":")
NOT_GLUED = {"i", "i'm", "i've", "i'd", "i'll", "sie", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihnen"}
FUNCTION_WORDS = set("""
a an the in on at of to for with from by about as into over after before since until during without
my your his her its our their this that these those it it's that's there there's here what what's
when where who whom why how which we they he she you me us them i'm
and but or so if because then now just also even still only not no yes
some any every all each one two three last next first sometimes often once twice maybe please
nobody everyone everybody someone nothing everything people
ich du er es wir ihr man mir mich dir dich uns euch mein meine meinen meinem meiner dein deine unser unsere
der die das den dem des ein eine einen einem einer kein keine
und aber oder denn weil dass da dann jetzt hier dort so wie wenn als ob auch noch schon nur nicht nie
im in am an auf aus bei mit nach seit von vor zu zum zur für ohne über unter vom
manchmal oft immer vielleicht niemand jeder alle alles nichts was wer wo warum
""".split())
RESOLVED = re.compile("|".join([
    r"\b(i|i'm|i am)( feel| feeling)? (so |much |a lot |way |really )?better now\b",
    r"\bi feel (so |much |a lot |way |really )better\b",
    r"\bthat (solves|solved|fixes|fixed|settles) (it|everything|my problem)\b",
    r"\b(thank you|thanks)\b[^.!?]{0,30}\bi know what to do\b", r"\bi know what to do now\b",
    r"\b(my |the )?problem('s| is) (solved|sorted|fixed|gone)\b", r"\bi('m| am) (fine|okay|ok|all good) now\b",
    r"\bjetzt geht('s| es) mir (schon |viel |deutlich )?besser\b", r"\bmir geht('s| es) jetzt (schon |viel )?besser\b",
    r"\bich fühle mich jetzt (schon |viel )?besser\b", r"\bdas löst (es|mein problem|alles)\b",
    r"\bjetzt weiß ich,? was ich (tun|machen) (muss|kann|soll)\b", r"\bproblem (ist )?gelöst\b",
    "أشعر بتحسن", "صرت أحسن", "ارتحت", "انحلت المشكلة", "好多了", "问题解决了", "我知道该怎么做了",
]), re.I)
WORD = re.compile(r"[\u3400-\u9fff]|[^\W\d_\u3400-\u9fff]+(?:['’][^\W\d_]+)?|\d+")
TOKEN = re.compile(r"\w+")
TARGETS = {"stock_lead_share": "<= 5 %", "near_duplicates": "0", "glued_fragments": "0",
           "answer_relevance": ">= 0.7", "skilled_beats_poor": "every scenario", "resolved_within_6": "0",
           "respond_p95_ms": "<= 50 ms"}


# ---------------------------------------------------------------- the lead lists

def _flatten(x: Any) -> list[str]:
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in _flatten(v)]
    if isinstance(x, list | tuple):
        return [s for v in x for s in _flatten(v)]
    return []


def generic_leads() -> list[str]:
    """The fixed list plus every lead in offline.py's LEADS and LOCAL[lang]["leads"] (whatever of
    them this checkout has), stripped, longest first."""
    found = _flatten(getattr(offline, "LEADS", {}))
    for lang in getattr(offline, "LOCAL", {}).values():
        found += _flatten(lang.get("leads", {})) if isinstance(lang, dict) else []
    return sorted({x.strip() for x in GENERIC_LEADS + found if x.strip()}, key=len, reverse=True)


def voice_leads(s: Scenario) -> list[str]:
    voice = getattr(s, "voice", None)
    return sorted({x.strip() for x in (getattr(voice, "leads", None) or []) if x.strip()}, key=len, reverse=True)


def opens_with(line: str, lead: str) -> str | None:
    """The rest of the line after `lead` when the line opens with it and more words follow."""
    text = line.lstrip()
    if not text.startswith(lead):
        return None
    rest = text[len(lead):]
    if lead[-1].isalnum() and rest[:1].isalnum():  # "I guess" must not match "I guessed"
        return None
    return rest if TOKEN.search(rest) else None


def stock_lead(line: str, generic: list[str], own: list[str]) -> str | None:
    for lead in generic:
        if lead in own:
            continue
        if opens_with(line, lead) is not None:
            return lead
    return None


def scenario_lower_words(s: Scenario) -> set[str]:
    """Words the scenario's own texts write lower-case somewhere."""
    texts = _flatten(s.model_dump(mode="json", exclude={"id", "source", "source_url", "language", "rubrics"}))
    return {w.lower() for t in texts for w in WORD.findall(t) if w[:1].islower()}


def glued(line: str, leads: list[str], lower: set[str]) -> tuple[str, str] | None:
    """(lead, word) when a lead without terminal punctuation runs straight into a capitalised word
    that is not a proper noun (see the module docstring)."""
    for lead in leads:
        rest = opens_with(line, lead)
        if rest is None:
            continue
        if lead.endswith(TERMINAL) or not rest[:1].isspace():
            return None
        m = WORD.match(rest.lstrip())
        if not m:
            return None
        word = m.group(0)
        key = word.lower().replace("’", "'")
        if word[:1].isupper() and key not in NOT_GLUED and (key in FUNCTION_WORDS or key in lower):
            return lead, word
        return None
    return None


# ---------------------------------------------------------------- repetition, length

def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in WORD.findall(text)]


def _contains(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return 0 < n <= len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def near_duplicate(a: str, b: str) -> str | None:
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:  # "..." and other lines without words
        return None
    sa, sb = set(ta), set(tb)
    jac = len(sa & sb) / len(sa | sb)
    if jac >= 0.8:
        return f"jaccard {jac:.2f}"
    short, long = sorted((ta, tb), key=len)
    if len(short) >= MIN_CONTAINED and _contains(short, long):
        return "contained"
    return None


def n_words(text: str) -> int:
    return len(WORD.findall(text))


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    return float(np.percentile(np.array(xs, dtype=float), p))


# ---------------------------------------------------------------- playing

def load_scripts(lib, path: Path = SCRIPTS) -> tuple[dict, list[dict]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = doc["scenarios"]
    ids = [x["id"] for x in items]
    if len(set(ids)) != len(ids):
        sys.exit(f"error: {path}: a scenario appears twice")
    missing = [i for i in ids if i not in lib.scenarios]
    if missing:
        sys.exit(f"error: not in the library: {', '.join(missing)}; imported ones need `python -m trainer prepare`")
    held_out_from = doc.get("held_out_from")
    if held_out_from:  # a held-out set: no scenario of the tuning file, the same mix instead of the same ids
        tuning = (path.parent / held_out_from).resolve()
        if tuning == path.resolve():
            sys.exit(f"error: {path}: held_out_from names the file itself")
        shared = sorted(set(ids) & {x["id"] for x in yaml.safe_load(tuning.read_text(encoding="utf-8"))["scenarios"]})
        if shared:
            sys.exit(f"error: {path} is held out from {held_out_from} but shares {', '.join(shared)}")
        authored = [x for x in items if not lib.scenarios[x["id"]].source.startswith("culturecare:")]
        if len(authored) < len(AUTHORED_REQUIRED):
            sys.exit(f"error: {path}: {len(authored)} authored scenarios, expected {len(AUTHORED_REQUIRED)}")
        if sum(x.get("replies", "en") == "de" for x in authored) < 2:
            sys.exit(f"error: {path}: needs two authored scenarios with German replies (replies: de)")
    else:
        for need in AUTHORED_REQUIRED:
            if need not in ids:
                sys.exit(f"error: {path} lacks the required scenario {need}")
    imported = doc.get("imported", {})
    nth, min_steps = int(imported.get("nth", 1)), int(imported.get("min_steps", 5))
    pool = sorted(s.id for s in lib.scenarios.values() if s.source.startswith("culturecare:"))
    for lang in ("de", "en"):
        sid = imported.get(lang)
        if sid not in ids or not lib.scenarios[sid].source.startswith("culturecare:"):
            sys.exit(f"error: imported.{lang} ({sid}) must be an imported scenario with scripts")
        fits = [x for x in pool if lib.scenarios[x].language.split("-")[0] == lang
                and len(lib.scenarios[x].disclosure_plan) >= min_steps]
        rule = fits[nth - 1] if len(fits) >= nth else None
        if rule != sid:
            print(f"note: the selection rule now picks {rule} for {lang}, the scripts use {sid}", file=sys.stderr)
    for x in items:
        for kind in ("skilled", "poor"):
            if len(x[kind]) != TURNS:
                sys.exit(f"error: {x['id']} {kind}: {len(x[kind])} replies, expected {TURNS}")
    return imported, items


def play(client, scenario: Scenario, replies: list[str], seed: int, svc) -> dict:
    """One scripted session. Around each timed respond() it does, untimed, what the app and `trainer
    play` do: the feedback pass analyses the draft before it is sent (Practice.feedback /
    FeedbackEngine.review), and each client line is embedded as it is said (FeedbackEngine.heard)."""
    analyser = svc.analyser
    state, first = client.start(scenario, seed=seed)
    analyser.embed_phrases(said_lines(first.text))
    lines, times, emb = [], [], []
    for reply in replies:
        t = time.perf_counter()
        svc.embedder.encode([reply])  # context: what embedding a new reply costs now (cached afterwards)
        emb.append((time.perf_counter() - t) * 1000)
        prior = analyser.risk_state(scenario, list(state.said), list(state.trainee))
        analyser.analyse(reply, scenario, "\n".join(state.said), risk_state=prior)
        t = time.perf_counter()
        turn = client.respond(scenario, state, reply)
        times.append((time.perf_counter() - t) * 1000)
        analyser.embed_phrases(said_lines(turn.text))
        lines.append(turn.text)
    return {"opening": first.text, "trainee": list(replies), "client": lines, "ms": times, "embed_ms": emb,
            "rapport": round(float(state.rapport), 3), "disclosed": len(state.disclosed),
            "disclosed_ids": list(state.disclosed)}


def relevance(embedder, session: dict) -> list[dict]:
    """Per trainee question: cosine to its answer vs. the median cosine to the other client lines."""
    lines = [session["opening"]] + session["client"]
    out = []
    qs = [(i, r) for i, r in enumerate(session["trainee"]) if "?" in r]
    if not qs:
        return out
    vl = embedder.encode(lines)
    vq = embedder.encode([r for _, r in qs])
    for (i, r), q in zip(qs, vq):
        sims = vl @ q
        answer = float(sims[i + 1])
        others = [float(s) for j, s in enumerate(sims) if j != i + 1]
        base = statistics.median(others)
        out.append({"turn": i + 1, "question": r, "answer": session["client"][i], "cos_answer": round(answer, 3),
                    "cos_others_median": round(base, 3), "relevant": answer > base})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="the table to stderr, one JSON object to stdout")
    ap.add_argument("--seeds", default="0,1,2", help="client seeds; every script is played once per seed")
    ap.add_argument("--transcripts", action="store_true", help="also print every session")
    ap.add_argument("--scripts", type=Path, default=SCRIPTS, metavar="FILE",
                    help="the scripted sessions to play (default: bench/data/client_scripts.yaml; held-out set: "
                         "bench/data/client_scripts_heldout.yaml)")
    args = ap.parse_args()
    scripts = args.scripts.resolve()
    if not scripts.is_file():
        ap.error(f"--scripts: no such file: {args.scripts}")
    seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    out = sys.stderr if args.json else sys.stdout

    def say(*a):
        print(*a, file=out)

    svc = build_services()
    lib = svc.library
    client = svc.client
    if getattr(client, "name", "") != "offline":
        from trainer.client.offline import OfflineClient  # the bench measures the offline client only
        client = OfflineClient(svc.analyser, lib.rubrics)
    imported, items = load_scripts(lib, scripts)
    generic = generic_leads()

    # warm-up: the model, the analyser's prototypes, each scenario's phrases
    svc.embedder.encode(["warm up"])
    for x in items:
        sc = lib.get(x["id"])
        st, _ = client.start(sc, seed=999)
        client.respond(sc, st, WARM_UP.get(x.get("replies", "en"), WARM_UP["en"]))

    sessions = []
    for seed in seeds:  # seed-major: the first seed's pass sees every reply for the first time
        for x in items:
            sc = lib.get(x["id"])
            for kind in ("skilled", "poor"):
                s = play(client, sc, x[kind], seed, svc)
                s.update(scenario=sc.id, kind=kind, seed=seed, language=sc.language, replies=x.get("replies", "en"))
                sessions.append(s)

    # ---- per-line figures
    all_lines, stock, glue, dups, resolved, rel = [], [], [], [], [], []
    stock_by_lead: dict[str, int] = {}
    for s in sessions:
        sc = lib.get(s["scenario"])
        own = voice_leads(sc)
        known = sorted(set(generic) | set(own), key=len, reverse=True)
        lower = scenario_lower_words(sc)
        for i, line in enumerate(s["client"]):
            all_lines.append(line)
            lead = stock_lead(line, generic, own)
            if lead:
                stock.append({"scenario": sc.id, "kind": s["kind"], "seed": s["seed"], "turn": i + 1, "lead": lead,
                              "line": line})
                stock_by_lead[lead] = stock_by_lead.get(lead, 0) + 1
            g = glued(line, known, lower)
            if g:
                glue.append({"scenario": sc.id, "kind": s["kind"], "seed": s["seed"], "turn": i + 1, "lead": g[0],
                             "word": g[1], "line": line})
        lines = [(0, s["opening"])] + [(i + 1, x) for i, x in enumerate(s["client"])]
        for (i, a), (j, b) in combinations(lines, 2):
            why = near_duplicate(a, b)
            if why:
                dups.append({"scenario": sc.id, "kind": s["kind"], "seed": s["seed"], "turns": [i, j], "why": why,
                             "a": a, "b": b})
        hit = next((x for x in s["client"] if RESOLVED.search(x)), None)
        if hit:
            resolved.append({"scenario": sc.id, "kind": s["kind"], "seed": s["seed"], "line": hit})
        for r in relevance(svc.embedder, s):
            r.update(scenario=sc.id, kind=s["kind"], seed=s["seed"])
            rel.append(r)

    words = [n_words(x) for x in all_lines]
    first_ms = [t for s in sessions if s["seed"] == seeds[0] for t in s["ms"]]
    later_ms = [t for s in sessions if s["seed"] != seeds[0] for t in s["ms"]]
    embed_ms = [t for s in sessions if s["seed"] == seeds[0] for t in s["embed_ms"]]
    rel_share = sum(r["relevant"] for r in rel) / len(rel) if rel else float("nan")
    rel_by = {k: (sum(r["relevant"] for r in rel if r["kind"] == k), sum(1 for r in rel if r["kind"] == k))
              for k in ("skilled", "poor")}

    # ---- trust and disclosure per scenario
    per_scenario = []
    for x in items:
        row: dict[str, Any] = {"scenario": x["id"], "language": lib.get(x["id"]).language, "replies": x.get("replies", "en"),
                               "source": "imported" if lib.get(x["id"]).source.startswith("culturecare:") else "authored"}
        for kind in ("skilled", "poor"):
            ss = [s for s in sessions if s["scenario"] == x["id"] and s["kind"] == kind]
            row[f"{kind}_rapport"] = round(statistics.mean(s["rapport"] for s in ss), 3)
            row[f"{kind}_disclosed"] = round(statistics.mean(s["disclosed"] for s in ss), 2)
        row["skilled_beats_poor"] = (row["skilled_rapport"] > row["poor_rapport"]
                                     and row["skilled_disclosed"] > row["poor_disclosed"])
        per_scenario.append(row)

    n = len(all_lines)
    figures = {
        "sessions": len(sessions), "client_lines": n, "seeds": seeds,
        "stock_lead_share": round(len(stock) / n, 3) if n else None,
        "near_duplicates": len(dups),
        "sessions_with_near_duplicates": len({(d["scenario"], d["kind"], d["seed"]) for d in dups}),
        "glued_fragments": len(glue),
        "words_per_line_median": round(pct(words, 50), 1), "words_per_line_p90": round(pct(words, 90), 1),
        "answer_relevance": round(rel_share, 3), "questions": len(rel),
        "answer_relevance_skilled": round(rel_by["skilled"][0] / rel_by["skilled"][1], 3) if rel_by["skilled"][1] else None,
        "answer_relevance_poor": round(rel_by["poor"][0] / rel_by["poor"][1], 3) if rel_by["poor"][1] else None,
        "skilled_beats_poor": sum(r["skilled_beats_poor"] for r in per_scenario),
        "scenarios": len(per_scenario),
        "resolved_within_6": len(resolved),
        "respond_p50_ms": round(pct(first_ms, 50), 1), "respond_p95_ms": round(pct(first_ms, 95), 1),
        "respond_max_ms": round(max(first_ms), 1) if first_ms else None,
        "respond_repeat_p50_ms": round(pct(later_ms, 50), 1) if later_ms else None,
        "respond_repeat_p95_ms": round(pct(later_ms, 95), 1) if later_ms else None,
        "embed_new_reply_p50_ms": round(pct(embed_ms, 50), 1),
    }
    passed = {
        "stock_lead_share": figures["stock_lead_share"] is not None and figures["stock_lead_share"] <= 0.05,
        "near_duplicates": figures["near_duplicates"] == 0,
        "glued_fragments": figures["glued_fragments"] == 0,
        "answer_relevance": rel_share >= 0.7,
        "skilled_beats_poor": figures["skilled_beats_poor"] == figures["scenarios"],
        "resolved_within_6": figures["resolved_within_6"] == 0,
        "respond_p95_ms": figures["respond_p95_ms"] <= 50,
    }

    # ---- the table
    import trainer
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    say(f"client fidelity: offline client, trainer from {Path(trainer.__file__).resolve().parent} (commit {commit})")
    try:
        shown = str(scripts.relative_to(ROOT))
    except ValueError:
        shown = str(scripts)
    say(f"scripts: {shown}")
    say(f"{len(items)} scenarios ({sum(r['source'] == 'authored' for r in per_scenario)} authored, imported "
        f"de={imported.get('de')} en={imported.get('en')}), skilled + poor scripts of {TURNS} replies, "
        f"seeds {','.join(map(str, seeds))}: {len(sessions)} sessions, {n} client lines")
    say("")
    ok = lambda k: "ok" if passed[k] else "MISS"  # noqa: E731
    rows = [
        ("stock leads (share of lines)", f"{figures['stock_lead_share']:.1%} ({len(stock)}/{n})", TARGETS["stock_lead_share"],
         ok("stock_lead_share")),
        ("near-duplicate pairs", f"{len(dups)} in {figures['sessions_with_near_duplicates']} sessions",
         TARGETS["near_duplicates"], ok("near_duplicates")),
        ("glued fragments", str(len(glue)), TARGETS["glued_fragments"], ok("glued_fragments")),
        ("words per line, median / p90", f"{figures['words_per_line_median']:g} / {figures['words_per_line_p90']:g}",
         "-", ""),
        ("answer relevance (questions)", f"{rel_share:.2f} ({sum(r['relevant'] for r in rel)}/{len(rel)}; skilled "
         f"{rel_by['skilled'][0]}/{rel_by['skilled'][1]}, poor {rel_by['poor'][0]}/{rel_by['poor'][1]})",
         TARGETS["answer_relevance"], ok("answer_relevance")),
        ("skilled > poor, trust and disclosure", f"{figures['skilled_beats_poor']}/{figures['scenarios']} scenarios",
         TARGETS["skilled_beats_poor"], ok("skilled_beats_poor")),
        ("resolved within 6 turns", f"{len(resolved)}/{len(sessions)} sessions", TARGETS["resolved_within_6"],
         ok("resolved_within_6")),
        ("respond() p50 / p95 ms", f"{figures['respond_p50_ms']:.1f} / {figures['respond_p95_ms']:.1f} "
         f"(max {figures['respond_max_ms']:.0f}, n={len(first_ms)})", TARGETS["respond_p95_ms"], ok("respond_p95_ms")),
    ]
    if later_ms:
        rows.append(("respond() p50 / p95 ms, repeat", f"{figures['respond_repeat_p50_ms']:.1f} / "
                     f"{figures['respond_repeat_p95_ms']:.1f} (seeds after the first, n={len(later_ms)})", "-", ""))
    rows.append(("embedding one new reply, p50 ms", f"{figures['embed_new_reply_p50_ms']:.1f} (context: not in respond())",
                 "-", ""))
    w = max(len(r[0]) for r in rows)
    wv = max(len(r[1]) for r in rows)
    say(f"{'figure':<{w}}  {'value':<{wv}}  {'target':<15}")
    for name, value, target, flag in rows:
        say(f"{name:<{w}}  {value:<{wv}}  {target:<15} {flag}")
    say("")
    say(f"{'scenario':<34} {'lang':<4} {'repl':<4} {'trust skilled/poor':>19} {'disclosed skilled/poor':>23}  skilled>poor")
    for r in per_scenario:
        say(f"{r['scenario']:<34} {r['language']:<4} {r['replies']:<4} "
            f"{r['skilled_rapport']:>9.2f} / {r['poor_rapport']:<7.2f} {r['skilled_disclosed']:>11g} / {r['poor_disclosed']:<9g}"
            f"  {'yes' if r['skilled_beats_poor'] else 'NO'}")
    if stock_by_lead:
        say("\nstock leads by lead: " + ", ".join(f"{k!r} {v}" for k, v in sorted(stock_by_lead.items(), key=lambda kv: -kv[1])))
    def examples(title: str, xs: list, fmt, limit: int = 12) -> None:
        if xs:
            say(f"\n{title} ({len(xs)}{', first ' + str(limit) if len(xs) > limit else ''}):")
            for x in xs[:limit]:
                say("  " + fmt(x))
    clip = lambda t, k=110: t if len(t) <= k else t[:k - 3] + "..."  # noqa: E731
    examples("glued fragments", glue, lambda g: f"{g['scenario']} {g['kind']} s{g['seed']} t{g['turn']}: "
             f"{g['lead']!r} + {g['word']!r}: {clip(g['line'])}")
    examples("near-duplicates", dups, lambda d: f"{d['scenario']} {d['kind']} s{d['seed']} turns {d['turns'][0]}/"
             f"{d['turns'][1]} ({d['why']}): {clip(d['a'], 60)!r} ~ {clip(d['b'], 60)!r}")
    examples("resolved", resolved, lambda r: f"{r['scenario']} {r['kind']} s{r['seed']}: {clip(r['line'])}")
    first_seed_rel = [r for r in rel if r["seed"] == seeds[0] and not r["relevant"]]
    examples(f"answers not about the question (seed {seeds[0]})", first_seed_rel,
             lambda r: f"{r['scenario']} {r['kind']} t{r['turn']} ({r['cos_answer']:.2f} <= {r['cos_others_median']:.2f}): "
                       f"{clip(r['question'], 55)!r} -> {clip(r['answer'], 60)!r}")
    if args.transcripts:
        for s in sessions:
            say(f"\n== {s['scenario']} {s['kind']} seed {s['seed']} (rapport {s['rapport']}, disclosed {s['disclosed']})")
            say(f"client: {s['opening']}")
            for t, c, ms in zip(s["trainee"], s["client"], s["ms"]):
                say(f"you:    {t}")
                say(f"client: {c}   [{ms:.0f} ms]")
    load = [round(x, 2) for x in os.getloadavg()]
    figures["load_average"] = load
    say(f"\nNote: timings are wall time on a shared machine (load average now {load[0]} / {load[1]} / {load[2]} "
        f"on {os.cpu_count()} cores); compare runs made under similar load.")

    if args.json:
        doc = {"bench": "client_fidelity", "trainer": str(Path(trainer.__file__).resolve().parent), "commit": commit,
               "scripts": shown, "imported": {k: imported.get(k) for k in ("de", "en")},
               "figures": figures, "targets": TARGETS, "passed": passed, "per_scenario": per_scenario,
               "stock_by_lead": stock_by_lead, "glued": glue, "near_duplicates": dups, "resolved": resolved,
               "relevance": rel,
               "sessions": [{k: s[k] for k in ("scenario", "kind", "seed", "rapport", "disclosed", "disclosed_ids",
                                               "opening", "trainee", "client")} | {"ms": [round(t, 1) for t in s["ms"]]}
                         for s in sessions]}
        print(json.dumps(doc, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
