"""Feedback on a draft, before it is sent: checks the input, analyses it, scores it (LLM
judge when configured, else offline), retrieves exemplars and writes one revision tip."""
from __future__ import annotations

import html
import re
import time
import unicodedata

import numpy as np

from ..models import Feedback, HarmNote, Rubric, Scenario, Score, StrategyUse, Withheld
from ..protocols import ChatModel, ExemplarRetriever
from ..redact import Redactor
from ..scenarios import Library
from ..text.harm import Harm, caps
from ..text.language import LANGUAGE_NAMES, detect_language
from ..text.sentences import squeeze
from .analysis import Analyser, said_lines
from .judge import JudgeError, judge
from .judge_check import check
from .risk_stage import risk_note_for
from .scoring import score
from .tips import tip

MAX_CHARS = 4000
NOTE_CHARS = 300  # an endpoint's error message, shortened (after redaction) for the note
_TAG = re.compile(r"<[^>]{1,200}>")
_MD = re.compile(r"(\*\*|__|`{1,3}|^#{1,6}\s+|^>\s?|^\s*[-*+]\s+)", re.M)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\u00ad\ufeff\u202a-\u202e\u2066-\u2069]")  # zero-width, bidi controls


def clean(draft: str) -> tuple[str, bool]:
    """Plain text of a draft and whether markup was removed (it is judged as text, never rendered)."""
    text = _LINK.sub(r"\1", draft)
    text = html.unescape(_TAG.sub(" ", text))
    text = _MD.sub("", text)
    text = _INVISIBLE.sub("", re.sub(r"[ \t]+", " ", text)).strip()
    if not re.search(r"[^\W_]", text) and not any(unicodedata.category(c) == "So" for c in text):
        return "", True  # no letter, digit or emoji: only markup, punctuation or invisible characters
    return squeeze(text), text != draft.strip()


def reliability(draft: str, sentences: list[str]) -> tuple[str | None, list[str]]:
    langs = [detect_language(s) or "en" for s in sentences]
    main = max(set(langs), key=langs.count) if langs else None
    notes = []
    for lang in sorted(set(langs) - {"en"}):
        name = LANGUAGE_NAMES.get(lang, lang)
        parts = [s for s, code in zip(sentences, langs) if code == lang]
        if lang == "de":
            continue  # German has its own rules throughout, checked on the clinician-graded set
        notes.append(f"{len(parts)} sentence(s) in {name}: only a few {name} rules exist, so strategies, coverage "
                     "and the risk question are judged by meaning (multilingual model). Emotion words, minimising and "
                     f"stereotyping are not detected in {name}.")
    return main, notes


# The offline rules judge English and German; in another language the scores that rest on them are
# withheld (a harm found by the rules still scores, with its evidence), the risk question (judged by
# meaning) and the LLM judge's scores are kept.
RULE_LANGUAGES = {"en", "de"}
BY_RULES = {"empathy", "helpfulness", "fluency", "sociopolitical", "cultural_knowledge", "communication",
            "cultural_context"}


def withhold(scores: list[Score], language: str | None, harmful: set[str]) -> tuple[list[Score], list[Withheld]]:
    """(scores kept, criteria withheld with the reason) for a draft in `language`."""
    if language is None or language in RULE_LANGUAGES:
        return scores, []
    name = LANGUAGE_NAMES.get(language, language)
    kept, held = [], []
    for s in scores:
        if s.criterion in BY_RULES and s.criterion not in harmful:
            held.append(Withheld(criterion=s.criterion, name=s.name, reason=(
                f"Not scored offline for a reply in {name}: the rules behind this criterion (feelings, reflections, "
                f"stereotypes, tone) exist for English and German only, and judging {name} by meaning alone ranked "
                "replies wrongly on the clinician-graded set. Configure an LLM judge, or ask your supervisor.")))
        else:
            kept.append(s)
    return kept, held


def withhold_possible_harm(scores: list[Score], found: list[Harm], language: str | None) -> tuple[list[Score], list[Withheld]]:
    """A harm found only by meaning is likely, not certain: the criteria it would cap get no score
    (neither a middling one nor a confident 1), and the reason names the sentence to look at again."""
    ruled = set(caps([h for h in found if not h.by_meaning]))
    limit = {c: h for c, (_, h) in caps([h for h in found if h.by_meaning]).items() if c not in ruled}
    name = LANGUAGE_NAMES.get(language or "", language or "this language")
    kept, held = [], []
    for s in scores:
        h = limit.get(s.criterion)
        if h is None:
            kept.append(s)
            continue
        held.append(Withheld(criterion=s.criterion, name=s.name, reason=(
            f"Possibly harmful ({h.label}): “{h.evidence[0]}”. This was found by meaning, as no rules exist for "
            f"{name}, so it is not certain; the criterion is not scored. Read the sentence again, or ask your "
            "supervisor.")))
    return kept, held


