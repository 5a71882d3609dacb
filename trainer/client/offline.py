"""The offline simulated client: no model, deterministic with a seed. Trust (rapport) moves
with how each reply lands; what the client discloses is gated by rapport and the scenario's
disclosure plan, chosen by relevance to what the trainee asked, light before heavy."""
from __future__ import annotations

import random
import re
from typing import Any

import numpy as np

from ..feedback.analysis import Analyser, DraftAnalysis
from ..feedback.risk_stage import RiskState, after_client, after_trainee, answer_of
from ..feedback.scoring import score
from ..models import Scenario
from ..protocols import OnToken
from ..text import lexicon as lx
from ..text.patterns import any_word
from ..text.risk import SafetyResponse
from ..text.sentences import split_sentences
from ..text.topics import topic_hits
from . import risk_answers as answers
from .acts import EXPERIENCE, proposed, question_vectors, read
from .acts import answer as plain_answer
from .state import LOW, ClientState, ClientTurn, rapport_delta

COUNTED = ("distress", "detail", "risk")
TOPIC_SLACK = 0.1     # a question about the right topic opens a step a little early
DEPTH_WEIGHT = 0.5    # prefer lighter steps first
INJECTION = re.compile(
    any_word([
        "ignore (all |your |the |previous |prior )*(instructions|rules|prompt)", "system prompt",
        "your prompt", "print (your|the) (prompt|instructions)",
        "you are (an? )?(ai|bot|chatbot|language model|llm|assistant)", "jailbreak", "developer mode",
        "act as", "pretend (to be|you are)", "repeat (the|your) (instructions|prompt)"
    ]), re.I)

# Leads are whole, short openers (never half a sentence glued to what follows), used now and then
# before a heavy disclosure only; a scenario's voice.leads replace them.
LEADS = {"open": ["Honestly... ", "Hm. ", "Well. "], "guarded": ["I don't know. ", "Hm. "]}
LEAD_SHARE = 0.2
NEAREST = 2  # a short line is one of the two nearest in meaning to the reply (some variety, on topic)
HEAVY = ("distress", "risk")
_AGREEING = re.compile(r"^\W*(okay|ok|maybe|fine|sure|yes|right|vielleicht|gut|ja|طيب|ماشي|טוב|好吧|嗯)\W*$", re.I)
_GENERIC = set(lx.content_stems("what does mean means meaning important matter matters family faith life like feel "
                                "was bedeutet für"))  # words of the question itself, not of its topic
HOLDING = {
    "open": ["I'm not sure how to explain it.", "It's... a lot, I think.", "I haven't really put it into words before.",
             "I don't really know where to start with that.", "Maybe. I haven't thought about it like that.",
             "It's hard to talk about.", "I'm still thinking about what you said."],
    "guarded": ["I don't know.", "It's fine, mostly.", "I'd rather not go into that yet.", "Maybe.",
                "I'm not sure.", "It's complicated."],
    "pushback": ["I don't think you get it.", "That's not really what I meant.", "That's easy to say.",
                 "Maybe this was a mistake.", "You don't know my family.", "It's not that simple for me."],
    "withdrawn": ["...", "I don't know.", "Okay.", "I should probably go soon."],
}
# Answers to what the reply did, when it was not a question the client can answer.
ACT_LINES: dict[str, dict[str, list[str]]] = {
    "en": {"confidentiality": ["Okay. That helps to know.", "Good. I was worried about that.",
                               "Okay. I wasn't sure how this works."],
           "advice": ["I've thought about that.", "It's not that easy.", "I don't know if that would work for me.",
                      "People keep telling me that."],
           "small_talk": ["Okay, I suppose.", "I'm here, at least."]},
    "de": {"confidentiality": ["Gut zu wissen.", "Okay. Das beruhigt mich ein bisschen."],
           "advice": ["Darüber habe ich schon nachgedacht.", "So einfach ist das nicht.",
                      "Das sagen mir alle."],
           "small_talk": ["Geht so.", "Ich bin jedenfalls hier."]},
    "ar": {"confidentiality": ["طيب، منيح إني بعرف هالشي."], "advice": ["فكرت بهالشي.", "مش سهل."],
           "small_talk": ["ماشي الحال."]},
    "he": {"confidentiality": ["טוב לדעת.", "אוקיי. זה מרגיע קצת."], "advice": ["חשבתי על זה.", "זה לא כזה פשוט."],
           "small_talk": ["בסדר, נגיד."]},
    "zh": {"confidentiality": ["好，知道这个我放心一点。", "嗯，那就好。"], "advice": ["这个我想过。", "没那么简单。"],
           "small_talk": ["还行吧。"]},
}
# The no a leading risk question invites ("You're not going to do anything silly, are you?").
DENIAL: dict[str, list[str]] = {"en": ["No. No, nothing like that.", "No."], "de": ["Nein. Nein, so was nicht.", "Nein."],
                                 "ar": ["لا. لا، ولا شي من هالنوع.", "لا."], "he": ["לא. לא, שום דבר כזה.", "לא."],
                                 "zh": ["没有。没有，不会的。", "没有。"]}
