"""What a trainee's reply does, so the client answers that first: a question (about what), a
reflection, a confidentiality statement, advice, small talk. And the client's ordinary answer to an
ordinary question, from the scenario's facts - or, for an imported client, from its own labelled
words - before anything from the disclosure plan."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..feedback.analysis import DraftAnalysis
from ..models import Scenario
from ..text import lexicon as lx
from ..text.patterns import any_word
from ..text.sentences import self_contained

Act = Literal["risk_question", "confidentiality", "question", "reflection", "advice", "small_talk", "other"]
ACT_WORDS: dict[str, str] = {
    "risk_question": "asked you directly about suicide or self-harm",
    "confidentiality": "told you what stays between you and when it would not",
    "question": "asked you a question",
    "reflection": "put into words what you said and feel",
    "advice": "gave you advice",
    "small_talk": "made small talk",
    "other": "replied",
}
FACT_MEANING = 0.86  # cosine (multilingual e5) of a question to an authored fact that answers it
PHRASE_MEANING = 0.88  # the same for an imported client's own phrase (not written as an answer: stricter)

CONFIDENTIAL = re.compile(any_word([
    "confidential", "stays? between (us|you and me)", "between us", "won'?t (tell|share)", "privacy", "private",
    "vertraulich", "schweigepflicht", "bleibt (unter uns|hier)", "سري", "سرية", "بيننا", "סודי", "חיסיון",
    "保密", "不会告诉",
]), re.I)
SMALL_TALK = re.compile(r"^\W*(hi|hello|hey|good (morning|afternoon|evening)|how are you|hallo|guten tag|"
                        r"مرحبا|اهلا|أهلا|שלום|你好)\W*$", re.I)


@dataclass(frozen=True)
class Reading:
    act: Act
    questions: list[str]  # the reply's questions, when it asks any


def read(trainee: str, a: DraftAnalysis) -> Reading:
    """The main thing the reply does (a risk question first, then what the client must answer)."""
    questions = list(a.questions)
    if a.risk.asks:
        return Reading("risk_question", questions)
    if CONFIDENTIAL.search(trainee):
        return Reading("confidentiality", questions)
    if SMALL_TALK.search(trainee.strip()):
        return Reading("small_talk", questions)
    if questions:
        return Reading("question", questions)
    if a.suggestions or a.imposing or a.early_advice:
        return Reading("advice", questions)
    if a.reflections or a.acknowledgements or a.validations:
        return Reading("reflection", questions)
    return Reading("other", questions)


def _hits(question: str, about: list[str]) -> int:
    """How many of a fact's words the question uses: as written, or inflected ("lives with" for "live with")."""
    q = question.lower()
    stems = set(lx.content_stems(question))
    return sum(1 for w in about if re.search(r"(?<!\w)" + re.escape(w.lower()), q)
               or ((own := set(lx.content_stems(w))) and own <= stems))


def question_vectors(a: DraftAnalysis, questions: list[str]) -> np.ndarray | None:
    """The embeddings of the reply's questions, as the analysis computed them (None: no question)."""
    idx = [i for i, s in enumerate(a.sentences) if s in questions]
    return a.vectors[idx] if a.vectors is not None and idx else None


def answer(scenario: Scenario, questions: list[str], qv: np.ndarray | None, said: list[str],
           embed: Callable[[list[str]], np.ndarray]) -> str | None:
    """The client's plain answer to the reply's questions, not said before: the authored fact the
    question names (by its words, else by meaning); for a client without facts (imported), its own
    labelled words nearest the question. None when nothing answers it."""
    if not questions or qv is None:
        return None
    said_all = " ".join(" ".join(x.split()) for x in said)
    if scenario.facts:
        fresh = [f for f in scenario.facts if " ".join(f.says.split()) not in said_all]
        if not fresh:
            return None
        best = max(fresh, key=lambda f: max(_hits(q, f.about) for q in questions))
        if max(_hits(q, best.about) for q in questions):
            return best.says
        texts = [f.says for f in fresh]  # embedded when the session started
    else:  # imported: answer from what the person wrote, and say less
        phrases = [c.phrase for c in scenario.cultural_signals] + [c.phrase for c in scenario.distress_cues]
        fresh_phrases = [p for p in dict.fromkeys(phrases) if " ".join(p.split()) not in said_all and self_contained(p)]
        if not fresh_phrases:
            return None
        texts = fresh_phrases
    tv = embed(texts)
    sims = (qv @ tv.T).max(axis=0)
    i = int(np.argmax(sims))
    if sims[i] < (FACT_MEANING if scenario.facts else PHRASE_MEANING):
        return None
    return fresh[i].says if scenario.facts else texts[i]
