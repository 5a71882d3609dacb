"""Offline rubric scorer: explainable features of the draft mapped onto each criterion's
level descriptors. Deterministic. Every score carries the draft's words that earned it,
or says what is missing."""
from __future__ import annotations

import math
import re

from ..models import Rubric, Score
from ..text.harm import Harm, caps
from ..text.patterns import any_of
from .analysis import DraftAnalysis
from .risk_stage import TOPIC_WORDS

_IMPERATIVE = re.compile("^(please )?" + any_of([
                             "try", "just", "go", "get", "stop", "tell", "make", "take", "put", "don'?t", "do",
                             "find", "move", "leave", "call", "talk", "ask", "see", "focus", "remember"
                         ]) + r"\b", re.I)


def _q(items, n: int = 2) -> list[str]:
    """Quote up to n distinct items."""
    return [f"“{x.strip()}”" for x in list(dict.fromkeys(items))[:n]]


def _clamp(x: int) -> int:
    return max(1, min(5, x))


def _risk_missed(a: DraftAnalysis) -> bool:
    return a.risk_applicable and not a.risk.acts and a.risk_state.stage in ("none", "cue")


def empathy(a: DraftAnalysis):
    if a.minimising or a.undoing:
        return 1, "Minimises or argues with what the client feels.", _q(a.minimising + a.undoing)
    feel = bool(a.reflections)
    own = len(a.echo) >= 2
    validate = bool(a.validations or a.acknowledgements or a.sympathy)
    invite = bool(a.open_questions or a.meaning or a.risk.asks or a.invitations)
    points = 1 + feel + own + validate + invite
    if feel or validate or (a.risk.asks and a.warmth):
        points = max(points, 3)  # warm, at least (a caring, direct risk question is warm)
    ev = _q(a.reflections, 1) + _q(a.echo, 3) + _q(a.acknowledgements or a.validations or a.sympathy, 1) + \
        _q(a.open_questions or a.invitations, 1)
    if a.imposing:
        return min(points, 2), "Judges the client's situation and tells them what to do instead of hearing them.", _q(a.imposing)
    if a.early_advice and points > 2:
        return 2 if not feel else 3, "Moves to fixing before the client feels understood.", _q(a.suggestions, 1)
    if _risk_missed(a) and points > 3:
        return 3, "Warm, but passes over the risk cue the client gave.", ev or ["missing: a response to the risk cue"]
    reasons = {5: "Reflects what the client feels in their own words, validates it and invites more.",
               4: "Reflects the client's feeling and situation; still missing: " + ", ".join(
                   m for m, ok in (("a reflection of feeling", feel), ("the client's own words", own),
                                   ("validation", validate), ("an invitation to say more", invite)) if not ok) + ".",
               3: "Warm but generic: it could have been said to anyone.",
               2: "Acknowledges the topic but not the feeling.",
               1: "Does not respond to what the client feels."}
    points = _clamp(points)
    if points <= 2:
        ev = ["missing: a reflection of feeling in the client's own words"]
    return points, reasons[points], ev


def helpfulness(a: DraftAnalysis):
    if a.imposing or (a.lecture and len(a.suggestions) >= 2):
        return 1, "Lectures or imposes a solution that ignores what the client said.", _q(a.imposing + a.lecture)
    if a.minimising or a.undoing:
        return 2 if a.questions else 1, "Reassures the problem away instead of exploring it.", \
            _q(a.minimising + a.undoing)
    if a.risk_applicable and not a.risk_state.settled:
        asked = a.risk_state.stage not in ("none", "cue") and not a.risk_state.closed
        if a.risk.asks or (asked and a.risk.explores):
            return (5 if (a.reflections or a.echo or a.acknowledgements) and not a.first_turn else 4), \
                "Asks about safety, the most useful question at this point.", \
                _q(a.risk.asks + [s for v in a.risk.explores.values() for s in v], 1)
        if a.early_advice or a.suggestions:
            return 2, "Gives advice while safety is still open.", _q(a.suggestions, 1)
        return (3 if a.questions else 2), "Misses the most useful step now: " + (
            "exploring safety after the client's answer." if asked else "asking about the risk cue."), \
            ["missing: a question about safety"]
    if a.early_advice:
        return 2, "Gives advice before the client feels understood.", _q(a.suggestions, 1)
    explores = a.open_questions or a.meaning
    if a.suggestions and a.first_turn and not explores:
        return 2, "Moves to advice in the first reply, before exploring what the client is going through.", \
            _q(a.suggestions, 1)
    deep = bool(a.meaning or a.specific or any(c.kind == "cultural" for c in a.engaged) or len(a.echo) >= 3)
    if explores and deep and not a.first_turn:
        return 5, "Explores what matters to this client before any advice.", _q(explores, 1)
    if explores and deep:
        return 4, "Opens the right next step: an open question about what matters to this client.", _q(explores, 1)
    if explores or a.tentative:
        return 4, "Opens a useful next step.", _q(explores + a.tentative, 1)
    if not a.questions and not a.suggestions:
        return 3, "Stays on topic but opens nothing new: no question, no next step.", ["missing: an open question"]
    return 3, "Asks only a closed question or offers a step without tentativeness.", _q(a.questions + a.suggestions, 1)