DEFLECT = ["Sorry, I don't follow. I came here to talk about what's been going on with me.",
           "I'm not sure what you mean. Can we get back to what I was saying?",
           "I don't understand that. Is this part of the session?"]
# The client's own language for its short lines (English where a language has none yet).
LOCAL: dict[str, dict[str, Any]] = {
    "de": {"leads": {"open": ["Ehrlich gesagt...", "Na ja.", "Hm."], "guarded": ["Weiß nicht...", "Hm."]},
           "holding": {"open": ["Ich weiß nicht, wie ich das erklären soll.", "Es ist... viel, glaube ich.",
                                "Darüber habe ich noch nie so richtig gesprochen.", "Das ist schwer zu sagen.",
                                "Ich denke noch über das nach, was Sie gesagt haben."],
                       "guarded": ["Weiß nicht.", "Geht schon.", "Darüber will ich noch nicht reden.", "Vielleicht.",
                                   "Es ist kompliziert."],
                       "pushback": ["Ich glaube, Sie verstehen das nicht.", "So habe ich das nicht gemeint.",
                                    "Das sagt sich so leicht.", "Vielleicht war das hier ein Fehler."],
                       "withdrawn": ["...", "Weiß nicht.", "Okay.", "Ich sollte langsam gehen."]},
           "deflect": ["Wie bitte? Ich bin hier, um über meine Situation zu reden."],
           "closing": ["Danke fürs Zuhören. Es hat gutgetan, das mal auszusprechen.",
                       "Okay. Ich denke darüber nach.", "Ich gehe jetzt."]},
    "ar": {"leads": {"open": ["بصراحة...", "يعني..."], "guarded": ["ما بعرف..."]},
           "holding": {"open": ["ما بعرف كيف أشرح.", "صعب أحكي عن هالشي.", "هاي أول مرة بحكي فيها عن هالموضوع."],
                       "guarded": ["ما بعرف.", "ماشي الحال.", "مش هلق."],
                       "pushback": ["ما أظن إنك فاهم.", "مش هيك قصدي.", "الحكي سهل."],
                       "withdrawn": ["...", "ما بعرف.", "طيب."]},
           "deflect": ["ما فهمت عليك. أنا هون لأحكي عن وضعي."],
           "closing": ["شكراً إنك سمعتني.", "طيب، رح فكر بالموضوع.", "لازم روح."]},
    "he": {"leads": {"open": ["תראה...", "האמת?"], "guarded": ["לא יודעת...", "הממ."]},
           "holding": {"open": ["אני לא יודעת איך להסביר את זה.", "קשה לי לדבר על זה.", "אף פעם לא אמרתי את זה בקול."],
                       "guarded": ["לא יודעת.", "זה בסדר, פחות או יותר.", "אני לא רוצה להיכנס לזה עכשיו."],
                       "pushback": ["אני לא חושבת שאתה מבין.", "זה לא מה שהתכוונתי.", "קל להגיד."],
                       "withdrawn": ["...", "לא יודעת.", "טוב.", "אני צריכה ללכת בקרוב."]},
           "deflect": ["לא הבנתי. באתי לדבר על מה שקורה איתי."],
           "closing": ["תודה שהקשבת. עזר לי להגיד את זה.", "טוב. אחשוב על מה שדיברנו.", "אני צריכה ללכת."]},
    "zh": {"leads": {"open": ["其实吧……", "嗯。"], "guarded": ["不知道……", "嗯。"]},
           "holding": {"open": ["我不知道该怎么说。", "这个挺难说出口的。", "我以前从来没跟人说过这些。"],
                       "guarded": ["不知道。", "还行吧。", "这个我现在不太想说。"],
                       "pushback": ["我觉得你不太明白。", "我不是这个意思。", "说起来容易。"],
                       "withdrawn": ["……", "不知道。", "好吧。", "我可能得走了。"]},
           "deflect": ["我没听懂。我来这里是想聊聊我自己的事。"],
           "closing": ["谢谢你听我说。说出来好受一点了。", "好吧，我会想想我们聊的。", "我该走了。"]},
}
# Hebrew first person present is gendered: the masculine lines are the feminine ones, word for word.
_MASCULINE = {"יודעת": "יודע", "חושבת": "חושב", "צריכה": "צריך"}


