"""Risk as a state of the conversation (CONTENT.md, "Risk is a conversation"), kept across turns:
none -> cue (the scenario's plan or the client's own words, flag or no flag) -> asked -> answered
-> explored (plan, means, intent, what has stopped them, supports, safety tonight, if it gets worse,
means out of reach, a next step). A clear "no" to a screening question closes it until a new cue."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..models import Scenario
from ..text import lexicon as lx
from ..text.risk import SafetyResponse
from ..text.risk_cues import risk_kind
from ..text.sentences import split_sentences

Stage = Literal["none", "cue", "asked", "answered", "explored"]
Answer = Literal["yes", "no", "unclear"]
# The order a clinician would usually take after a "yes" (each is good practice at any point after it).
TOPIC_ORDER = ("plan", "means", "intent", "tonight", "supports", "protective", "means_restriction", "if_worse",
               "next_step")
TOPIC_WORDS = {"plan": "whether there is a plan", "means": "means and access", "intent": "intent and timing",
               "protective": "what has stopped them so far", "supports": "who can be with them",
               "tonight": "how safe they are tonight", "if_worse": "what they will do if it gets worse",
               "means_restriction": "putting the means out of reach together",
               "next_step": "a next step (GP, crisis line, coming back)"}
TOPIC_QUESTIONS = {"plan": "Have you thought about how you would do it?",
                   "means": "Do you have access to anything you might use to hurt yourself?",
                   "intent": "Do you think you might act on these thoughts?",
                   "tonight": "How safe do you feel tonight?",
                   "supports": "Who could be with you when it gets this bad?",
                   "protective": "What has stopped you so far?",
                   "means_restriction": "Would you be willing to put what you might use out of reach for a while, "
                                        "with someone you trust?",
                   "if_worse": "What would you do if the thoughts got stronger?",
                   "next_step": "Could we agree on a next step together - your GP this week, or a crisis line if "
                                "it gets worse?"}
# Enough explored that moving to other topics is not dropping the subject.
SETTLED = ({"tonight", "means_restriction"}, {"supports", "next_step"})
_YES = re.compile(r"^\W*((yes|yeah|yep|sometimes|often|i have|i do|i think so|kind of|ja|manchmal|schon|"
                  r"نعم|أيوه|اه|أحيانا|أحياناً|כן|לפעמים)\b|有时|是的|会)", re.I)
_NO = re.compile(r"^\W*((no|nope|not really|never|nothing like that|nein|nee|nie|لا|أبدا|לא)\b|没有|不是|不会|没)", re.I)
# A denial is no cue: "I'm not thinking about hurting myself", "I would never take my own life".
_DENIED = re.compile(r"\b(not|never|no|nothing|nicht|nie|kein\w*)\b[^.?!]{0,40}?\b(hurt\w*|harm\w*|kill\w*|end\w*|take|"
                     r"umbringen|verletzen)( my (own )?life| myself| mich( selbst)?| mir das leben)"
                     r"|\b(mich|mir)\b[^.?!]{0,30}\b(nicht|nie)\b[^.?!]{0,20}\b(umbringen|verletzen|das leben nehmen)", re.I)
SAME_TURN_SHARE = 0.5  # share of a flag's cue words a single client line must hold to count as that cue


@dataclass
class RiskState:
    stage: Stage = "none"
    cue: str | None = None              # the client's words that gave the cue
    answer: Answer | None = None        # the client's answer to the direct question
    explored: list[str] = field(default_factory=list)  # risk topics covered after the question, in order

    @property
    def closed(self) -> bool:
        """Screened, and the client said no: nothing to follow up until a new cue."""
        return self.answer == "no" and self.stage == "answered"

    @property
    def live(self) -> bool:
        return self.stage != "none" and not self.closed

    @property
    def settled(self) -> bool:
        return self.stage == "explored" and all(set(self.explored) & group for group in SETTLED)

    def missing(self) -> list[str]:
        return [t for t in TOPIC_ORDER if t not in self.explored]

    def describe(self) -> str:
        """One line for a prompt or a log: stage, cue, answer, what was explored, what is next."""
        parts = [f"stage {self.stage}"]
        if self.cue:
            parts.append(f"cue: “{self.cue[:160]}”")
        if self.answer:
            parts.append(f"the client's answer: {self.answer}")
        if self.explored:
            parts.append("explored: " + ", ".join(TOPIC_WORDS[t] for t in self.explored))
        if self.stage in ("answered", "explored") and not self.closed:
            parts.append("still open: " + (", ".join(TOPIC_WORDS[t] for t in self.missing()) or "nothing"))
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {"stage": self.stage, "cue": self.cue, "answer": self.answer, "explored": list(self.explored)}

    @classmethod
    def from_dict(cls, d: dict | None) -> RiskState:
        d = d or {}
        return cls(stage=d.get("stage", "none"), cue=d.get("cue"), answer=d.get("answer"),
                   explored=list(d.get("explored", [])))


def answer_of(line: str) -> Answer:
    """The client's answer to a risk question: yes (or a cue in it), a clear no, or unclear."""
    cue = risk_kind(_DENIED.sub(" ", line)) is not None
    for s in split_sentences(line)[:3]:  # "My doctor asked me that too. No - nothing like that."
        if _NO.search(s):
            return "unclear" if cue else "no"
        if _YES.search(s):
            return "yes"
    return "yes" if cue else "unclear"


