"""Rules for risk language: cues of self-harm or suicide, in several languages."""
from __future__ import annotations

import re

from .models import RiskKind

# Ordered: the first kind that matches wins (self-harm and active before passive).
_CUES: list[tuple[RiskKind, str]] = [
    ("self_harm", r"\b(self[- ]?harm\w*|cut(ting)? (myself|my (arms?|wrists?|legs?))|hurt(ing)? myself|"
                  r"burn(ing)? myself|ritzen|ritze mich|selbstverletz\w*)\b|أؤذي نفسي|جرح نفسي|פוגע(ת)? בעצמי|自残|割腕"),
    ("active_suicidal_ideation",
     r"\b(kill(ing)? myself|suicid\w*|end(ing)? my (own )?life|take my (own )?life|"
     r"plan(ned|ning)? to die|overdose|jump(ing)? off|hang(ing)? myself|"
     r"(mich )?umbringen|selbstmord\w*|suizid\w*|mir das leben nehmen)\b|"
     r"انتحار|أنتحر|انتحر|أقتل نفسي|התאבד\w*|להתאבד|自杀|轻生|结束(我的)?生命"),
    ("passive_suicidal_ideation",
     r"\b(want(ed)? to die|wish(ed)? (i was|i were|to be) dead|better off dead|"
     r"(don'?t|do not) want to (live|be alive|exist|be here)|no reason to live|"
     r"not wake up|never wake up|wish i (could )?(disappear|wasn'?t here|had never been born)|"
     r"(would|will) be better off without me|end it all|"
     r"nicht mehr leben|will sterben|möchte sterben|tot sein|"
     r"lebensmüde)\b|أتمنى الموت|أريد أن أموت|نفسي أموت|בא לי למות|רוצה למות|想死|不想活"),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _CUES]


def risk_kind(text: str) -> RiskKind | None:
    """The kind of risk a client's words signal, or None."""
    for kind, rx in _COMPILED:
        if rx.search(text):
            return kind
    return None
