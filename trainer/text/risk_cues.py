"""Risk cues in a client's words: signs of self-harm or suicide, in several languages."""
from __future__ import annotations

import re

from ..models import RiskKind
from .patterns import any_of, any_word

# Ordered: the first kind that matches wins (self-harm and active before passive).
_CUES: list[tuple[RiskKind, str]] = [
    ("self_harm", "|".join([
                      any_word([
                          r"self[- ]?harm\w*", "cut(ting)? (myself|my (arms?|wrists?|legs?))",
                          "hurt(ing)? myself", "burn(ing)? myself", "ritzen", "ritze mich",
                          r"selbstverletz\w*"
                      ]),
                      "أؤذي نفسي", "جرح نفسي", "פוגע(ת)? בעצמי", "自残", "割腕"
                  ])),
    ("active_suicidal_ideation",
     "|".join([
         any_word([
             "kill(ing)? myself", r"suicid\w*", "end(ing)? my (own )?life", "take my (own )?life",
             "plan(ned|ning)? to die", "overdose", "jump(ing)? off", "hang(ing)? myself", "(mich )?umbringen",
             r"selbstmord\w*", r"suizid\w*", "mir das leben nehmen"
         ]),
         "انتحار", "أنتحر", "انتحر", "أقتل نفسي", r"התאבד\w*", "להתאבד", "自杀", "轻生", "结束(我的)?生命"
     ])),
    ("passive_suicidal_ideation",
     "|".join([
         any_word([
             "want(ed)? to die", "wish(ed)? (i was|i were|to be) dead", "better off dead",
             "(don'?t|do not) want to (live|be alive|exist|be here)", "no reason to live", "not wake up",
             "never wake up", "wish i (could )?(disappear|wasn'?t here|had never been born)",
             "(would|will) be better off without me", "end it all",
             "(simpler|easier|better) (for everyone )?if i (just )?" + any_of([
                 "disappeared", "wasn'?t (here|there|around)", "weren'?t (here|there|around)",
                 "hadn'?t come back", "didn'?t wake up"
             ]),
             "(manage|be) (fine|better) without me", "(wish|want) i didn'?t (have to )?wake up",
             "nicht mehr leben", "will sterben", "möchte sterben", "tot sein", "lebensmüde"
         ]),
         "أتمنى الموت", "أريد أن أموت", "نفسي أموت", "בא לי למות", "רוצה למות", "想死", "不想活"
     ])),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _CUES]


def risk_kind(text: str) -> RiskKind | None:
    """The kind of risk a client's words signal, or None."""
    for kind, rx in _COMPILED:
        if rx.search(text):
            return kind
    return None
