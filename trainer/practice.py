"""A practice session, start to summary: the business rules the views call. Every step is
committed through the store as it happens, so a killed app loses nothing."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .accounts import Actor
from .client.state import ClientState, ClientTurn
from .feedback.engine import MAX_CHARS, FeedbackEngine, clean
from .models import Criterion, Feedback, Scenario
from .protocols import OnToken, SimulatedClient
from .records import CriterionMean, Cue, Recommendation, ScoreProfile, SessionSummary
from .redact import Redactor
from .scenarios import Library
from .store import SessionRecord, Store

DEFAULT_SKILL = "empathy"  # what to practise when no reply was scored

class DraftError(ValueError):
    """A draft that cannot be sent; the message says why."""


@dataclass(frozen=True)
class SessionSummaryRow:
    """One line of a trainee's history: the resume picker and the progress page."""
    id: int
    scenario_id: str
    title: str
    culture: str
    started_at: float
    ended: bool
    turns: int                    # replies sent
    profile: list[CriterionMean]  # empty until the session ended with scored replies


@dataclass
class Practice:
    """Acts for one person (`as_(actor)`); the store scopes every session it reads or writes by them."""
    library: Library
    engine: FeedbackEngine
    client: SimulatedClient
    store: Store
    redact: Redactor = field(default_factory=Redactor)  # no secret in a stored or shown note
    actor: Actor | None = None

    def as_(self, actor: Actor) -> Practice:
        """This service acting for `actor`."""
        return replace(self, actor=actor)

    @property
    def me(self) -> Actor:
        if self.actor is None:
            raise PermissionError("no one is acting: call as_(actor) first")
        return self.actor

    def start(self, scenario_id: str, seed: int = 0, assignment_id: int | None = None) -> int:
        scenario = self.library.get(scenario_id)
        state, first = self.client.start(scenario, seed=seed)
        self.engine.heard(first.text)
        return self.store.start_session(self.me, scenario.id, scenario.culture, self.client.name, seed, first.text,
                                        state.to_dict(), assignment_id)

    def record(self, session_id: int) -> SessionRecord:
        """The stored session; a summary written by older code gets its criterion names here, and a
        turn it left half-written (the reply without the client's answer) is answered now (by its owner)."""
        rec = self.store.load(self.me, session_id)
        if rec.unanswered is not None and not rec.ended_at and not rec.submitted_at and rec.user == self.me.name:
            self._answer(rec, rec.unanswered.idx, rec.unanswered.text, stored=True)
            rec = self.store.load(self.me, session_id)
        return self._named(rec)

    def _named(self, rec: SessionRecord) -> SessionRecord:
        if rec.summary is not None:
            names = self.library.criterion_names()
            rec.summary.names = {c: rec.summary.names.get(c) or names.get(c, c) for c in rec.summary.profile}
        return rec

    def history(self, user: str | None = None) -> list[SessionSummaryRow]:
        """The acting person's own sessions (or, for a supervisor or admin, those of `user` they may see), oldest first."""
        out = []
        for rec in map(self._named, self.store.sessions_of(self.me, user or self.me.name)):
            scenario = self.library.scenarios.get(rec.scenario_id)
            summary = rec.summary
            out.append(SessionSummaryRow(
                id=rec.id, scenario_id=rec.scenario_id, title=scenario.title if scenario else rec.scenario_id,
                culture=rec.culture, started_at=rec.started_at, ended=bool(rec.ended_at),
                turns=rec.turns_sent, profile=summary.rows() if summary else []))
        return out

    def scenario(self, rec: SessionRecord) -> Scenario:
        return self.library.get(rec.scenario_id)

    def feedback(self, session_id: int, draft: str) -> Feedback:
        rec = self.record(session_id)
        self._writable(rec)
        last = next((d.feedback.tip_key for d in reversed(rec.drafts) if d.feedback and d.feedback.tip_key), None)
        fb = self.engine.review(draft, self.scenario(rec), rec.client_lines, sent=rec.trainee_lines, previous_tip=last)
        if draft and draft.strip():
            self.store.add_draft(self.me, session_id, rec.next_turn, draft[:MAX_CHARS * 2], fb.model_dump(mode="json"))
        return fb

    def send(self, session_id: int, draft: str, turn_idx: int, on_token: OnToken | None = None) -> ClientTurn | None:
        """Commit the reply, then the client's answer. None when this turn was already sent."""
        text = (draft or "").strip()
        if not text:
            raise DraftError("The reply is empty: write something to the client first.")
        if len(text) > MAX_CHARS:
            raise DraftError(f"The reply is {len(text):,} characters; the limit is {MAX_CHARS:,}.")
        if not clean(text)[0]:
            raise DraftError("The reply holds only markup (HTML or Markdown), no words for the client.")
        rec = self.record(session_id)
        self._writable(rec)
        if rec.ended_at:
            raise DraftError("This session has ended; start a new one from the library.")
        if turn_idx != rec.next_turn:
            return None
        self.store.keep_reply(self.me, session_id, turn_idx, text)  # kept even if the process dies while the client answers
        return self._answer(rec, turn_idx, text, on_token=on_token)

    def _answer(self, rec: SessionRecord, turn_idx: int, text: str, stored: bool = False,
                on_token: OnToken | None = None) -> ClientTurn | None:
        """The client's answer, asked outside any transaction, then committed with the reply (unless
        `stored`) and the client's new state as one turn. None when another writer got there first."""
        state = ClientState.from_dict(rec.client_state)
        turn = self.client.respond(self.scenario(rec), state, text, on_token=on_token)
        turn.note = self.redact(turn.note) if turn.note else None
        meta = {"rapport": turn.rapport, "disclosed": turn.disclosed, "mood": turn.mood, "note": turn.note,
                "backend": turn.backend, "revealed": turn.revealed, "risk_stage": turn.risk_stage}
        if not self.store.commit_turn(self.me, rec.id, turn_idx, None if stored else text, turn.text, meta, state.to_dict(),
                                      rec.version):
            return None
        self.engine.heard(turn.text)
        return turn

    def _writable(self, rec: SessionRecord) -> None:
        if rec.user != self.me.name:
            raise DraftError("This is another person's session: you can read it, not write in it.")
        if rec.submitted_at:
            raise DraftError("This session was submitted for review and is frozen: no more drafts or replies.")

    def submit(self, session_id: int) -> None:
        """Submit the session for review: it freezes, and goes to the supervisor's queue."""
        rec = self.record(session_id)
        self._writable(rec)
        if not self.store.submit_session(self.me, session_id):
            raise DraftError("The session could not be submitted; reload the page.")

    def end(self, session_id: int) -> SessionSummary:
        """Close the session with its summary; a turn sent from another tab meanwhile is summarised too."""
        for _ in range(3):
            rec = self.record(session_id)
            if rec.summary:
                return rec.summary
            scenario = self.scenario(rec)
            state = ClientState.from_dict(rec.client_state)
            bye = self.client.close(scenario, state)
            summary = summarise(rec, scenario, self.library, bye.text)
            self._writable(rec)
            if self.store.end_session(self.me, session_id, summary, state.to_dict(), version=rec.version):
                return summary
        raise DraftError("The session kept changing while it was being closed; try End again.")


