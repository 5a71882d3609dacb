"""One revision tip: the goal (what the client needs now, from this turn's weakest point) and an
alternative reply, built offline. Tips vary across a session (never the same one twice in a row),
speak the client's language (English or German) or plain English, are whole sentences, never drop
the trainee's own risk question, and never steer towards solutions before the client feels heard."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import RetrievedExemplar, Scenario, Score
from ..text import lexicon as lx
from ..text.language import detect_language
from ..text.risk import safety_response
from ..text.risk_cues import risk_kind
from ..text.sentences import split_sentences
from .analysis import DraftAnalysis
from .risk_stage import TOPIC_QUESTIONS, TOPIC_WORDS


@dataclass(frozen=True)
class Tip:
    key: str     # what the tip is about; the next tip must differ
    goal: str
    reply: str


# key -> (English question, German question (du), German question (Sie))
_QUESTIONS: dict[str, tuple[str, str, str]] = {
    "risk_ask": ("I want to ask you directly: are you having thoughts of ending your life?",
                 "Ich möchte dich direkt fragen: Hast du Gedanken, dir das Leben zu nehmen?",
                 "Ich möchte Sie direkt fragen: Haben Sie Gedanken, sich das Leben zu nehmen?"),
    "risk_ask_again": ("Can I ask you plainly, because it matters: do you sometimes think about killing yourself?",
                       "Darf ich ganz offen fragen, weil es wichtig ist: Denkst du manchmal daran, dich umzubringen?",
                       "Darf ich ganz offen fragen, weil es wichtig ist: Denken Sie manchmal daran, sich umzubringen?"),
    "reflect": ("What has this been like for you?", "Wie ist das für dich?", "Wie ist das für Sie?"),
    "invite": ("Can you tell me more about what that's been like?", "Magst du mir mehr davon erzählen?",
               "Mögen Sie mir mehr davon erzählen?"),
    "hold_advice": ("What feels hardest about it right now?", "Was ist daran gerade am schwersten für dich?",
                    "Was ist daran gerade am schwersten für Sie?"),
    "meaning": ("What does this mean for you?", "Was bedeutet das für dich?", "Was bedeutet das für Sie?"),
    "forces": ("How much of this feels like it comes from outside you - the rules, the people around you?",
               "Wie viel davon kommt von außen - von Regeln, von den Leuten um dich herum?",
               "Wie viel davon kommt von außen - von Regeln, von den Leuten um Sie herum?"),
    "harm": ("What has this been like for you?", "Wie geht es dir damit?", "Wie geht es Ihnen damit?"),
}
_TOPIC_QUESTION: dict[str, tuple[str, str, str]] = {
    "family": ("What does your family's part in this mean for you?", "Was bedeutet deine Familie für dich dabei?",
               "Was bedeutet Ihre Familie für Sie dabei?"),
    "faith": ("How does your faith sit with what you're going through?",
              "Wie passt dein Glaube zu dem, was du gerade erlebst?", "Wie passt Ihr Glaube zu dem, was Sie gerade erleben?"),
    "community": ("How do the people around you see this, and what does that mean for you?",
                  "Wie sehen die Leute um dich herum das, und was macht das mit dir?",
                  "Wie sehen die Leute um Sie herum das, und was macht das mit Ihnen?"),
    "migration": ("What has moving here meant for you in all this?", "Was hat der Umzug hierher für dich bedeutet?",
                  "Was hat der Umzug hierher für Sie bedeutet?"),
    "discrimination": ("How has that treatment been affecting you?", "Wie geht es dir mit dieser Behandlung?",
                       "Wie geht es Ihnen mit dieser Behandlung?"),
}
_ECHO = ("“{p}” - that sounds like a lot to carry.", "„{p}“ - das klingt nach ganz schön viel.",
         "„{p}“ - das klingt nach ganz schön viel.")
_THANKS = ("Thank you for telling me that - I know it isn't easy to say.",
           "Danke, dass du mir das sagst - ich weiß, das ist nicht leicht.",
           "Danke, dass Sie mir das sagen - ich weiß, das ist nicht leicht.")
_DU = re.compile(r"\b(du|dir|dich|dein\w*)\b", re.I)


def _register(a: DraftAnalysis, client_lang: str) -> int:
    """0 English, 1 German du, 2 German Sie (the trainee's own choice of address; Sie by default)."""
    if client_lang != "de":
        return 0
    return 1 if _DU.search(a.draft) else 2


def _phrase(line: str) -> str:
    """A short piece of the client's own words to quote back (a clause of at most eight words)."""
    clauses = [c.strip(" .,;:!?-–…\"“”„") for c in re.split(r"[,;:.!?–—-]", line) if c.strip()]
    clauses = [c for c in clauses if len(c.split()) >= 3] or clauses or [line]
    best = max(clauses, key=lambda c: (bool(lx.FEELINGS.search(c)), -abs(len(c.split()) - 6)))
    return " ".join(best.split()[:8])


def _cue_line(a: DraftAnalysis, client_lines: list[str]) -> str:
    if a.risk_applicable:
        risky = [s for line in client_lines for s in split_sentences(line) if risk_kind(s)]
        if risky:
            return risky[-1]
    distress = [c.phrase for c in a.coverage if c.kind == "distress" and not c.engaged]
    return distress[0] if distress else (client_lines[-1] if client_lines else "")


def _candidates(a: DraftAnalysis, scores: list[Score], scenario: Scenario) -> list[tuple[str, str]]:
    """(key, goal), most needed first."""
    out: list[tuple[str, str]] = []
    risk = a.risk_state
    asked = risk.stage in ("asked", "answered", "explored") and not risk.closed
    for h in a.harms:
        out.append((f"harm:{h.kind}", f"Take out what does harm - it {h.label}: “{h.evidence[0]}”. Stay with what the "
                                      "client feels, in their own terms."))
    if a.risk_applicable and not asked and not a.risk.asks:
        out.append(("risk_ask", "Safety first: the client gave a risk cue. Name it and ask directly and kindly about "
                                "suicide or self-harm."))
        out.append(("risk_ask_again", "The risk cue is still open: asking plainly does not plant the idea, and it "
                                      "tells the client they can talk about it."))
    elif asked and not risk.settled and not a.risk.explores and risk.missing():
        nxt = risk.missing()[0]
        out.append((f"risk_explore:{nxt}", f"Stay with the client's answer about suicide, then ask about "
                                           f"{TOPIC_WORDS[nxt]}."))
    by = {s.criterion: s.score for s in scores}
    missed = next((c for c in a.coverage if c.kind == "cultural" and not c.engaged), None)
    topic = next((s.topic for s in scenario.cultural_signals if missed and s.phrase == missed.phrase), None)
    weakest = sorted((s for s in scores if s.criterion != "risk_assessment"), key=lambda s: s.score)
    for s in weakest:
        if s.score >= 4:
            break
        if s.criterion == "empathy":
            out.append(("reflect", "Reflect the feeling under the client's words before anything else."))
        elif s.criterion == "helpfulness" and (a.early_advice or (a.suggestions and a.first_turn)):
            out.append(("hold_advice", "Hold the advice: first show the client you understood what this means to them."))
        elif s.criterion == "helpfulness":
            out.append(("invite", "Invite the client to say more with an open question."))
        elif s.criterion in ("cultural_context", "cultural_knowledge") and topic in _TOPIC_QUESTION:
            out.append((f"topic:{topic}", f"Ask what the client's {topic} means to them: they raised it and the draft "
                                          "passed it by."))
        elif s.criterion in ("cultural_context", "cultural_knowledge"):
            out.append(("meaning", "Ask what the situation means to this client, in their world, instead of assuming."))
        elif s.criterion == "sociopolitical" and a.client_forces:
            out.append(("forces", "Name the pressure around the client that they described, not only their feelings."))
        elif s.criterion in ("communication", "fluency"):
            out.append(("reflect", "Open by picking up the client's own words, so the reply could only be to them."))
    if by and min(by.values()) >= 4 and not out:
        out.append(("strong", "This draft gives the client what they need now. Send it as it is."))
    if not out:
        out.append(("meaning", "Invite the client to say what this means for them before moving on."))
    return list(dict.fromkeys(out))


def tip(a: DraftAnalysis, scores: list[Score], scenario: Scenario, client_lines: list[str],
        exemplars: list[RetrievedExemplar], previous: str | None = None) -> Tip:
    """The tip for this draft; `previous` is the key of the tip shown for the draft before it."""
    cands = _candidates(a, scores, scenario)
    key, goal = next(((k, g) for k, g in cands if k != previous), cands[0])
    client_lang = detect_language(client_lines[-1]) if client_lines else None
    reg = _register(a, client_lang or "en")
    if key == "strong":
        return Tip(key, goal, a.draft)
    keep = list(dict.fromkeys(a.risk.asks + [s for v in a.risk.explores.values() for s in v]))  # never drop these
    if key.startswith("risk_explore:"):
        lead, question = _THANKS[reg], TOPIC_QUESTIONS[key.split(":", 1)[1]]
        if reg:  # the topic questions are English: say so rather than mix languages
            goal += " (The question below is in English: put it in the client's words.)"
    else:
        qs = _TOPIC_QUESTION.get(key.split(":", 1)[1]) if key.startswith("topic:") else None
        question = (qs or _QUESTIONS.get(key.split(":", 1)[0]) or _QUESTIONS["meaning"])[reg]
        line = _cue_line(a, client_lines)
        same_language = (detect_language(line) or "en") == ("de" if reg else "en")
        lead = _ECHO[reg].format(p=_phrase(line)) if line and same_language else ""
    own = next((e for e in exemplars if e.role == "model" and e.grade == "strong" and e.provenance == "this_scenario"),
               None)
    if own and a.first_turn and reg == 0 and key in ("reflect", "hold_advice", "invite", "meaning") and \
            (not keep or safety_response(own.text, split_sentences(own.text)).asks):
        return Tip(key, goal, own.text)  # written for exactly this moment, and it keeps any risk question
    parts = [lead] + [s for s in keep if s not in (lead, question)] + ([] if keep and key.startswith("risk") else
                                                                        [question])
    return Tip(key, goal, " ".join(p for p in parts if p).strip())
