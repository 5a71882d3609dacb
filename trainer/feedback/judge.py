"""LLM judge: one structured call scores every criterion of the scenario's rubrics at once
(the paper used one call per criterion), and writes a revision tip and an adapted reply.
Anything malformed, slow or refused falls back to the offline scorer with a visible note."""
from __future__ import annotations

import json
import re

from pydantic import BaseModel, ValidationError

from ..models import Rubric, Scenario, Score


class _Judged(BaseModel):
    scores: list[dict]
    tip_goal: str | None = None
    tip_reply: str | None = None
    adapted_reply: str | None = None


class JudgeError(Exception):
    """The judge's reply could not be used; the message says why, for the trainee's note."""


def prompt(draft: str, scenario: Scenario, client_text: str, rubrics: list[Rubric]) -> tuple[str, str]:
    crit = []
    for r in rubrics:
        for c in r.criteria:
            levels = "; ".join(f"{i}: {c.levels.get(i)}" for i in range(1, 6))
            crit.append(f'- "{c.id}" ({c.name}): {c.description} Levels - {levels}')
    signals = "; ".join(f"{s.phrase} [{s.type}]" for s in scenario.cultural_signals) or "none"
    system = (
        "You are a clinical supervisor scoring a therapy trainee's draft reply in a training simulator, "
        "using the rubric below (the CCCI-R items and emotional-support criteria). Judge only what the draft "
        "says; quote its words as evidence; never invent a fault. Then give one revision tip naming what the "
        "client needs now, with an alternative reply, and an adapted reply written with cultural sensitivity "
        "guided by the CCCI-R and the client's cultural signals. Reply with ONE JSON object only:\n"
        '{"scores": [{"criterion": id, "score": 1-5, "reason": one sentence, "evidence": [quoted words]}...], '
        '"tip_goal": str, "tip_reply": str, "adapted_reply": str}\nCriteria:\n' + "\n".join(crit))
    user = (f"Client ({scenario.culture}; {scenario.persona.one_line()}). Cultural signals: {signals}.\n"
            f"What the client has said so far:\n{client_text}\n\nTrainee's draft:\n{draft}")
    return system, user


def parse(text: str, rubrics: list[Rubric], applicable: set[str]) -> tuple[list[Score], _Judged]:
    m = re.search(r"\{.*\}", text, re.S)
    if not m:
        raise JudgeError("the judge did not return JSON")
    try:
        judged = _Judged.model_validate(json.loads(m.group(0)))
    except (json.JSONDecodeError, ValidationError) as e:
        raise JudgeError(f"the judge's JSON was malformed ({type(e).__name__})") from e
    names = {c.id: c.name for r in rubrics for c in r.criteria}
    got = {}
    for s in judged.scores:
        cid = str(s.get("criterion", ""))
        if cid in applicable:
            try:
                got[cid] = Score(criterion=cid, name=names[cid], score=int(s["score"]),
                                 reason=str(s.get("reason", "")).strip() or "No reason given.",
                                 evidence=[str(x) for x in s.get("evidence", [])][:4])
            except (KeyError, ValueError, TypeError, ValidationError) as e:
                raise JudgeError(f"the judge's score for {cid} was unusable") from e
    missing = applicable - set(got)
    if missing:
        raise JudgeError(f"the judge skipped {', '.join(sorted(missing))}")
    return [got[c] for c in names if c in got], judged


def judge(chat, draft: str, scenario: Scenario, client_text: str, rubrics: list[Rubric],
          applicable: set[str]) -> tuple[list[Score], _Judged]:
    from langchain_core.messages import HumanMessage, SystemMessage
    system, user = prompt(draft, scenario, client_text, rubrics)
    try:
        reply = chat.invoke([SystemMessage(system), HumanMessage(user)])
    except Exception as e:  # timeout, HTTP error, refusal at the transport level
        raise JudgeError(f"the judge could not be reached ({type(e).__name__})") from e
    return parse(str(reply.content), rubrics, applicable)
