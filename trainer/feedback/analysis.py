"""Analyse a draft against what the client has said: strategies per sentence, the
client's words it picks up, cultural coverage, risk, and the weak moves CONTENT.md names.
Everything here is evidence: each finding carries the draft's words that show it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..models import CoverageItem, Scenario
from ..text import lexicon as lx
from ..text.harm import HARM_LABELS, Harm, harms, obsessive_context
from ..text.harm_meaning import HarmByMeaning, judged
from ..text.language import detect_language
from ..text.risk import NEAR_MISS_PROTOTYPES, RISK_QUESTION_PROTOTYPES, SafetyResponse, is_question, safety_response
from ..text.sentences import embeddable, ends_with_question, n_words, split_sentences
from ..text.topics import topic_hits
from .risk_stage import RiskState, replay
from .strategies import SentenceStrategy, StrategyDetector, addressed, arabic_you

SEMANTIC_ENGAGE = 0.88  # cosine (multilingual-e5) above which a sentence engages a phrase
RECENT_TURNS = 3        # the client's turns a draft is compared with for attunement
ON_TOPIC = 0.85         # cosine (multilingual-e5) above which a sentence is about what the client said
REVEAL_SHARE = 0.5      # share of a cue's content words the client must have said
LISTENING = ("Reflection of Feelings", "Affirmation and Reassurance", "Restatement or Paraphrasing")
MIN_CONFIDENCE = 0.5    # below this a sentence's strategy is not used as evidence
TENTATIVE = re.compile(r"\b(maybe|perhaps|might|could|if you (want|like|feel ready)|when you'?re ready|"
                       r"would it help|i wonder|vielleicht|könnte|wenn du magst)\b", re.I)
# A question in a language the risk rules barely cover asks about suicide or self-harm when its
# cosine to a risk-question prototype is at least RISK_MEANING and beats every advice prototype by
# RISK_MARGIN (multilingual-e5; set by hand on the cases in tests/test_risk.py, where risk questions
# in Arabic, Hebrew and Chinese score 0.87-0.95 with margins 0.03-0.08 and near-misses stay below).
RISK_MEANING = 0.87
RISK_MARGIN = 0.025
_RULE_LANGUAGES = {"en", "de"}
_CULTURAL_TOPICS = {"family", "faith", "community", "language", "migration", "identity", "discrimination"}


@dataclass
class Target:
    kind: str  # distress | cultural | risk
    phrase: str
    label: str
    topic: str | None = None


@dataclass
class DraftAnalysis:
    draft: str
    language: str | None
    sentences: list[str]
    strategies: list[SentenceStrategy]
    n_words: int
    client_words: dict[str, str]       # stem -> the draft's word, shared with the client
    feelings: list[str]
    reflections: list[str]             # sentences that reflect feeling or content
    validations: list[str]
    questions: list[str]
    open_questions: list[str]
    meaning: list[str]
    suggestions: list[str]
    tentative: list[str]
    early_advice: bool
    minimising: list[str]
    stereotyping: list[str]
    imposing: list[str]
    lecture: list[str]
    jargon: list[str]
    outside_forces: list[str]
    client_forces: list[str]
    client_topics: set[str]
    draft_topics: dict[str, list[str]]
    coverage: list[CoverageItem]
    risk_applicable: bool
    acknowledgements: list[str] = field(default_factory=list)
    specific: list[str] = field(default_factory=list)   # the client's own uncommon terms
    echo: list[str] = field(default_factory=list)       # client words outside advice sentences
    risk: SafetyResponse = field(default_factory=SafetyResponse)
    risk_state: RiskState = field(default_factory=RiskState)  # where the conversation was before this draft
    risk_vague: list[str] = field(default_factory=list)
    risk_concern: list[str] = field(default_factory=list)
    follows_on: bool = False  # the reply opens by responding to the client's own words
    warmth: list[str] = field(default_factory=list)     # expressions of care: sorry, I hope, hugs ...
    attunement: float = 0.0   # highest cosine of a draft sentence to what the client said
    support_words: int = 0    # words of sentences addressed to the client or about what they said
    embedding: np.ndarray | None = None  # mean of the sentence embeddings
    vectors: np.ndarray | None = None    # each sentence's embedding (zeros past the draft's budget)
    harms: list[Harm] = field(default_factory=list)  # harmful moves (CONTENT.md), each with its sentences
    sympathy: list[str] = field(default_factory=list)     # generic warmth about the difficulty ("that's hard")
    invitations: list[str] = field(default_factory=list)  # invites more without a question ("I'd like to hear")
    first_turn: bool = False  # the client has spoken once: nothing has been explored yet

    @property
    def undoing(self) -> list[str]:
        """Arguing the client out of suicidal thoughts, or secrecy: a harm only where risk is live."""
        return self.risk.undoes if self.risk_applicable else []

    @property
    def dismissing(self) -> list[str]:
        return self.risk.dismisses if self.risk_applicable else []

    @property
    def engaged(self) -> list[CoverageItem]:
        return [c for c in self.coverage if c.engaged]


# Words that point a statement at the client (a reflection addresses them or what they said).
_TOWARDS = re.compile(r"\byou|\bdu\b|\bdir\b|\bdich\b|\bdas\b|\bes\b|\bthat\b|\bthis\b|\bit\b|\bSie\b|"
                      r"\bIhnen\b|\bIhr\w*|\bi (notice|noticed|hear|can hear|sense|can see)\b|\bich (höre|merke|spüre)\b",
                      re.I)
# A statement about the client's situation in second person: a restatement when it uses their words.
_RESTATES = re.compile(r"^(and |so |also )?(you('re| are|'ve| have|'d| had| were| still| keep)|your |du (bist|hast|warst|"
                       r"trägst|machst|kümmerst)|dein\w* |Sie (sind|haben|waren|tragen|kümmern)|Ihr\w* )", re.I)
_QUOTED = re.compile(r"[\"“„‘«]([^\"“”„‘’«»]{3,80})[\"”“’»]")


def _quotes_client(sentence: str, client_text: str) -> bool:
    """The sentence quotes the client's own words back to them."""
    said = client_text.lower()
    return any(q.strip().lower() in said for q in _QUOTED.findall(sentence))