def _masculine(x: Any) -> Any:
    if isinstance(x, str):
        return " ".join(_MASCULINE.get(w.rstrip(".…"), w.rstrip(".…")) + w[len(w.rstrip(".…")):] for w in x.split(" "))
    if isinstance(x, dict):
        return {k: _masculine(v) for k, v in x.items()}
    return [_masculine(v) for v in x]


LOCAL["he-m"] = _masculine(LOCAL["he"])
CLOSING = [(0.55, "Thank you for listening. It helped to say some of this out loud. I'd like to come back."),
           (0.35, "Okay. I'll think about what we talked about."),
           (0.0, "I should go now.")]


# Which topic a follow-up is mainly about when it touches several ("How safe do you feel tonight,
# with the pistol in the safe?" asks about tonight; the pistol is context).
ANSWER_PRIORITY = ("tonight", "means_restriction", "intent", "plan", "supports", "protective", "next_step",
                   "if_worse", "means")


def _asked_topics(moves: SafetyResponse, done: list[str]) -> list[str]:
    """The main new topic of each sentence that explores one, in the order asked."""
    out: list[str] = []
    sentences = list(dict.fromkeys(s for ss in moves.explores.values() for s in ss))
    for s in sentences:
        topic = next((t for t in ANSWER_PRIORITY if s in moves.explores.get(t, []) and t not in done + out), None)
        if topic:
            out.append(topic)
    return out


def _focus(a: DraftAnalysis) -> np.ndarray | None:
    """What a reply is about: its questions when it asks any, else the whole reply."""
    qv = question_vectors(a, a.questions)
    return qv.mean(axis=0) if qv is not None else a.embedding


def _local(scenario: Scenario) -> dict[str, Any]:
    """The short lines of the scenario's language; in Hebrew, in the speaker's gender (first person
    present is gendered), feminine unless the persona is male."""
    lang = scenario.language.split("-")[0]
    male = (scenario.persona.gender or "").strip().lower() in ("m", "male", "man", "mann", "männlich")
    return (LOCAL.get(f"{lang}-m") if male else None) or LOCAL.get(lang, {})


