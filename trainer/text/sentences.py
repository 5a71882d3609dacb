"""Split text into sentences, for Latin, Arabic, Hebrew and CJK punctuation."""
from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[.!?…؟。！？])[\"'”’)\]]*\s+|(?<=[。！？؟])|\n+")
_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|vs|mr|mrs|ms|dr|z\.b|bzw|usw|ca|st)\.$", re.I)


def shorten(text: str, n: int) -> str:
    """text on one line, cut at a word boundary to at most n characters (with …)."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        if out and (_ABBREV.search(out[-1]) or len(out[-1]) < 3):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out