def said_lines(client_text: str) -> list[str]:
    """The client's turns, one per non-empty line."""
    return [x for x in client_text.splitlines() if x.strip()]


def _present(phrase: str, client_stems: set[str]) -> bool:
    stems = set(lx.content_stems(phrase))
    return bool(stems) and len(stems & client_stems) / len(stems) >= REVEAL_SHARE


def revealed(scenario: Scenario, client_text: str) -> list[Target]:
    """The cues and signals the client has voiced so far."""
    cs = set(lx.content_stems(client_text))
    out = [Target("distress", c.phrase, c.intensity) for c in scenario.distress_cues if _present(c.phrase, cs)]
    out += [Target("cultural", s.phrase, s.type, s.topic) for s in scenario.cultural_signals
            if _present(s.phrase, cs)]
    for r in scenario.risk_flags:
        if _present(r.cue, cs):
            out.append(Target("risk", r.cue, r.kind.replace("_", " ")))
        elif r.early_hint and _present(r.early_hint, cs):
            out.append(Target("risk", r.early_hint, r.kind.replace("_", " ")))
    return out


def world_text(s: Scenario) -> str:
    """What a trainee knows of the client's world: the persona card and the scenario's signals."""
    p = s.persona
    parts = [p.setting, p.family, p.work, p.migration, p.religion, " ".join(p.languages), " ".join(p.other),
             s.presenting_concern] + [c.phrase for c in s.cultural_signals]
    return " ".join(x for x in parts if x)


