"""What a pathological draft costs against an ordinary one (issue 13: at most ~3x). Run by hand:
    .venv/bin/python bench/pathological.py
Prints the CPU time (all threads) of offline feedback per draft, warm, and its ratio to an
ordinary 4,000-character English reply. The first Arabic, Hebrew or Chinese draft of a process
also embeds the harm-by-meaning prototypes (kept on disk after the first run)."""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's trainer

from trainer.services import build_services  # noqa: E402

POOL = ["That sounds exhausting, caring for your mother every day while working full time.",
        "I can hear how much you love her, and how tired you are.",
        "What is it like for you when she shouts at you in the evening?",
        "You said the Pflegedienst comes only twice a week.",
        "It makes sense that you feel torn between your job and her care.",
        "Who else in the family knows how hard this has become?",
        "Sometimes people in your situation feel guilty for wanting a break.",
        "I wonder what a good day would look like for you right now."]


LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
GEORGIAN = "".join(chr(c) for c in range(0x10D0, 0x10F0))


def _random(rng: random.Random, n: int, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def main() -> int:
    svc = build_services()
    engine, scenario = svc.feedback, svc.library.get("de-pflege-mutter-ostsee")
    rng = random.Random(1)
    ordinary = " ".join(f"{rng.choice(POOL)[:-1]}, point {i}." for i in range(60))[:4000]
    cases = {"ordinary 4,000 chars": ordinary, "'[' x 4,000": "[" * 4000, "'.' x 4,000": "." * 4000,
             "one 4,000-char sentence": ("word " * 800)[:4000], "'a[b](' x 800": "a[b](" * 800,
             "emoji x 2,000": "\U0001F600" * 2000, "Chinese, no punctuation": "我" * 4000,
             "2,000 lines": "a\n" * 2000, "URLs": ("http://x.y/" + "a" * 50 + " ") * 60,
             "1,000 lines of 3 random letters": "\n".join(_random(rng, 3, LATIN) for _ in range(1000)),
             "8 lines of 499 random letters": "\n".join(_random(rng, 499, LATIN) for _ in range(8)),
             "8 lines of 499 Georgian letters": "\n".join(_random(rng, 499, GEORGIAN) for _ in range(8))}
    engine.review("That sounds exhausting.", scenario, [scenario.opening_line], use_llm=False)  # warm
    base = None
    for name, text in cases.items():
        t = time.process_time()
        fb = engine.review(text[:4000], scenario, [scenario.opening_line], use_llm=False)
        ms = (time.process_time() - t) * 1000
        base = base or ms
        print(f"{name:<26} {len(text[:4000]):>5} chars  cpu {ms:7.0f} ms  x{ms / base:4.1f}  ok={fb.ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
