"""Ordinary intake questions get an ordinary answer from every authored client.

A trainee's first questions are often plain ones - who do you live with, do you have brothers or
sisters, how are you sleeping - and the offline client answers them from the scenario's `facts`
(trainer/client/acts.py). A question that finds no fact gets a holding line ("It's fine."), which
reads as evasive where the person would simply answer. For each authored scenario and each topic of
the checklist below, at least one English and one German sample question must find a fact *by its
words* (no embedding model is loaded: the embed function raises), and the fact that answers must
have been found through a word of that topic - not, say, the household fact answering "What language
do you speak at home?" through "at home". Questions about the session itself ("How can I help you
today?") find no fact; a fact's first sentence (by which the client may count it as said) is not part
of another line of the person's; and every authored client has its own three goodbyes.
"""
from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import ROOT

from trainer.client import acts
from trainer.rubrics import load_rubrics
from trainer.scenarios import load_scenario
from trainer.text.sentences import split_sentences

SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
RUBRICS, _ = load_rubrics(ROOT / "rubrics")

# topic -> sample questions per language, and the words (as a pattern on a fact's `about` entry)
# through which a fact on that topic is found.
TOPICS: dict[str, dict] = {
    "household": {
        "en": ["Who do you live with?", "Do you live alone?", "Who lives with you at the moment?"],
        "de": ["Mit wem wohnen Sie zusammen?", "Wer lebt mit Ihnen?", "Leben Sie allein?"],
        "marks": r"live|wohn|lebt|leben mit|household|haushalt|alone|allein",
    },
    "family of origin": {
        "en": ["Do you have brothers or sisters?", "Do you have any siblings?", "Are your parents still alive?"],
        "de": ["Haben Sie Geschwister?", "Leben Ihre Eltern noch?", "Was machen Ihre Eltern?"],
        "marks": r"sibling|brother|sister|parent|mother|father|mum|mom|dad|geschwister|bruder|brüder|"
                 r"schwester|eltern|mutter|vater",
    },
    "work or study": {
        "en": ["What do you do for work?", "What do you do all day?", "How is school going?"],
        "de": ["Was arbeiten Sie?", "Was machen Sie beruflich?", "Wie läuft es in der Schule?"],
        "marks": r"work|job|school|stud|day|arbeit|beruf|schule|tag",
    },
    "language at home": {
        "en": ["What language do you speak at home?", "Which languages do you speak?", "Do you speak English at home?"],
        "de": ["Welche Sprache sprechen Sie zu Hause?", "Sprechen Sie zu Hause Türkisch?", "Was ist Ihre Muttersprache?"],
        "marks": r"language|speak|sprach|sprech",
    },
    "friends and support": {
        "en": ["Do you have friends here?", "Who can you turn to?", "Who do you talk to when things are hard?"],
        "de": ["Haben Sie Freunde?", "An wen können Sie sich wenden?", "Mit wem können Sie reden?"],
        "marks": r"friend|freund|turn to|talk to|support|wenden|reden",
    },
    "sleep and health": {
        "en": ["How are you sleeping?", "How is your health?"],
        "de": ["Wie schlafen Sie?", "Wie geht es Ihnen gesundheitlich?"],
        "marks": r"sleep|schlaf|health|gesund",
    },
    "coping": {
        "en": ["What has helped you cope so far, and who do you feel you can turn to?",
               "What do you do when it gets too much?"],
        "de": ["Was hat Ihnen bisher geholfen?", "Was tun Sie, wenn es zu viel wird?"],
        "marks": r"cope|coping|helped|too much|geholfen|zu viel",
    },
    "free time": {
        "en": ["What do you enjoy doing?", "What do you do to relax?", "What do you do in your free time?"],
        "de": ["Was machen Sie in Ihrer Freizeit?", "Was macht Ihnen Freude?"],
        "marks": r"enjoy|relax|free time|freizeit|freude|entspann",
    },
    "roots": {
        "en": ["Where are you from originally?", "How long have you lived here?"],
        "de": ["Woher kommen Sie ursprünglich?", "Wie lange leben Sie schon hier?"],
        "marks": r"from|origin|grew up|grow up|born|how long|woher|ursprünglich|aufgewachsen|geboren|wie lange",
    },
}