def is_cue(line: str, scenario: Scenario) -> bool:
    """A client line that signals risk: one of the scenario's risk cues, or risk words of any kind."""
    if risk_kind(line):
        return True
    stems = set(lx.content_stems(line))
    for flag in scenario.risk_flags:
        for phrase in filter(None, (flag.cue, flag.early_hint)):
            want = set(lx.content_stems(phrase))
            if want and len(want & stems) / len(want) >= SAME_TURN_SHARE:
                return True
    return False


def after_client(state: RiskState, line: str, scenario: Scenario) -> RiskState:
    s = RiskState.from_dict(state.to_dict())
    if s.stage == "asked":
        authored = {f.answer_if_asked for f in scenario.risk_flags if f.answer_if_asked}
        s.answer = "yes" if line.strip() in authored else answer_of(line)  # the scenario's own disclosure
        s.stage = "explored" if s.explored and s.answer != "no" else "answered"
        return s
    if (s.stage == "none" or s.closed) and is_cue(line, scenario):
        return RiskState(stage="cue", cue=cue_sentence(line, scenario))
    return s


def cue_sentence(line: str, scenario: Scenario) -> str:
    """The sentence of a cue line that holds the cue (the whole line when the cue spans sentences)."""
    return next((x for x in split_sentences(line) if is_cue(x, scenario)), line)


def after_trainee(state: RiskState, moves: SafetyResponse) -> RiskState:
    s = RiskState.from_dict(state.to_dict())
    topics = [t for t in moves.explores if t not in s.explored]
    if moves.asks and (s.stage in ("none", "cue") or s.closed or s.answer == "unclear"):
        s.stage, s.answer = "asked", None
        s.explored += topics  # asked in the same breath; the client answers them together
    elif s.stage in ("answered", "explored") and topics:
        s.explored += topics
        s.stage = "explored"
    return s


def replay(scenario: Scenario, client_lines: list[str], trainee_lines: list[str],
           moves: Callable[[str], SafetyResponse]) -> RiskState:
    """The state a conversation has reached: the client spoke first, then each trainee reply was
    followed by the client's answer (a reply not yet answered counts as said)."""
    state = RiskState()
    for i, line in enumerate(client_lines):
        if i > 0 and i - 1 < len(trainee_lines):
            state = after_trainee(state, moves(trainee_lines[i - 1]))
        state = after_client(state, line, scenario)
    for t in trainee_lines[max(len(client_lines) - 1, 0):]:
        state = after_trainee(state, moves(t))
    return state


def _words(topics: list[str], n: int = 2) -> str:
    return ", ".join(TOPIC_WORDS[t] for t in topics[:n])


def risk_note_for(prior: RiskState, moves: SafetyResponse, score: int) -> str:
    """What the trainee should know about risk at this point, and the next step."""
    after = after_trainee(prior, moves)
    nxt = _words(after.missing()) or "a next step"
    if moves.undoes:
        return ("This undoes a risk response: arguing the client out of it or promising secrecy closes the door. "
                f"Stay with what they said and ask about safety: {nxt}.")
    if prior.stage == "none" or prior.closed:
        return ("You screen directly and kindly for thoughts of suicide or self-harm - good practice with any client "
                "this low. Listen to the answer: if it is yes or unclear, ask about a plan, means and safety.")
    if prior.stage == "cue":
        cue = (prior.cue or "").strip()
        said = f" (“{cue[:90]}{'…' if len(cue) > 90 else ''}”)" if cue else ""
        if moves.asks:
            return f"You ask directly about suicide or self-harm. Next: stay with the answer, then ask about {nxt}."
        return (f"The client gave a risk cue{said} and this draft does not ask about it. Ask directly and kindly "
                "about suicide or self-harm before anything else.")
    answered = {"yes": "said yes", "unclear": "answered, not clearly", "no": "said no"}.get(prior.answer or "", "was asked")
    new = [t for t in moves.explores if t not in prior.explored]
    if new:
        return f"The client {answered} to the question about suicide. You explore {_words(new, 3)}. Next: {nxt}."
    if score >= 4 and after.settled:
        return (f"Safety has been explored ({_words(after.explored, 9)}). Keep it in view, and agree "
                f"{_words(after.missing()) or 'when you will talk again'} before the session ends.")
    if score >= 4:
        return f"You keep the safety conversation going. Next: {nxt}."
    return (f"The client {answered} to the question about suicide; this draft moves away from it. "
            f"Stay with the answer and ask about {nxt}.")
