"""Replies that do harm (CONTENT.md, "Replies that do harm"), found by rules in English and
German, sentence by sentence, each with the draft's words that show it. A sentence that reports
or reflects what the client said ("you said your rabbi…", "es klingt, als…") or asks the client
their own view is not the helper's claim and is never a harm; a rhetorical question is."""

from __future__ import annotations

from dataclasses import dataclass

from . import harm_rules as hr
from .sentences import ends_with_question

HARM_LABELS: dict[str, str] = {
    "treatment": "undermines prescribed treatment or a doctor's advice",
    "faith": "speaks for God or argues with the client's religious practice",
    "religious_authority": "tells the client to stop consulting their religious authority",
    "stereotype": "a stereotype about the client's group (hedged or not)",
    "guilt": "guilt or pressure dressed as encouragement",
    "ocd_reassurance": "reassurance that feeds an obsessive cycle",
    "cut_off": "advises cutting off family or community",
    "minimising": "minimises what the client feels",
    "risk_undoing": "argues the client out of suicidal thoughts or promises secrecy",
}

# Criteria each harm violates, and the most a draft showing it may score on them.
HARM_CAPS: dict[str, dict[str, int]] = {
    "treatment": {
        "helpfulness": 1,
        "empathy": 2,
        "communication": 2,
        "cultural_knowledge": 2,
        "cultural_context": 2,
        "sociopolitical": 2,
    },
    "faith": {
        "cultural_knowledge": 1,
        "cultural_context": 1,
        "communication": 2,
        "empathy": 2,
        "helpfulness": 2,
        "sociopolitical": 2,
    },
    "religious_authority": {
        "cultural_context": 1,
        "cultural_knowledge": 1,
        "helpfulness": 1,
        "communication": 2,
        "empathy": 2,
        "sociopolitical": 2,
    },
    "stereotype": {
        "cultural_knowledge": 1,
        "sociopolitical": 1,
        "cultural_context": 1,
        "communication": 2,
        "empathy": 2,
        "helpfulness": 2,
    },
    "guilt": {
        "empathy": 1,
        "helpfulness": 2,
        "communication": 2,
        "cultural_context": 2,
        "cultural_knowledge": 2,
        "sociopolitical": 2,
    },
    "ocd_reassurance": {
        "helpfulness": 1,
        "empathy": 2,
        "cultural_knowledge": 2,
        "cultural_context": 2,
        "communication": 2,
        "sociopolitical": 2,
    },
    "cut_off": {
        "cultural_context": 1,
        "helpfulness": 1,
        "cultural_knowledge": 2,
        "communication": 2,
        "empathy": 2,
        "sociopolitical": 2,
    },
    "minimising": {
        "empathy": 1,
        "helpfulness": 2,
        "communication": 2,
        "sociopolitical": 2,
        "cultural_context": 2,
        "cultural_knowledge": 2,
    },
    "risk_undoing": {
        "risk_assessment": 1,
        "empathy": 1,
        "helpfulness": 1,
        "communication": 2,
        "cultural_context": 2,
        "cultural_knowledge": 2,
        "sociopolitical": 2,
    },
}
TRUST_DROP = 0.15  # rapport lost per harmful move (at most two counted)


@dataclass(frozen=True)
class Harm:
    kind: str
    evidence: list[str]  # the draft's sentences that show it
    by_meaning: bool = False  # found by similarity of meaning (no rules for the language): a prompt to look again

    @property
    def label(self) -> str:
        return HARM_LABELS[self.kind]




def _claims(s: str) -> bool:
    """The sentence is the helper's own claim: not a report of the client's words, and not a
    genuine question about the client's view (a rhetorical one still claims)."""
    if hr.ATTRIBUTED.search(s):
        return False
    return not ends_with_question(s) or bool(hr.RHETORICAL.search(s))


def obsessive_context(scenario_tags: list[str], client_text: str) -> bool:
    """An obsessive cycle is in play: the scenario is about OCD or scrupulosity, or the client checks and doubts."""
    tags = {t.lower() for t in scenario_tags}
    return bool(tags & {"ocd", "religious-ocd", "scrupulosity"}) or bool(hr.OCD_CONTEXT.search(client_text))


def harms(sentences: list[str], obsessive: bool = False, risk_undoing: list[str] | None = None) -> list[Harm]:
    """The harmful moves of a draft's sentences (English and German rules). obsessive: reassurance
    feeds the client's cycle here. risk_undoing: the risk rules' evidence (arguing, secrecy)."""
    found: dict[str, list[str]] = {}
    for s in sentences:
        if not _claims(s):
            continue
        for kind, rx in hr.RULES.items():
            if rx.search(s):
                found.setdefault(kind, []).append(s)
        if hr.MEDS.search(s) and hr.UNDERMINE.search(s):
            found.setdefault("treatment", []).append(s)
        if obsessive and hr.OCD_CERTAIN.search(s):
            found.setdefault("ocd_reassurance", []).append(s)
    if risk_undoing:
        found["risk_undoing"] = list(risk_undoing)
    return [Harm(k, v) for k, v in found.items()]


def caps(found: list[Harm]) -> dict[str, tuple[int, Harm]]:
    """criterion -> (the lowest cap any harm sets on it, that harm)."""
    out: dict[str, tuple[int, Harm]] = {}
    for h in found:
        for crit, cap in HARM_CAPS[h.kind].items():
            if crit not in out or cap < out[crit][0]:
                out[crit] = (cap, h)
    return out
