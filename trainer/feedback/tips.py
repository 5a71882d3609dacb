"""One revision tip: the goal (what the client needs now) and an alternative reply, built
offline from the analysis and the closest strong exemplar."""
from __future__ import annotations

import re

from ..models import RetrievedExemplar, Scenario
from ..text.risk_cues import risk_kind
from ..text.sentences import shorten, split_sentences
from .analysis import DraftAnalysis
from .risk_stage import TOPIC_QUESTIONS, TOPIC_WORDS

_SWAP = [(r"\bI'm\b", "you're"), (r"\bI am\b", "you are"), (r"\bI've\b", "you've"), (r"\bI'll\b", "you'll"),
         (r"\bI'd\b", "you'd"), (r"\bI was\b", "you were"), (r"\bmyself\b", "yourself"), (r"\bmy\b", "your"),
         (r"\bmine\b", "yours"), (r"\bme\b", "you"), (r"\bI\b", "you")]
_TOPIC_QUESTION = {
    "family": "What does your family's part in this mean for you?",
    "faith": "How does your faith sit with what you're going through?",
    "community": "How do the people around you see this, and what does that mean for you?",
    "migration": "What has moving here meant for you in all this?",
    "language": "Which language do you feel most at home talking about this in?",
    "discrimination": "How has that treatment been affecting you?",
}


def second_person(phrase: str) -> str:
    out = phrase.strip().rstrip(".!")
    for pat, rep in _SWAP:
        def swap(m: re.Match[str], rep: str = rep) -> str:
            return rep.capitalize() if m.group(0)[0].isupper() and m.start() == 0 else rep
        out = re.sub(pat, swap, out, flags=re.IGNORECASE)
    return out


def tip(a: DraftAnalysis, scenario: Scenario, client_text: str, last_client_line: str,
        exemplars: list[RetrievedExemplar], first_turn: bool) -> tuple[str, str]:
    """(goal, alternative reply)."""
    intensity = {"high": 0, "moderate": 1, "light": 2}
    distress = sorted((c for c in a.coverage if c.kind == "distress"), key=lambda c: (c.engaged, intensity.get(c.label, 3)))
    risky = [x for x in split_sentences(client_text) if risk_kind(x)] if a.risk_applicable else []
    cue = next((c.phrase for c in a.coverage if c.kind == "risk"), None) or (risky[-1] if risky else None) or \
        (distress[0].phrase if distress else None) or last_client_line
    said = second_person(shorten(cue, 110)).rstrip("…").strip()
    echo = f"When you say {said[:1].lower() + said[1:]}, I can hear how much this weighs on you."
    missed = next((c for c in a.coverage if c.kind == "cultural" and not c.engaged), None)
    topic = next((s.topic for s in scenario.cultural_signals if missed and s.phrase == missed.phrase), None)
    risk = a.risk_state
    asked = risk.stage in ("asked", "answered", "explored") and not risk.closed
    if a.risk_applicable and not asked and not a.risk.asks:
        goal = "Safety first: the client gave a risk cue. Name it and ask directly and kindly about suicide or self-harm."
        question = "I want to ask you directly: are you having thoughts of ending your life?"
    elif asked and not risk.settled and not a.risk.explores and risk.missing():
        nxt = risk.missing()[0]
        goal = f"Stay with the client's answer about suicide, then ask about {TOPIC_WORDS[nxt]}."
        echo = "Thank you for telling me that - I know it isn't easy to say."
        question = TOPIC_QUESTIONS[nxt]
    elif a.minimising or a.imposing or a.stereotyping or a.risk.undoes:
        goal = "Stay with what the client feels, in their terms, before reassurance or solutions."
        question = "What has this been like for you?"
    elif a.early_advice:
        goal = "Hold the advice: first show the client you understood what this means to them."
        question = "What feels hardest about it right now?"
    elif not a.reflections:
        goal = "Reflect the feeling under the client's words before moving on."
        question = "Can you tell me more about that?"
    elif missed and topic in _TOPIC_QUESTION:
        goal = f"Ask about what the client's {topic} means to them: they raised it and the draft passed it by."
        question = _TOPIC_QUESTION[topic]
    elif not (a.open_questions or a.meaning):
        goal = "Invite the client to say more with an open question about what this means to them."
        question = "What does this mean for you?"
    else:
        goal = "Keep going: the draft listens well. Next, explore what the client's world makes possible."
        question = "What would help look like, in a way that fits you and your family?"
    own = next((e for e in exemplars if e.role == "model" and e.grade == "strong"
                and e.provenance == "this_scenario"), None)
    if own and first_turn and goal.startswith(("Reflect", "Hold", "Stay", "Invite")):
        return goal, own.text  # written for exactly this moment
    return goal, f"{echo} {question}"
