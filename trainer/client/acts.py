"""What a trainee's reply does, so the client answers that first: a question (about what), a
reflection, a confidentiality statement, advice, small talk. And the client's ordinary answer to an
ordinary question, from the scenario's facts - or, for an imported client, from its own labelled
words - before anything from the disclosure plan."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ..feedback.analysis import DraftAnalysis
from ..models import Scenario
from ..text import lexicon as lx
from ..text.patterns import any_word
from ..text.sentences import self_contained, split_sentences

Act = Literal["risk_question", "leading_risk", "closing", "confidentiality", "question", "reflection", "advice",
              "small_talk", "other"]
ACT_WORDS: dict[str, str] = {
    "risk_question": "asked you directly about suicide or self-harm",
    "leading_risk": "asked about suicide in a way that expects a no",
    "closing": "said the session is ending",
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
# A risk question put so that it expects a no ("You're not going to do anything silly, are you?"):
# a person answers what it invites.
LEADING_RISK = re.compile(any_word([
    r"(not|never) (going to|gonna|thinking (of|about)|planning to) (do|doing) (anything|something) "
    r"(silly|stupid|drastic|rash|dumb)",
    r"you (wouldn'?t|would not|won'?t|will not) (do|try) (anything|something) (silly|stupid|drastic|rash)",
    r"you (wouldn'?t|would not|won'?t|will not) (hurt|harm) yourself", r"nothing (silly|stupid|drastic)",
    r"(sich|dir|ihnen) (doch )?nichts an(zu)?tun", r"keine dummheiten", r"nichts dummes",
]), re.I)
# A question that is advice ("Why don't you just switch labs?", "Haben Sie schon mal an X gedacht?").
ADVICE_QUESTION = re.compile(any_word([
    r"why (don'?t|not|won'?t) you( just)?", r"have you (tried|thought about|considered) (?!anything|something|what|how)",
    r"(can'?t|couldn'?t) you( just)?", r"how about", r"wie wäre es mit", r"(sollten|könnten|wollen) sie nicht( einfach)?",
    r"what about (trying|just)", r"wouldn'?t it be (better|easier)", r"warum (machst|gehst|sprichst|versuchst|"
    r"suchst) (du|sie)\b.*\b(nicht|einfach)", r"haben sie (schon (mal|einmal) )?(an|über) .* (gedacht|nachgedacht)",
    r"hast du (schon (mal|einmal) )?(an|über) .* (gedacht|nachgedacht)", r"(können|könnten) sie nicht( einfach)?",
]), re.I)
# What the advice proposes, to echo back ("Switch labs? ..."), in the trainee's words.
_PROPOSED = [re.compile(x, re.I) for x in (
    r"\bwhy (?:don'?t|not|won'?t) you(?: just)? (?P<what>[^?.!,;]+)",
    r"\bhave you (?:tried|thought about|considered) (?P<what>(?!anything|something|what|how)[^?.!,;]+)",
    r"\b(?:can'?t|couldn'?t) you(?: just)? (?P<what>[^?.!,;]+)",
    r"\b(?:haben sie|hast du) (?:schon (?:mal|einmal) )?(?:an|über) (?P<what>[^?.!,;]+?) (?:gedacht|nachgedacht)",
    r"\b(?:how about|wie wäre es mit) (?P<what>[^?.!,;]+)",
)]
_JOINED = re.compile(r"\s+(?:and|or|now that|so that|because|und|oder|weil|damit)\s+", re.I)
_MINE = {"your": "my", "you": "me", "yourself": "myself", "you're": "I'm", "yours": "mine"}


def proposed(questions: list[str]) -> str | None:
    """What an advice question proposes, turned to the client ("Talking to my parents"); short."""
    for q in questions:
        for rx in _PROPOSED:
            m = rx.search(q)
            if m:
                what = _JOINED.split(m.group("what"))[0]
                words = [_MINE.get(w.lower(), w) for w in what.split() if w.lower() not in ("just", "einfach")][:6]
                return " ".join(words)[:1].upper() + " ".join(words)[1:] if words else None
    return None


# A question about the person's experience ("What is it like for you when ...?"): an answer may go deeper.
EXPERIENCE = re.compile(any_word([
    r"what('s| is| was) (it|that) like", r"how (is|was|does|did) (that|it) (for you|feel)", r"how do you feel",
    r"how are you (with|about)", r"wie (ist|war) (das|es) für (sie|dich)", r"wie fühlt sich (das|es)",
    r"wie geht es (ihnen|dir) (damit|dabei)", r"was macht (das|es) mit (ihnen|dir)",
]), re.I)
# The trainee ends the session ("We need to stop here for today"): the client says goodbye.
CLOSING = re.compile(any_word([
    r"(we|we'll|we will) (need|have|must) to (stop|finish|end|wrap up|leave it)", r"our time is (up|over|nearly up)",
    r"let'?s (stop|finish|end|leave it) (here|there|for today|now)", r"see you next (week|time)",
    r"(that'?s|that is) (all|it) (for today|for now|we have time for)", r"(time|session) is (up|over)",
    r"wir müssen (für heute |jetzt )?(aufhören|schluss machen|zum ende kommen)", r"unsere zeit ist (um|vorbei)",
    r"(bis|wir sehen uns) nächste woche", r"für heute (hören wir|machen wir) (hier )?schluss",
]), re.I)
SMALL_TALK = re.compile(r"^\W*(hi|hello|hey|good (morning|afternoon|evening)|how are you|hallo|guten tag|"
                        r"مرحبا|اهلا|أهلا|שלום|你好)\W*$", re.I)


@dataclass(frozen=True)
class Reading:
    act: Act
    questions: list[str]  # the reply's questions, when it asks any (not those that are advice)
    advice: list[str] = field(default_factory=list)  # questions that are advice ("Why don't you just ...?")


def read(trainee: str, a: DraftAnalysis) -> Reading:
    """The main thing the reply does (a risk question first, then what the client must answer)."""
    questions = list(a.questions)
    if a.risk.asks:
        return Reading("risk_question", questions)
    if LEADING_RISK.search(trainee):
        return Reading("leading_risk", questions)
    if CLOSING.search(trainee):
        return Reading("closing", questions)
    advice = [q for q in questions if ADVICE_QUESTION.search(q)]
    questions = [q for q in questions if q not in advice]
    if CONFIDENTIAL.search(trainee):
        return Reading("confidentiality", questions)
    if SMALL_TALK.search(trainee.strip()):
        return Reading("small_talk", questions)
    if questions:
        return Reading("question", questions)
    if advice or a.suggestions or a.imposing or a.early_advice:
        return Reading("advice", questions, advice)
    if a.reflections or a.acknowledgements or a.validations:
        return Reading("reflection", questions)
    return Reading("other", questions)


_ENDING = r"(?:s|es|ed|ing|n|en|e|er|ern|'s)?(?!\w)"  # "mutter" is not "Muttersprache"; "friend" is "friends"


def _hits(question: str, about: list[str]) -> int:
    """How many of a fact's words the question uses: as written, or inflected ("lives with" for "live with")."""
    q = question.lower()
    stems = set(lx.content_stems(question))
    # a phrase keeps two content words ("talk to" is not "talk"); a word takes an ending, not a compound
    return sum(1 for w in about if re.search(_phrase(w), q)
               or ((own := set(lx.content_stems(w))) and (len(own) >= 2 or " " not in w.strip()) and own <= stems))


def _phrase(words: str) -> str:
    """A fact word or phrase as a pattern, each word with an ending ("lives with" for "live with")."""
    return r"(?<!\w)" + r"\s+".join(re.escape(w) + _ENDING for w in words.lower().split())


def question_vectors(a: DraftAnalysis, questions: list[str]) -> np.ndarray | None:
    """The embeddings of the reply's questions, as the analysis computed them (None: no question)."""
    idx = [i for i, s in enumerate(a.sentences) if s in questions]
    return a.vectors[idx] if a.vectors is not None and idx else None


def _first(text: str) -> str:
    parts = split_sentences(text)
    return " ".join((parts[0] if parts else text).split())


def answer(scenario: Scenario, questions: list[str], qv: np.ndarray | None, said: list[str],
           embed: Callable[[list[str]], np.ndarray]) -> str | None:
    """The client's plain answer to the reply's questions, not said before: the authored fact the
    question names (by its words, else by meaning); for a client without facts (imported), its own
    labelled words nearest the question. None when nothing answers it."""
    if not questions or qv is None:
        return None
    said_all = " ".join(" ".join(x.split()) for x in said)
    if scenario.facts:
        fresh = [f for f in scenario.facts if _first(f.says) not in said_all]  # said whole or in short
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
