"""How a trainee's draft responds to risk: asks about suicide or self-harm, plans for safety, dismisses."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import any_of, any_word

# A direct, caring question about suicide or self-harm (the skill the risk criterion scores).
_ASKS = re.compile(
    r"\b" + any_of([
        r"suicid\w*", "kill(ing)? yourself", "end(ing)? your (own )?life", "take your (own )?life",
        "(hurt|harm|cut)(ing)? (yourself|themselves|themself)", "cutting", r"self[- ]?harm\w*",
        "(wish|want)(ing)? to (die|be dead|not be here|disappear)",
        "thoughts? (of|about) (dying|death|not (being|wanting to be) (here|alive))",
        "not (want|wanting) to (live|be alive|be here)", "better off (dead|without you)",
        r"(umbringen|suizid\w*|selbstmord\w*|das leben (zu )?nehmen|dich (zu )?verletzen|ritzt)", "انتحار",
        "تؤذي نفسك", "להתאבד", "לפגוע בעצמך", "自杀", "伤害自己"
    ]),
    re.IGNORECASE)
_SAFETY = re.compile(
    any_word([
        "safe (right now|tonight|at the moment|today)", "keep (yourself )?safe", "safety plan", r"a plan\b",
        "how (would|might) you", "the means", "access to", "(pills|medication|weapon|gun|pistol|razor|bridge)",
        "someone (who )?(can|could) (be|stay) with you", "who (can|could) (be|stay) with you",
        "crisis (line|team|service)", "emergency", "988", "116 ?123", "111", "112", "911", "999", "samaritans",
        "telefonseelsorge", "hotline", "helpline", "a&e", "emergency room", r"er\b", "go to (the )?hospital",
        "sicher"
    ]),
    re.IGNORECASE)
_CONCERN = re.compile(
    "|".join([
        r"\b(worried|concerned|scared) (about|for) you",
        "that sounds (really |very )?(serious|worrying|concerning)",
        "i('?m| am) (really )?(worried|concerned)", "i want to (make sure|check)", r"mache mir sorgen\b"
    ]), re.IGNORECASE)
_DISMISS_RISK = re.compile(
    any_word([
        "you don'?t (really )?mean (that|it)", "don'?t (say|talk like) (that|this)", "don'?t think like that",
        "that'?s (a )?(selfish|silly|crazy)", "think (of|about) (your|how) (family|parents|kids|children)",
        "suicide is (a sin|haram|selfish)",
        r"i'?m sure (your \w+|they|he|she) (would(n'?t)?|could(n'?t)?) (manage|cope|be fine)",
        "you have so much to live for", "so much to live for"
    ]), re.IGNORECASE)


@dataclass(frozen=True)
class SafetyResponse:
    """How a draft responds to a risk cue; every field holds the draft's words that show it."""
    asks: list[str] = field(default_factory=list)            # a direct question about suicide or self-harm
    asks_sentences: list[str] = field(default_factory=list)  # the sentences that ask it
    safety: list[str] = field(default_factory=list)          # safety planning, once it asks
    concern: list[str] = field(default_factory=list)         # worry, without asking
    dismisses: list[str] = field(default_factory=list)       # arguing with or dismissing the cue


def _is_question(sentences: list[str], i: int) -> bool:
    return i < len(sentences) and ("?" in sentences[i] or "？" in sentences[i]
                                   or bool(re.search(r"\b(ask|wonder|fragen)\b", sentences[i], re.I)))


def safety_response(draft: str, sentences: list[str]) -> SafetyResponse:
    """How a draft responds to a risk cue: asks directly, plans for safety, only worries, dismisses."""
    asks = [(s, m.group(0)) for i, s in enumerate(sentences)
            if (m := _ASKS.search(s)) and (_is_question(sentences, i) or _is_question(sentences, i + 1))]
    return SafetyResponse(
        asks=[words for _, words in asks],
        asks_sentences=[s for s, _ in asks],
        safety=[m.group(0) for m in _SAFETY.finditer(draft)] if asks else [],
        concern=[m.group(0) for m in _CONCERN.finditer(draft)],
        dismisses=[m.group(0) for m in _DISMISS_RISK.finditer(draft)],
    )
