"""Topic tagging of the clients' cultural-signal phrases, before (the word rules alone:
trainer.text.topics.rule_topic) and after (rules and meaning: guess_topics), on the gold set
tests/clinical/topic_gold.yaml. Run by hand:
    .venv/bin/python bench/topic_tagging.py [DIR] [--errors dev|test] [--grid] [--import-time] [--sample]
DIR defaults to ../shared/culturecare. Prints, per split (dev chose the prototypes' gaps and the two
numbers of trainer/text/topic_meaning.py; test is only reported): accuracy (the tag is one a
clinician accepts, "no topic" included where the gold says so), wrong topics, missed topics; the
confusions (gold's main topic -> tag); then over every post signal of the shared files how many
change tag and how. --errors lists one split's misses with the phrase, for review (on screen only:
the phrases are never written to the repository). --grid: accuracy on dev over floors and rule
priors. --import-time [--before-root CHECKOUT]: seconds to import the package and to `data import`
DIR (cold, then warm cache), each in a new process, for this checkout and the one before.
--sample: the gold's references, drawn again by its fixed rule (to check it)."""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's trainer, not another installed copy

import yaml  # noqa: E402

from trainer.models import TOPICS  # noqa: E402
from trainer.text import topic_meaning as tm  # noqa: E402
from trainer.text.topics import guess_topics, rule_topic  # noqa: E402

GOLD = ROOT / "tests" / "clinical" / "topic_gold.yaml"
SHARED = ROOT.parent / "shared" / "culturecare"
SAMPLE = {"Arabic": 67, "Chinese": 67, "German": 66}  # the gold's sample: signals per culture
_TOKEN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+")


def check_words(phrase: str) -> str:
    """A phrase's first three words (a Han or kana character is a word): the gold's check."""
    return " ".join(_TOKEN.findall(phrase)[:3])