class FeedbackEngine:
    def __init__(self, library: Library, analyser: Analyser, retriever: ExemplarRetriever | None = None,
                 chat: ChatModel | None = None, redact: Redactor = Redactor()):
        self.library = library
        self.analyser = analyser
        self.retriever = retriever
        self.chat = chat
        self.redact = redact  # an endpoint's error can echo the API key: masked before it becomes a note

    def heard(self, client_line: str) -> None:
        """Embed a client's new line as it is said, so the next draft's feedback finds it cached."""
        self.analyser.embed_phrases(said_lines(client_line))

    def review(self, draft: str, scenario: Scenario, client_lines: list[str],
               use_llm: bool = True, sent: list[str] | None = None, previous_tip: str | None = None) -> Feedback:
        """Feedback on a draft. client_lines: what the client has said; sent: the trainee's replies
        between them (for where the risk conversation stands); previous_tip: the key of the tip shown
        for the draft before this one (the new tip differs)."""
        t0 = time.perf_counter()
        if draft is None or not draft.strip():
            return Feedback(ok=False, draft=draft or "", message="The draft is empty: write a reply to the client first.")
        if len(draft) > MAX_CHARS:
            return Feedback(ok=False, draft=draft[:200], message=(
                f"The draft is {len(draft):,} characters; the limit is {MAX_CHARS:,}. A reply a client can take in "
                "is usually a few sentences: shorten it and ask again."))
        text, had_markup = clean(draft)
        if not text:
            return Feedback(ok=False, draft=draft, message="The draft holds only markup, no words to judge.")
        client_text = "\n".join(client_lines)
        prior = self.analyser.risk_state(scenario, client_lines, sent or [])
        a = self.analyser.analyse(text, scenario, client_text, risk_state=prior)
        rubrics = self._rubrics(scenario, a.risk_applicable)
        t_an = time.perf_counter()
        language, notes = reliability(text, a.sentences)
        if had_markup:
            notes.insert(0, "Markup (HTML or Markdown) was removed: the reply is judged as plain text.")
        offline = score(a, rubrics)
        kept, possible = withhold_possible_harm(offline, a.harms, language)
        scores, withheld = withhold(kept, language, set(caps([h for h in a.harms if not h.by_meaning])))
        withheld = possible + withheld
        scorer, scorer_note, judged, judge_notes = "offline", None, None, []
        if use_llm and self.chat is not None:
            try:
                llm_scores, judged = judge(self.chat, text, scenario, client_text, rubrics,
                                           {s.criterion for s in offline},
                                           risk=prior.describe() if a.risk_applicable else None)
                # evidence in the draft, no self-contradiction, harms capped, disagreements shown
                checked = check(llm_scores, offline, text, withheld, a.harms)
                scores, possible = withhold_possible_harm(checked.scores, a.harms, language)
                withheld, judge_notes = checked.withheld + possible, checked.notes
                if checked.trusted:
                    scorer = "llm"
                else:  # nothing the judge said held up: neither its scores nor its tip and adapted reply
                    judged = None
                    scorer_note = "The LLM judge's reply did not hold up (see the notes). These are the offline scores."
            except JudgeError as e:
                scorer_note = f"The LLM judge was not used: {self.redact(str(e))[:NOTE_CHARS]}. These are the offline scores."
        t_sc = time.perf_counter()
        exemplars = self._exemplars(a, client_lines, scenario)
        t = tip(a, scores, scenario, client_lines, exemplars, previous=previous_tip)
        goal, alt, tip_key = t.goal, t.reply, t.key
        drops_risk = bool(judged and judged.tip_reply and a.risk.acts
                          and not self.analyser.risk_moves(judged.tip_reply).acts)  # never drop a risk question
        if judged and judged.tip_goal and judged.tip_reply and not drops_risk:
            goal, alt, tip_key = judged.tip_goal, judged.tip_reply, "llm"
        risk_note, risk_status = None, None
        risk_score = next((s.score for s in scores if s.criterion == "risk_assessment"), None)
        if a.risk_applicable and risk_score is not None:
            risk_status = "asked" if risk_score >= 4 else "not_asked"
            risk_note = risk_note_for(a.risk_state, a.risk, risk_score)
        fb = Feedback(
            draft=text, language=language, reliability_notes=notes, scorer=scorer, scorer_note=scorer_note,
            judge_notes=[self.redact(n) for n in judge_notes],
            scores=scores, withheld=withheld,
            harms=[HarmNote(kind=h.kind, label=h.label, evidence=h.evidence, by_meaning=h.by_meaning) for h in a.harms],
            strategies=[StrategyUse(sentence=s.text, strategy=s.strategy, confidence=s.confidence,
                                    evidence=s.evidence) for s in a.strategies],
            exemplar_strategies=sorted({x for e in exemplars if e.role == "model" for x in e.strategies}),
            coverage=a.coverage, risk_note=risk_note, risk_status=risk_status, risk_stage=prior.stage, exemplars=exemplars,
            tip_goal=goal, tip_reply=alt, tip_key=tip_key,
            adapted_reply=judged.adapted_reply if judged else None)
        fb.timings_ms = {"analysis": round((t_an - t0) * 1000, 1), "scoring": round((t_sc - t_an) * 1000, 1),
                         "total": round((time.perf_counter() - t0) * 1000, 1)}
        return fb

    def _rubrics(self, scenario: Scenario, risk_live: bool) -> list[Rubric]:
        """The scenario's rubrics, and the risk rubric whenever risk is live (a cue in the client's
        words or a screening question), flag or no flag."""
        out = [self.library.rubrics[r] for r in scenario.rubrics if r in self.library.rubrics]
        if risk_live and not any(r.applies_to == "risk" for r in out):
            out += [r for r in self.library.rubrics.values() if r.applies_to == "risk"]
        return out

    def _exemplars(self, a, client_lines: list[str], scenario: Scenario):
        """Nearest to the moment: the draft's meaning and the client's last words."""
        if self.retriever is None or a.embedding is None:
            return []
        moment = self.analyser.phrase_embedding(client_lines[-1] if client_lines else scenario.opening_line)
        q = a.embedding + moment
        return self.retriever.retrieve(q / (np.linalg.norm(q) or 1), scenario,
                                       risk_live=a.risk_applicable and not a.risk_state.settled,
                                       client_text="\n".join(client_lines))