def fluency(a: DraftAnalysis):
    lens = [len(s.split()) for s in a.sentences] or [0]
    score, notes, ev = 5, [], []
    if a.n_words < 6:
        score -= 2
        notes.append("too short to be a reply")
    elif a.n_words > 180:
        score -= 1
        notes.append(f"long ({a.n_words} words) for a client to take in")
    if max(lens) > 45:
        score -= 1
        notes.append("a run-on sentence")
        ev += _q([s for s in a.sentences if len(s.split()) > 45], 1)
    if re.search(r"\b(\w+) \1\b", a.draft, re.I) or a.draft.count("!") >= 3 or re.search(r"[A-Z]{6,}", a.draft):
        score -= 1
        notes.append("repeated words, shouting or many exclamation marks")
    if score == 5 and a.follows_on and len(a.echo) < 2 and not a.specific:
        return 4, "Clear and natural, but generic: it could follow any message; pick up the client's own words.", \
            ["missing: the client's own words"]
    if not a.follows_on and score == 5:
        return 4, "Clear and natural, but it does not open by responding to what the client said.", \
            ["missing: an opening that picks up the client's words"]
    if notes:
        return _clamp(score), "Readable, but " + "; ".join(notes) + ".", ev or [f"{a.n_words} words"]
    return 5, "Clear, concise, and it opens by responding to the client's own words.", _q(a.sentences, 1)


def _cultural(a: DraftAnalysis) -> list[str]:
    """Draft words that engage the client's cultural world."""
    return [w for c in a.engaged if c.kind == "cultural" for w in c.evidence] + a.specific


def sociopolitical(a: DraftAnalysis):
    if a.stereotyping:
        return 1, "Puts the problem down to the client's culture or group.", _q(a.stereotyping)
    if a.minimising and (a.client_forces or a.client_topics or a.risk_applicable):
        return 2, "Explains the pressure away instead of recognising it.", _q(a.minimising)
    client_forces = {c.lower() for c in a.client_forces}
    named = [f for f in a.outside_forces if f.lower() in client_forces]
    if named and (a.open_questions or a.meaning):
        return 5, "Names the pressure around the client in their own terms and asks how it shapes things.", \
            _q(named) + _q(a.open_questions or a.meaning, 1)
    if named or a.outside_forces or _cultural(a):
        return 4, "Acknowledges a force around the client, not only their feelings.", \
            _q(named or a.outside_forces or _cultural(a))
    if a.imposing or a.minimising or a.early_advice or (a.suggestions and (a.client_forces or a.client_topics)):
        return 2, "Treats the problem as purely personal although the client's situation is shaped by others.", \
            [f"missing: {', '.join(_q(a.client_forces, 2)) or 'the pressures around the client'}"]
    return 3, "Neither ignores nor engages the pressures around the client.", ["missing: the forces around the client"]


def cultural_knowledge(a: DraftAnalysis):
    if a.stereotyping:
        return 1, "Stereotypes the client's group.", _q(a.stereotyping)
    if a.imposing or a.minimising or a.dismissing or a.early_advice:
        return 2, "Assumes what the client's situation requires instead of asking.", \
            _q(a.imposing + a.minimising + a.dismissing + a.suggestions, 1)
    cultural = _cultural(a)
    asks = a.meaning or a.open_questions
    if cultural and asks:
        return 5, "Uses the client's specifics and asks what they mean for this person.", _q(asks, 1) + _q(cultural, 2)
    if cultural or (len(a.echo) >= 3 and asks):
        return 4, "Shows accurate understanding of what the client described.", _q(cultural or a.echo, 3)
    return 3, "Avoids errors but shows no knowledge of the client's world.", ["missing: the client's specifics"]