class Analyser:
    def __init__(self, embedder, detector: StrategyDetector | None = None, cache_dir=None):
        self.embedder = embedder
        self.cache_dir = cache_dir
        self.detector = detector or StrategyDetector(embedder, cache_dir)
        self._phrases: dict[str, np.ndarray] = {}
        self._harm_meaning: HarmByMeaning | None = None

    def harms_by_meaning(self, sentences: list[str], emb: np.ndarray, allowed: set[str]) -> list[Harm]:
        """Harmful statements found by meaning (languages without harm rules)."""
        if self._harm_meaning is None:
            self._harm_meaning = HarmByMeaning(lambda texts: self.embedder.encode_cached(texts, self.cache_dir))
        statements = set(judged(sentences))
        keep = [i for i, x in enumerate(sentences) if x in statements]
        return self._harm_meaning.find([sentences[i] for i in keep], emb[keep], allowed)

    def phrase_embedding(self, text: str) -> np.ndarray:
        if text not in self._phrases:
            self.embed_phrases([text])
        return self._phrases[text]

    def embed_phrases(self, texts: list[str]) -> None:
        """Embed in one batch the phrases not seen before (cached for the process)."""
        new = [t for t in dict.fromkeys(texts) if t not in self._phrases]
        if new:
            if len(self._phrases) > 20000:
                self._phrases.clear()
            self._phrases.update(zip(new, self.embedder.encode(new)))

    def _embed(self, sentences: list[str]) -> np.ndarray:
        """A draft's sentences embedded, each from a bounded number of tokens (see embeddable)."""
        out = np.zeros((len(sentences), self.embedder.dim))
        cut = embeddable(sentences)
        keep = [i for i, x in enumerate(cut) if x]
        if keep:
            out[keep] = self.embedder.encode([cut[i] for i in keep])
        return out

    def risk_moves(self, text: str) -> SafetyResponse:
        """What a reply does about risk: by rules, and by meaning where the rules barely reach."""
        sentences = split_sentences(text)
        emb = self._embed(sentences)
        return self._risk_moves(text, sentences, emb)

    def _risk_moves(self, text: str, sentences: list[str], emb: np.ndarray) -> SafetyResponse:
        by_meaning = []
        for s, v in zip(sentences, emb):
            if is_question(s) and (detect_language(s) or "en") not in _RULE_LANGUAGES:
                ask = max(float(v @ self.phrase_embedding(p)) for p in RISK_QUESTION_PROTOTYPES)
                near = max(float(v @ self.phrase_embedding(p)) for p in NEAR_MISS_PROTOTYPES)
                if ask >= RISK_MEANING and ask - near >= RISK_MARGIN:
                    by_meaning.append(s)
        return safety_response(text, sentences, asks=by_meaning)

    def risk_state(self, scenario: Scenario, client_lines: list[str], sent: list[str]) -> RiskState:
        """Where the risk conversation has got to (the client's lines and the replies sent between them)."""
        return replay(scenario, client_lines, sent, self.risk_moves)

    def analyse(self, draft: str, scenario: Scenario, client_text: str,
                risk_state: RiskState | None = None) -> DraftAnalysis:
        sentences = split_sentences(draft)
        language = detect_language(draft)
        german = language == "de"  # German reflections are second-person statements in the client's words
        targets = revealed(scenario, client_text)
        emb = self._embed(sentences)
        prior = risk_state if risk_state is not None else self.risk_state(scenario, said_lines(client_text), [])
        risk = self._risk_moves(draft, sentences, emb)
        self.embed_phrases([t.phrase for t in targets])
        strategies = self.detector.score_sentences(sentences, emb)
        draft_stems = lx.content_stems(draft)
        client_stems = lx.content_stems(client_text)
        shared = {k: v for k, v in draft_stems.items() if k in client_stems}
        by = {s.text: s.strategy for s in strategies if s.confidence >= MIN_CONFIDENCE}
        you = _TOWARDS
        def echoes(x: str) -> int:
            return len(set(lx.content_stems(x)) & set(client_stems))
        to_client = self._to_client(emb, client_text)
        support = sum(n_words(x) for x, st, sim in zip(sentences, strategies, to_client)
                      if sim >= ON_TOPIC or echoes(x) or st.evidence or addressed(x))
        questions = [s for s in sentences if ends_with_question(s) or by.get(s) == "Questions"]
        # The detector's "suggestion" by meaning alone, with no advice word, is a statement ("Kein Wunder, dass…").
        for st in strategies:
            if by.get(st.text) in ("Providing Suggestions", "Information") and not st.evidence \
                    and not lx.ADVICE.search(st.text) and (by.get(st.text) == "Providing Suggestions"
                                                          or lx.SECOND_PERSON.search(st.text)):
                by[st.text] = "Restatement or Paraphrasing"
        statements = [s for s in sentences if s not in questions and by.get(s) not in ("Providing Suggestions",
                                                                                        "Information")]
        reflections = [s for s in sentences if by.get(s) == "Reflection of Feelings"
                       or (german and s in statements and lx.SECOND_PERSON.search(s) and not lx.ADVICE.search(s)
                           and (echoes(s) >= 1 or lx.FEELINGS.search(s)))
                       or (by.get(s) == "Restatement or Paraphrasing" and echoes(s) >= 2)
                       or (s in statements and lx.FEELINGS.search(s) and (you.search(s) or arabic_you(s)))
                       or (s in statements and _RESTATES.search(s) and echoes(s) >= 2)
                       or (s in statements and lx.REFLECT_STEM.search(s.strip()) and _TOWARDS.search(s) is not None
                           and (echoes(s) >= 1 or lx.FEELINGS.search(s)))
                       or (by.get(s) != "Providing Suggestions" and _quotes_client(s, client_text))]
        sympathy = [s for s in sentences if s not in reflections and s not in questions and lx.FEELINGS.search(s)
                    and by.get(s) != "Providing Suggestions" and not lx.ADVICE.search(s)]
        open_q = [q for q in questions if lx.OPEN_QUESTION.search(q.strip())]
        suggestions = [s for s in sentences if by.get(s) == "Providing Suggestions"]
        first_support = next((i for i, s in enumerate(sentences) if s in reflections), None)
        first_advice = next((i for i, s in enumerate(sentences) if s in suggestions), None)
        early = first_advice is not None and (first_support is None or first_advice < first_support)
        draft_topics = topic_hits(draft)
        risk_applicable = prior.live or bool(risk.asks)  # a cue given, or screening (always allowed)
        obsessive = obsessive_context(scenario.tags, client_text)
        found = harms(sentences, obsessive, risk.undoes if risk_applicable else None)
        if language is not None and language not in _RULE_LANGUAGES and sentences:  # no harm rules for it: by meaning
            allowed = {k for k in HARM_LABELS if (k != "ocd_reassurance" or obsessive)
                       and (k != "risk_undoing" or risk_applicable)}
            ruled = {h.kind for h in found}
            found += [h for h in self.harms_by_meaning(sentences, emb, allowed) if h.kind not in ruled]
        harmful = {x for h in found for x in h.evidence}
        # Engagement is what a sentence does with a word, not the word: a cultural signal is engaged
        # by a sentence that reflects or asks about it; advice, information and harm engage nothing.
        engaging = [x for x in sentences if x not in harmful and x not in suggestions
                    and by.get(x) != "Information" and (x in reflections or x in questions or lx.MEANING.search(x)
                                                        or lx.ACKNOWLEDGE.search(x))]
        towards = [x for x in sentences if x not in harmful and x not in suggestions
                   and (x in engaging or addressed(x))]
        views = {kind: (xs, lx.content_stems(" ".join(xs)), topic_hits(" ".join(xs)))
                 for kind, xs in (("cultural", engaging), ("other", towards))}
        coverage = [self._cover(t, sentences, emb, draft_stems, *views["cultural" if t.kind == "cultural" else "other"])
                    for t in targets]
        minimising = [m for m in lx.found(lx.MINIMISING, draft) if not any(m in s for s in risk.asks)]
        risk_stems = {k for t in targets if t.kind == "risk" for k in lx.content_stems(t.phrase)}
        listening = " ".join(x for x in sentences if x in reflections or by.get(x) in LISTENING + ("Questions",))
        echo = [w for k, w in lx.content_stems(listening).items() if k in client_stems]
        if minimising and not any(h.kind == "minimising" for h in found):
            found.append(Harm("minimising", [x for x in sentences if any(m in x for m in minimising)] or minimising))
        return DraftAnalysis(
            draft=draft, language=language, sentences=sentences, strategies=strategies,
            n_words=len(lx.words(draft)), client_words=shared,
            feelings=lx.found(lx.FEELINGS, draft), reflections=reflections,
            validations=[s for s in sentences if by.get(s) == "Affirmation and Reassurance"],
            questions=questions, open_questions=open_q,
            meaning=[s for s in sentences if lx.MEANING.search(s)],
            suggestions=suggestions, tentative=[s for s in suggestions if TENTATIVE.search(s)],
            early_advice=early, minimising=minimising,
            stereotyping=lx.found(lx.STEREOTYPING, draft), imposing=lx.found(lx.IMPOSING, draft),
            lecture=lx.found(lx.LECTURE, draft), jargon=lx.found(lx.JARGON, draft),
            outside_forces=lx.found(lx.OUTSIDE_FORCES, " ".join(towards)),
            client_forces=lx.found(lx.OUTSIDE_FORCES, client_text),
            client_topics=set(topic_hits(client_text)) & _CULTURAL_TOPICS,
            draft_topics=draft_topics, coverage=coverage, risk_applicable=risk_applicable,
            risk=risk, risk_state=prior, acknowledgements=lx.found(lx.ACKNOWLEDGE, draft),
            specific=lx.specific_terms(" ".join(engaging), world_text(scenario) + " " + client_text), echo=echo,
            risk_vague=[q for q in questions if set(lx.content_stems(q)) & risk_stems],
            embedding=emb.mean(axis=0) if len(emb) else None, vectors=emb,
            follows_on=self._follows_on(sentences, strategies, by, client_text, echoes),
            warmth=lx.found(lx.WARMTH, draft), attunement=float(to_client.max()) if len(to_client) else 0.0,
            support_words=support, harms=found, first_turn=len(said_lines(client_text)) <= 1,
            sympathy=sympathy, invitations=lx.found(lx.INVITE, draft),
            risk_concern=[x for x in sentences if re.search(r"\b(worr|concern|scar)\w*\b", x, re.I)
                          and set(lx.content_stems(x)) & risk_stems],
        )

    def _to_client(self, emb: np.ndarray, client_text: str) -> np.ndarray:
        """Per draft sentence: its highest cosine to any of the client's last RECENT_TURNS turns
        (one per line; each embedded once and cached, see embed_phrases)."""
        turns = said_lines(client_text)[-RECENT_TURNS:]
        if not turns or not len(emb):
            return np.zeros(len(emb))
        self.embed_phrases(turns)
        return (emb @ np.stack([self._phrases[x] for x in turns]).T).max(axis=1)

    @staticmethod
    def _follows_on(sentences, strategies, by, client_text, echoes) -> bool:
        """The reply opens by responding to what the client said, not with advice or a verdict."""
        if not sentences:
            return False
        first = sentences[0]
        if any(rx.search(first) for rx in (lx.MINIMISING, lx.IMPOSING, lx.STEREOTYPING)) or \
                safety_response(first, [first]).dismisses:
            return False
        if lx.ACKNOWLEDGE.search(first):
            return True
        if echoes(first) >= 1 and by.get(first) not in ("Providing Suggestions", "Information"):
            return True
        said = {w for w in lx.words(client_text) if len(w) >= 5}
        return strategies[0].strategy in LISTENING and len(lx.words(first)) >= 4 \
            and bool(said & set(lx.words(first)))

    def _cover(self, t: Target, sentences: list[str], emb: np.ndarray, draft_stems: dict[str, str],
               engaging: list[str], engaging_stems: dict[str, str],
               engaging_topics: dict[str, list[str]]) -> CoverageItem:
        """Whether the draft engages a cue or signal: its words, its topic or its meaning, in a
        sentence that engages (see analyse: the sentences, their stems and topics); the same
        words in advice do not count."""
        stems = lx.content_stems(t.phrase)
        lexical = [draft_stems[k] for k in stems if k in draft_stems and k in engaging_stems]
        topical = engaging_topics.get(t.topic, []) if t.topic else []
        sim, best = 0.0, ""
        if len(emb) and engaging:
            sims = emb @ self.phrase_embedding(t.phrase)
            i = max((j for j, x in enumerate(sentences) if x in engaging), key=lambda j: sims[j])
            sim, best = float(sims[i]), sentences[i]
        if lexical:
            how = "picks up the client's words"
        elif topical:
            how = f"touches the client's {t.topic}"
        elif sim >= SEMANTIC_ENGAGE:
            how = f"close in meaning ({sim:.2f})"
        else:
            how = ""
        evidence = lexical or topical or ([best] if how else [])
        return CoverageItem(kind=t.kind, phrase=t.phrase, label=t.label, engaged=bool(how),
                            evidence=list(dict.fromkeys(evidence))[:5], how=how)