def _scores_of_sent(rec: SessionRecord) -> list[dict[str, int]]:
    return [{x.criterion: x.score for x in d.feedback.scores}
            for d in rec.drafts if d.sent and d.feedback and d.feedback.ok]


def score_profile(score_sets: Iterable[Mapping[str, int]], names: Mapping[str, str]) -> ScoreProfile:
    """Mean score per criterion over replies (criterion id -> score each), with names; strongest
    and weakest list every criterion tied at the top and at the bottom."""
    per: dict[str, list[int]] = defaultdict(list)
    for scores in score_sets:
        for c, v in scores.items():
            per[c].append(v)
    profile = {c: round(sum(v) / len(v), 2) for c, v in per.items()}
    top, low = (max(profile.values()), min(profile.values())) if profile else (None, None)
    return ScoreProfile(profile=profile, names={c: names.get(c, c) for c in profile},
                        strongest=[c for c, v in profile.items() if v == top],
                        weakest=[c for c, v in profile.items() if v == low])


def summarise(rec: SessionRecord, s: Scenario, library: Library, closing: str) -> SessionSummary:
    scores = score_profile(_scores_of_sent(rec), library.criterion_names())
    disclosed = set(rec.client_state.get("disclosed", []))
    return SessionSummary(
        **scores.model_dump(), turns=rec.turns_sent,
        reached=[Cue(kind=p.kind, says=p.says) for p in s.disclosure_plan if p.id in disclosed],
        held_back=[Cue(kind=p.kind, says=p.says) for p in s.disclosure_plan if p.id not in disclosed],
        final_rapport=rec.client_state.get("rapport"), closing=closing,
        next=recommend(scores.weakest[0] if scores.weakest else None, s, library))


def recommend(weakest: str | None, s: Scenario, library: Library) -> Recommendation | None:
    """The next scenario to practise the weakest criterion on: a different authored one, one
    that trains it (by the criterion's rubric metadata) when there is one."""
    pool = [x for x in library.scenarios.values() if x.authored and x.id != s.id]
    if not pool:
        return None
    cid = weakest or DEFAULT_SKILL
    c: Criterion | None = library.criteria.get(cid)
    if c is not None:
        pool = [x for x in pool if c.trains_on(x)] or pool
    order = {"beginner": 0, "intermediate": 1, "advanced": 2}
    pool.sort(key=lambda x: (x.culture == s.culture, abs(order[x.difficulty] - order[s.difficulty]), x.id))
    pick = pool[0]
    skill = (c.skill if c else None) or (c.name if c else cid.replace("_", " "))
    name = c.name if c else cid.replace("_", " ")
    why = f"Your lowest score was {name}: practise {skill}. " if weakest else "Keep practising the basics. "
    return Recommendation(scenario_id=pick.id, title=pick.title, skill=skill,
                          why=why + f"{pick.persona.name or 'This client'} ({pick.culture}, {pick.difficulty}) "
                                    "gives room for it.")