def communication(a: DraftAnalysis):
    commands = [s for s in a.sentences if _IMPERATIVE.search(s.strip())]
    harsh = a.imposing + a.lecture + a.jargon + a.minimising + a.stereotyping + a.dismissing
    if len(harsh) >= 3 or (len(harsh) >= 2 and commands):
        return 1, "The tone clashes with the client: preachy, dismissive or directive.", _q(harsh + commands)
    if harsh or len(commands) >= 2 or a.early_advice:
        return 2, "Tells rather than listens where the client needs to be heard.", _q(harsh + commands + a.suggestions)
    if len(a.echo) >= 2 and (a.open_questions or a.meaning or a.acknowledgements or a.risk.asks):
        return 5, "Tone and pace fit the client; it uses their words and asks rather than tells.", _q(a.echo, 3)
    if a.echo and not commands and not (a.suggestions and a.first_turn):
        return 4, "Tone fits and uses words the client used.", _q(a.echo, 3)
    if a.suggestions and a.first_turn:
        return 3, "Polite and clear, but it advises where this client first needs to be heard.", _q(a.suggestions, 1)
    return 3, "Polite and clear but not adjusted to this client.", ["missing: the client's own words"]


def cultural_context(a: DraftAnalysis):
    if a.imposing or a.stereotyping:
        return 1, "Imposes the helper's values or a stereotype on the client's world.", _q(a.imposing + a.stereotyping)
    cultural = _cultural(a)
    ctx = [w for t, ws in a.draft_topics.items() if t in a.client_topics for w in ws]
    if (a.minimising or a.early_advice or a.dismissing) and not a.meaning:
        return 2, "Skips over the family, faith or community around the client.", \
            [f"missing: the client's {', '.join(sorted(a.client_topics)) or 'context'}"]
    explores = a.meaning or [q for q in a.open_questions if set(a.draft_topics) & a.client_topics]
    if cultural and a.meaning:
        return 5, "Explores what the client's own world means to them.", _q(a.meaning, 1)
    if (cultural or ctx) and explores:
        return 4, "Engages the client's world and asks about it.", _q(explores, 1)
    if cultural or a.meaning:
        return 4, "Engages a cultural signal the client gave, or asks what their world means to them.", \
            _q(cultural or a.meaning, 3)
    if ctx:
        return 3, "Mentions the client's context without exploring it.", _q(ctx, 2)
    if a.client_topics and a.suggestions:
        return 2, "Advises past the family, faith or community the client described.", \
            [f"missing: the client's {', '.join(sorted(a.client_topics))}"]
    return 3, "Does not yet place the problem in the client's family, faith or community.", \
        ["missing: the client's context"]


def risk_assessment(a: DraftAnalysis):
    """Scores the stage the conversation has reached (a.risk_state, before this draft) and what the
    draft does from there (CONTENT.md, "Risk is a conversation")."""
    r, prior = a.risk, a.risk_state
    if r.undoes:
        return 1, "Argues the client out of it or promises secrecy: that undoes a risk response.", _q(r.undoes)
    new = [t for t in r.explores if t not in prior.explored]
    stays = a.reflections or a.acknowledgements or a.validations or a.warmth
    nxt = ", ".join(TOPIC_WORDS[t] for t in prior.missing()[:2])
    if prior.stage in ("none", "cue") or prior.closed:
        if r.asks:
            if prior.stage == "cue" and not prior.closed:
                return 4, "Asks directly and kindly about suicide or self-harm.", _q(r.asks, 1)
            return 4, "Screens directly and kindly for thoughts of suicide or self-harm: good practice with any " \
                      "client who feels this low.", _q(r.asks, 1)
        if r.concern or a.risk_concern:
            return 3, "Shows concern but does not ask directly about suicide or self-harm.", _q(r.concern + a.risk_concern)
        if a.risk_vague:
            return 2, "Hints at the risk cue without naming suicide or self-harm.", _q(a.risk_vague, 1)
        if a.suggestions:
            return 1, "Gives advice while the risk cue is unanswered.", _q(a.suggestions, 1)
        return 1, "The client gave a risk cue and the draft does not respond to it.", \
            ["missing: a direct question such as “are you having thoughts of ending your life?”"]
    # asked, answered or explored: the client has been asked (and has answered, unless the turn is unfinished)
    if new:
        ev = _q([s for t in new for s in r.explores[t]], 1)
        what = ", ".join(TOPIC_WORDS[t] for t in new)
        if stays:
            return 5, f"Stays with the client's answer and explores {what}.", _q(stays, 1) + ev
        return 4, f"Explores {what}; acknowledge what the client just told you as well.", ev
    if r.asks and prior.answer in (None, "unclear"):
        return 4, "Gently asks again where the answer was unclear.", _q(r.asks, 1)
    if r.explores or r.asks:
        return 4, "Keeps the safety conversation going.", _q(r.asks + [s for v in r.explores.values() for s in v], 1)
    if prior.settled:
        return 4, "Safety has been explored; the conversation can move on, with a next step still in view.", \
            [f"explored: {', '.join(TOPIC_WORDS[t] for t in prior.explored)}"]
    if a.suggestions or a.early_advice:
        return 2, "Moves on to advice while safety is still open.", _q(a.suggestions, 1) + [f"missing: {nxt}"]
    if stays:
        return 3, "Stays with the client's answer but does not yet explore safety.", _q(stays, 1) + [f"missing: {nxt}"]
    return 2, "Drops the subject after the client answered the question about suicide.", [f"missing: {nxt}"]