# Questions any trainee asks that are about the session, not the person's life: no fact answers them
# by its words (the client answers what the reply did, or from the disclosure plan).
NOT_ABOUT_A_FACT = ["How can I help you today?", "What brings you here today?", "How long has this been going on?",
                    "How does that make you feel?", "What would you like to talk about?", "What does that mean to you?",
                    "What would help you most right now?", "How can I support you?", "Do you feel alone?",
                    "Wie kann ich Ihnen helfen?", "Was führt Sie heute zu mir?", "Wie lange geht das schon so?",
                    "Wie fühlen Sie sich damit?", "Worüber möchten Sie sprechen?", "Fühlen Sie sich allein?",
                    "Darf ich Ihnen ein paar Fragen stellen?"]


class _NoWordHit(Exception):
    """No fact named by the question's words (acts.answer would go on to compare meanings)."""


def _embed(texts):
    raise _NoWordHit


def _by_words(scenario, question: str):
    """The fact acts.answer gives for the question by its words alone, or None."""
    try:
        says = acts.answer(scenario, [question], np.zeros((1, 4)), [], _embed)
    except _NoWordHit:
        return None
    return next((f for f in scenario.facts if f.says == says), None)


def _topical(fact, question: str, marks: str) -> bool:
    """The fact was found through a word of the topic (one of its `about` entries the question uses)."""
    used = [w for w in fact.about if acts._hits(question, [w])]
    return any(re.search(marks, w, re.I) for w in used)


@pytest.fixture(scope="module")
def scenarios():
    return {p.stem: load_scenario(p, RUBRICS) for p in SCENARIO_FILES}


@pytest.mark.parametrize("topic", list(TOPICS))
@pytest.mark.parametrize("sid", [p.stem for p in SCENARIO_FILES])
def test_an_ordinary_question_finds_a_fact(scenarios, sid, topic):
    s, t = scenarios[sid], TOPICS[topic]
    answers = {q: _by_words(s, q) for lang in ("en", "de") for q in t[lang]}
    missing = [lang for lang in ("en", "de") if not any(answers[q] for q in t[lang])]
    assert not missing, f"{sid}: no fact answers {topic!r} by its words in {missing}"
    off = {q: f.about for q, f in answers.items() if f is not None and not _topical(f, q, t["marks"])}
    assert not off, f"{sid}: {topic!r} answered by a fact on something else: {off}"


@pytest.mark.parametrize("sid", [p.stem for p in SCENARIO_FILES])
def test_a_question_about_the_session_is_not_taken_for_a_fact(scenarios, sid):
    s = scenarios[sid]
    taken = {q: f.about for q in NOT_ABOUT_A_FACT if (f := _by_words(s, q)) is not None}
    assert not taken, f"{sid}: {taken}"


@pytest.mark.parametrize("sid", [p.stem for p in SCENARIO_FILES])
def test_a_fact_counts_as_said_only_when_it_was(scenarios, sid):
    """The client may count a fact as said once its first sentence has been said, so that first sentence is
    not also part of another line of the person's (a bare "Sabine." or "Badly." would be)."""
    s = scenarios[sid]
    lines = [s.opening_line, *(p.says for p in s.disclosure_plan), *(f.says for f in s.facts)]
    lines += [s.screening_answer or ""] + [r.answer_if_asked or "" for r in s.risk_flags]
    lines += [x for r in s.risk_flags for x in r.follow_ups.values()]
    if s.voice:
        lines += [x for pool in (s.voice.leads, s.voice.open, s.voice.guarded, s.voice.pushback, s.voice.withdrawn,
                                 s.voice.closing) for x in pool]
    clash = {}
    for f in s.facts:
        first = " ".join(split_sentences(f.says)[0].split())
        others = [x for x in lines if x is not f.says and first in " ".join(x.split())]
        if others:
            clash[first] = others[0][:60]
    assert not clash, f"{sid}: {clash}"


@pytest.mark.parametrize("sid", [p.stem for p in SCENARIO_FILES])
def test_authored_clients_say_goodbye_in_their_own_words(scenarios, sid):
    s = scenarios[sid]
    assert s.voice and len(s.voice.closing) == 3, f"{sid}: voice.closing needs three lines (well, so-so, badly)"
    assert len(set(s.voice.closing)) == 3