def post_signals(shared: Path, stem: str) -> list[tuple[str, int, str]]:
    """(post_id, index in post.cultural_signals, phrase) of every non-empty post signal of a file."""
    out = []
    for line in (shared / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        signals = (rec.get("post") or {}).get("cultural_signals") or []
        for i, s in enumerate(signals):
            phrase = (s.get("phrase") or "").strip() if isinstance(s, dict) else ""
            if phrase:
                out.append((str(rec["post_id"]), i, phrase))
    return out


def sample(shared: Path) -> list[dict]:
    """The gold's references by its fixed rule (see the head of topic_gold.yaml)."""
    out = []
    for culture, k in SAMPLE.items():
        pick = sorted(random.Random(f"topic-gold-{culture}").sample(post_signals(shared, f"{culture}_data"), k),
                      key=lambda x: (x[0], x[1]))
        out += [{"file": f"{culture}_data", "post": pid, "signal": i, "check": check_words(p),
                 "split": "dev" if n % 2 == 0 else "test"} for n, (pid, i, p) in enumerate(pick)]
    return out


def load_gold(shared: Path = SHARED, gold: Path = GOLD) -> list[dict]:
    """The gold items, each with its phrase read from the shared files (and checked)."""
    items = yaml.safe_load(gold.read_text(encoding="utf-8"))["items"]
    phrases = {}
    for stem in {it["file"] for it in items}:
        phrases.update({(stem, pid, i): p for pid, i, p in post_signals(shared, stem)})
    for it in items:
        phrase = phrases.get((it["file"], str(it["post"]), it["signal"]))
        if phrase is None or check_words(phrase) != it["check"]:
            raise ValueError(f"{it['file']} {it['post']} signal {it['signal']}: not the phrase the gold labelled")
        it["phrase"] = phrase
        assert set(it["topics"]) <= set(TOPICS) | {"none"}, it
    return items


def judge(items: list[dict], tags: list[str | None]) -> dict[str, Counter]:
    """Per split: n, right, wrong (a topic no clinician gave), missed (no topic where one was due)."""
    out: dict[str, Counter] = {}
    for it, tag in zip(items, tags):
        row = out.setdefault(it["split"], Counter())
        row["n"] += 1
        got = tag or "none"
        row["right" if got in it["topics"] else "missed" if got == "none" else "wrong"] += 1
    return out


def accuracy(row: Counter) -> float:
    return row["right"] / row["n"] if row["n"] else 0.0


def show(name: str, items: list[dict], tags: list[str | None]) -> None:
    for split, row in sorted(judge(items, tags).items()):
        print(f"{name:<7}{split:<5} accuracy {accuracy(row):.3f} ({row['right']}/{row['n']})  "
              f"wrong topic {row['wrong']}  no topic where one was due {row['missed']}")


def confusions(items: list[dict], tags: list[str | None], split: str) -> str:
    c = Counter((it["topics"][0], t or "none") for it, t in zip(items, tags)
                if it["split"] == split and (t or "none") not in it["topics"])
    return ", ".join(f"{g}->{t} {n}" for (g, t), n in c.most_common())


def _timed(cmd: list[str], root: Path, data_dir: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(root), "TRAINER_DATA_DIR": str(data_dir)}
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


_BATCH_FIRST = """import sys
from pathlib import Path
sys.path.insert(0, "bench")
from topic_tagging import post_signals
from trainer import dataset
from trainer.config import get_settings
from trainer.text.topics import guess_topics
shared = Path(sys.argv[1])
guess_topics([p for f in dataset.source_files(shared) for _, _, p in post_signals(shared, f.stem)])
dataset.import_dir(shared, get_settings().imported_dir)
"""


def import_time(shared: Path, before_root: Path | None) -> None:
    """Wall seconds, each in a new process: importing the package; `python -m trainer data import
    DIR` into an empty data dir (cold) and again (warm: the cache of the first run); and, for this
    checkout, a cold import after tagging every post signal in one batch (what a file-level
    batch in read_file would cost)."""
    for name, root in (("before", before_root), ("after", ROOT)):
        if root is None:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            mod = min(_timed([sys.executable, "-c", "import trainer.culturecare, trainer.scenarios"], root, data)
                      for _ in range(3))
            cold = _timed([sys.executable, "-m", "trainer", "data", "import", str(shared)], root, data)
            warm = _timed([sys.executable, "-m", "trainer", "data", "import", str(shared)], root, data)
            line = f"{name:<7}({root}): python import {mod:.2f} s; data import cold {cold:.1f} s, warm {warm:.1f} s"
            if root == ROOT:
                batch = _timed([sys.executable, "-c", _BATCH_FIRST, str(shared)], root, Path(tmp) / "data2")
                line += f"; cold with one batch first {batch:.1f} s"
            print(line)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=str(SHARED))
    ap.add_argument("--errors", choices=("dev", "test"))
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--import-time", action="store_true")
    ap.add_argument("--before-root", type=Path, help="with --import-time: a checkout of the code before (e.g. main)")
    ap.add_argument("--sample", action="store_true")
    args = ap.parse_args()
    shared = Path(args.dir)
    if args.sample:
        for it in sample(shared):
            print(it)
        return 0
    if args.import_time:
        import_time(shared, args.before_root)
        return 0
    items = load_gold(shared)
    texts = [it["phrase"] for it in items]
    before = [rule_topic(t) for t in texts]
    t0 = time.perf_counter()
    after = guess_topics(texts)
    took = time.perf_counter() - t0
    print(f"gold: {len(items)} phrases ({Counter(it['split'] for it in items)['dev']} dev); "
          f"FLOOR {tm.FLOOR}, RULE_PRIOR {tm.RULE_PRIOR}, TOP_K {tm.TOP_K}; tagged in {took:.1f} s")
    show("before", items, before)
    show("after", items, after)
    for split in ("dev", "test"):
        print(f"confusions {split} before: {confusions(items, before, split)}")
        print(f"confusions {split} after:  {confusions(items, after, split)}")
    if args.errors:
        for it, b, a in zip(items, before, after):
            if it["split"] == args.errors and (a or "none") not in it["topics"]:
                print(f"  {it['topics']} before {b or 'none'} after {a or 'none'}: {it['phrase'][:100]!r}")
    if args.grid:
        from trainer.embeddings import get_embedder
        from trainer.text.topic_meaning import TopicMeaning
        dev = [it for it in items if it["split"] == "dev"]
        for prior in (0.0, 0.05, 0.1, 0.15, 0.2):
            row = []
            for floor in (0.2, 0.225, 0.25, 0.275, 0.3):
                meaning = TopicMeaning(get_embedder("e5"), floor=floor, rule_prior=prior)
                r = judge(dev, guess_topics([it["phrase"] for it in dev], meaning))["dev"]
                row.append(f"{floor}: {accuracy(r):.3f} ({r['wrong']} wrong)")
            print(f"grid dev, rule prior {prior}: " + "  ".join(row))
    # every post signal of the shared files
    stems = sorted(p.name[:-len(".jsonl")] for p in shared.glob("*_data.jsonl"))
    every = [p for stem in stems for _, _, p in post_signals(shared, stem)]
    old, new = [rule_topic(t) for t in every], guess_topics(every)
    moves = Counter((o or "none", n or "none") for o, n in zip(old, new) if o != n)
    print(f"all post signals of {', '.join(stems)}: {len(every)}; tag changed for {sum(moves.values())}")
    print("  " + ", ".join(f"{o}->{n} {k}" for (o, n), k in moves.most_common()))
    print("  tags before: " + ", ".join(f"{t or 'none'} {k}" for t, k in Counter(old).most_common()))
    print("  tags after:  " + ", ".join(f"{t or 'none'} {k}" for t, k in Counter(new).most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