class OfflineClient:
    name = "offline"

    def __init__(self, analyser: Analyser, rubrics: dict):
        self.analyser = analyser
        self.rubrics = rubrics

    def start(self, scenario: Scenario, seed: int = 0) -> tuple[ClientState, ClientTurn]:
        # What the client may say, embedded once now rather than in the middle of a reply.
        voice = scenario.voice
        own = [x for lines in (voice.open, voice.guarded, voice.pushback, voice.withdrawn) for x in lines] if voice else []
        self.analyser.embed_phrases([p.says for p in scenario.disclosure_plan] + [f.says for f in scenario.facts] + own)
        state = ClientState(scenario_id=scenario.id, seed=seed)
        state.said.append(scenario.opening_line)
        state.risk = after_client(RiskState(), scenario.opening_line, scenario).to_dict()
        return state, ClientTurn(scenario.opening_line, state.rapport, 0, mood="guarded", risk_stage=state.risk["stage"])

    def _rng(self, state: ClientState) -> random.Random:
        return random.Random(state.seed * 7919 + state.turn)

    @staticmethod
    def _pool(scenario: Scenario, kind: str, mood: str | None = None) -> list[str]:
        """Short lines: the person's own voice first, then the scenario language's, then English."""
        lang = scenario.language.split("-")[0]
        local = _local(scenario)
        voice = scenario.voice
        if kind == "holding":
            own = getattr(voice, mood or "open", None) if voice else None
            return own or local.get("holding", {}).get(mood) or HOLDING[mood or "open"]
        if kind == "leads":
            return (voice.leads if voice and voice.leads else None) or local.get("leads", {}).get(mood) or \
                LEADS.get(mood or "open", [""])
        if kind in ("confidentiality", "advice", "small_talk"):
            return ACT_LINES.get(lang, ACT_LINES["en"])[kind]
        return local.get(kind) or {"deflect": DEFLECT}.get(kind, [])

    def _fresh(self, state: ClientState, pool: list[str], rng: random.Random, scenario: Scenario | None = None,
               a: DraftAnalysis | None = None) -> str:
        """A line of the pool not said yet; when all are, one of the person's other short lines, then "...".
        Given the reply's analysis, a line that answers it: none that names a topic the reply did not touch
        ("You don't know my family" to a question about sleep), and of the rest one of the two nearest in meaning."""
        said = "\n".join(state.said)  # a line said inside a longer one ("Switch labs? I don't know.") counts
        options = [x for x in pool if x not in said]
        if not options and scenario is not None:
            wider = [x for mood in ("guarded", "withdrawn", "open") for x in self._pool(scenario, "holding", mood)]
            options = [x for x in dict.fromkeys(wider) if x not in said][:3]
        if a is not None and len(options) > 1:
            touched = set(topic_hits(" ".join(a.sentences)))
            options = [x for x in options if set(topic_hits(x)) <= touched] or options
            focus = _focus(a)
            if focus is not None:
                options = sorted(options, key=lambda x: -float(self.analyser.phrase_embedding(x) @ focus))[:NEAREST]
        return rng.choice(options or ["..."])

    def _count(self, scenario: Scenario, state: ClientState) -> int:
        kinds = {s.id: s.kind for s in scenario.disclosure_plan}
        return sum(1 for d in state.disclosed if kinds.get(d) in COUNTED)

    def _turn(self, scenario, state, text, revealed, mood, note=None, answers=None, act=None) -> ClientTurn:
        state.said.append(text)
        risk = after_client(RiskState.from_dict(state.risk), text, scenario)
        state.risk = risk.to_dict()
        return ClientTurn(text, round(state.rapport, 3), self._count(scenario, state), revealed, mood, note,
                          risk_stage=risk.stage, answers=answers, act=act)

    def respond(self, scenario: Scenario, state: ClientState, trainee: str,
                on_token: OnToken | None = None) -> ClientTurn:
        """The client's answer; whole at once, so on_token is not called."""
        state.turn += 1
        state.trainee.append(trainee)
        rng = self._rng(state)
        if INJECTION.search(trainee):
            state.rapport = max(0.0, state.rapport - 0.02)
            return self._turn(scenario, state, self._fresh(state, self._pool(scenario, "deflect"), rng), [], "guarded")
        prior = RiskState.from_dict(state.risk) if state.risk else \
            self.analyser.risk_state(scenario, state.said, state.trainee[:-1])
        a = self.analyser.analyse(trainee, scenario, "\n".join(state.said), risk_state=prior)
        rubrics = [self.rubrics[r] for r in scenario.rubrics if r in self.rubrics]
        trust = {c.id for r in rubrics for c in r.criteria if c.moves_trust}
        delta, mood = rapport_delta(a, score(a, rubrics), trust)
        state.rapport = float(min(1.0, max(0.0, state.rapport + delta)))
        state.hurt_at = state.turn if mood == "pushback" else state.hurt_at
        state.low_turns = state.low_turns + 1 if state.rapport < LOW else 0
        state.risk = after_trainee(prior, a.risk).to_dict()
        answer = self._risk_answer(scenario, prior, a.risk, state.said)
        if answer:
            return self._answer_risk(scenario, state, answer)
        reading = read(trainee, a)
        if reading.act == "closing":  # the trainee ends the session: a goodbye, not a new disclosure
            return self.close(scenario, state)
        if reading.act == "leading_risk":
            lang = scenario.language.split("-")[0]
            no = self._fresh(state, DENIAL.get(lang, DENIAL["en"]), rng)
            return self._turn(scenario, state, no, [], "guarded", answers=no, act=reading.act)
        asks = reading.act in ("question", "confidentiality") and bool(reading.questions)
        plain = plain_answer(scenario, reading.questions, question_vectors(a, reading.questions), state.said,
                             self._embed) if asks else None
        if state.low_turns >= 2 or mood == "pushback":
            cold = "withdrawn" if state.low_turns >= 2 else "pushback"
            if plain:  # a plain question about their life still gets a plain answer, a short one
                parts = split_sentences(plain)
                short = parts[0] if len(parts[0].split()) >= 4 or len(parts) == 1 else " ".join(parts[:2])
                return self._turn(scenario, state, short, [], cold, answers=short, act=reading.act)
            pool = self._pool(scenario, "holding", cold)
            if a.harms or reading.questions or reading.advice:  # "Okay." agrees, and answers no question
                pool = [x for x in pool if not _AGREEING.match(x)]
            line = self._echo(scenario, reading, a, self._fresh(state, pool, rng, scenario, a) if pool else "...")
            return self._turn(scenario, state, line, [], cold, act=reading.act)
        # Answer what the reply did first: a question the person can answer (even when wary), a promise of
        # confidentiality, advice.
        if reading.act == "question" and state.rapport >= LOW:
            # "What does X mean to you?" is answered with what X means to this person - a plan item that
            # names it, once trust allows - rather than with what the word means.
            personal = self._personal(scenario, state, reading.questions)
            if personal is not None:
                state.disclosed.append(personal.id)
                return self._turn(scenario, state, personal.says.strip(), [personal.id], mood, act=reading.act)
        if reading.act == "question":
            if plain:  # answered; and a client who also felt heard may say more
                heard = a.reflections or a.acknowledgements or a.validations or \
                    any(lx.MEANING.search(q) or EXPERIENCE.search(q) for q in reading.questions)
                step = self._next_step(scenario, state, trainee, a) if heard else None
                if step is None or state.rapport < LOW:
                    return self._turn(scenario, state, plain, [], mood, answers=plain, act=reading.act)
                state.disclosed.append(step.id)
                return self._turn(scenario, state, f"{plain} {step.says.strip()}", [step.id], mood, answers=plain,
                                  act=reading.act)
        if state.rapport < LOW:
            pushback = self._fresh(state, self._pool(scenario, "holding", "pushback"), rng, scenario, a)
            return self._turn(scenario, state, pushback, [], "pushback", act=reading.act)
        if reading.act in ("advice", "small_talk"):
            line = self._echo(scenario, reading, a, self._fresh(state, self._pool(scenario, reading.act), rng, scenario, a))
            return self._turn(scenario, state, line, [], "guarded" if reading.act == "advice" else mood, act=reading.act)
        ack = ""
        if reading.act == "confidentiality":
            state.rapport = min(1.0, state.rapport + 0.03)
            ack = self._fresh(state, self._pool(scenario, "confidentiality"), rng)
            if plain:  # and the question that came with it is answered
                return self._turn(scenario, state, f"{ack} {plain}", [], mood, answers=plain, act=reading.act)
        step = self._next_step(scenario, state, trainee, a)
        if step is None:
            return self._turn(scenario, state, ack or self._fresh(state, self._pool(scenario, "holding", mood), rng, scenario,
                                                                  a),
                              [], mood, act=reading.act)
        state.disclosed.append(step.id)
        says = step.says.strip()
        lead = rng.choice(self._pool(scenario, "leads", mood)) if step.kind in HEAVY and not ack and \
            rng.random() < LEAD_SHARE else ""
        text = " ".join(x for x in (ack, lead.strip(), says) if x)
        return self._turn(scenario, state, text, [step.id], mood, act=reading.act)

    @staticmethod
    def _echo(scenario: Scenario, reading, a: DraftAnalysis, line: str) -> str:
        """An answer to advice put as a question echoes what it proposes ("Switch labs? I don't know.")."""
        what = proposed(reading.advice) if a.language == scenario.language.split("-")[0] else None
        return f"{what}? {line}" if what and line != "..." and not line.startswith(what) else line

    @staticmethod
    def _personal(scenario: Scenario, state: ClientState, questions: list[str]):
        """For a question about what something means to the client: the plan item, open at this trust,
        that names the thing asked about (None when there is none, or the question asks no meaning)."""
        meaning = [q for q in questions if lx.MEANING.search(q)]
        if not meaning:
            return None
        asked = set(lx.content_stems(" ".join(meaning))) - _GENERIC
        open_now = [p for p in scenario.disclosure_plan if p.id not in state.disclosed and p.kind != "risk"
                    and p.min_rapport <= state.rapport + TOPIC_SLACK and p.says.strip() not in state.said
                    and asked & set(lx.content_stems(p.says))]
        return min(open_now, key=lambda p: (p.min_rapport, p.id)) if open_now else None

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.analyser.phrase_embedding(t) for t in texts])

    @staticmethod
    def _risk_answer(scenario: Scenario, prior: RiskState, moves: SafetyResponse,
                     said: list[str] | None = None) -> str | None:
        """The client's answer to a risk question or follow-up, from the scenario; None when the
        reply asks none. Follow-ups are answered once the client has said yes (or in the same breath)."""
        flag = scenario.risk_flags[0] if scenario.risk_flags else None
        said_yes = prior.stage in ("answered", "explored") and prior.answer != "no"
        new = _asked_topics(moves, prior.explored)
        if moves.asks and not said_yes:
            if flag is None:  # the scenario holds no risk: a plain no, whatever words came before
                return answers.screened_no(scenario)
            return " ".join([answers.asked(scenario, flag, said)] +
                            [answers.follow_up(scenario, flag, t) for t in new[:1]])
        if said_yes and new:
            return " ".join(answers.follow_up(scenario, flag, t) for t in new[:2])
        if said_yes and moves.asks:  # asked again: yes to their own kind of risk, a plain no to another kind
            return answers.not_that(scenario, moves.asks) or \
                answers.already(scenario) + " " + answers.follow_up(scenario, flag, "protective")
        return None

    def _answer_risk(self, scenario: Scenario, state: ClientState, text: str) -> ClientTurn:
        revealed = [s.id for s in scenario.disclosure_plan if s.kind == "risk" and s.id not in state.disclosed]
        if RiskState.from_dict(state.risk).stage != "asked" or answer_of(text) == "no":
            revealed = []  # a follow-up answer, or a plain no, reveals no plan step
        state.disclosed += revealed
        state.rapport = min(1.0, state.rapport + 0.05)  # being asked plainly is a relief
        if text in state.said:
            text = answers.already(scenario) if not text.startswith(answers.already(scenario)) else text + " ..."
        return self._turn(scenario, state, text, revealed, "open", answers=text)

    def _next_step(self, scenario: Scenario, state: ClientState, trainee: str, a):
        asked = set(topic_hits(trainee)) if (a.questions or "?" in trainee) else set()
        focus = _focus(a)  # what was asked, else the reply
        options = []
        for step in scenario.disclosure_plan:
            if step.id in state.disclosed:
                continue
            if step.says.strip() in state.said:  # already said in other words' place (e.g. the opening)
                state.disclosed.append(step.id)
                continue
            slack = TOPIC_SLACK if asked & set(step.unlocked_by) else 0.0
            if step.min_rapport > state.rapport + slack:
                continue
            rel = float(np.dot(focus, self.analyser.phrase_embedding(step.says))) if focus is not None else 0.0
            value = rel + (0.15 if asked & set(step.unlocked_by) else 0.0) - DEPTH_WEIGHT * step.min_rapport
            options.append((value, step.min_rapport, step.id, step))
        if not options:
            return None
        return max(options, key=lambda o: (o[0], -o[1], o[2]))[3]

    def close(self, scenario: Scenario, state: ClientState) -> ClientTurn:
        """The person's goodbye, by how the session went - the coldest after a last reply that hurt
        (within the last two replies); the one already said when the trainee's own goodbye was answered."""
        own = scenario.voice.closing if scenario.voice else None
        lines = own or _local(scenario).get("closing") or [t for _, t in CLOSING]
        if state.said and state.said[-1] in lines:
            return ClientTurn(state.said[-1], round(state.rapport, 3), self._count(scenario, state), [], "closing")
        i = next(i for i, (r, _) in enumerate(CLOSING) if state.rapport >= r)
        if state.low_turns or state.turn - state.hurt_at <= 1:  # no warm goodbye right after a reply that hurt
            i = len(CLOSING) - 1
        return self._turn(scenario, state, lines[i] if lines[i] not in state.said else "Goodbye.", [], "closing")