SCORERS = {"empathy": empathy, "helpfulness": helpfulness, "fluency": fluency,
           "sociopolitical": sociopolitical, "cultural_knowledge": cultural_knowledge,
           "communication": communication, "cultural_context": cultural_context,
           "risk_assessment": risk_assessment}


def apply_harms(scores: list[Score], found: list[Harm]) -> list[Score]:
    """Lower each criterion a harmful move violates to its cap (1-2), with the harm as the reason
    and its sentences as evidence, whoever scored it (offline rules or the LLM judge). A harm found
    only by meaning caps nothing: the engine withholds the criteria it touches instead."""
    limit = caps([h for h in found if not h.by_meaning])
    out = []
    for s in scores:
        if s.criterion in limit and s.score > limit[s.criterion][0]:
            cap, h = limit[s.criterion]
            s = s.model_copy(update={"score": cap, "reason": f"Harmful: {h.label}.", "evidence": _q(h.evidence)})
        out.append(s)
    return out


def score(a: DraftAnalysis, rubrics: list[Rubric]) -> list[Score]:
    out = []
    for rubric in rubrics:
        if rubric.applies_to == "risk" and not a.risk_applicable:
            continue
        for c in rubric.criteria:
            fn = SCORERS.get(c.id)
            if fn is None:  # a criterion a supervisor added: no offline rule for it
                continue
            s, reason, evidence = fn(a)
            out.append(Score(criterion=c.id, name=c.name, score=_clamp(s), reason=reason, evidence=evidence))
    return apply_harms(out, a.harms)


def empathy_parts(a: DraftAnalysis) -> dict[str, float]:
    """The parts of the empathy estimate, each in [0, 1] (amount may pass 1 for long replies)."""
    return {"amount": math.log1p(a.support_words) / math.log1p(150),
            "rubric": (empathy(a)[0] - 1) / 4, "validation": min(len(a.validations), 3) / 3,
            "warmth": min(len(a.warmth), 3) / 3,
            "attunement": min(1.0, max(0.0, (a.attunement - 0.75) / 0.15))}


def empathy_estimate(a: DraftAnalysis) -> float:
    """A continuous empathy figure for evaluation against rated replies. Half of it is how much
    support the reply gives: words of sentences addressed to the client or about what they said,
    log-scaled, so neutral padding adds nothing. The other half is how well, the mean of four
    parts: the rubric empathy score, validation, expressions of care, and attunement (how close
    the reply's nearest sentence comes to what the client said). Unit weights, set by hand and
    not fitted to any rating (bench/empathy_loco.py shows how the design was chosen)."""
    return combine_parts(empathy_parts(a))


def combine_parts(p: dict[str, float], amount_weight: float = 1.0, attunement: bool = True) -> float:
    """amount_weight x amount + the mean of the 'how well' parts. The defaults are the shipped
    estimate; bench/empathy_loco.py compares the other settings."""
    how_well = [p["rubric"], p["validation"], p["warmth"]] + ([p["attunement"]] if attunement else [])
    return amount_weight * p["amount"] + sum(how_well) / len(how_well)
