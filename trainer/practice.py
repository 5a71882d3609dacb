"""A practice session, start to summary: the business rules the views call. Every step is
committed through the store as it happens, so a killed app loses nothing."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .client.state import ClientState, ClientTurn
from .feedback.engine import MAX_CHARS, FeedbackEngine
from .models import Feedback, Scenario
from .protocols import OnToken, SimulatedClient
from .scenarios import Library
from .store import SessionRecord, Store

SKILLS = {
    "empathy": "reflecting what the client feels, in their own words",
    "helpfulness": "exploring before advising, and offering options tentatively",
    "fluency": "opening each reply by responding to what the client just said",
    "sociopolitical": "naming the pressures around the client (migration, discrimination, family expectations)",
    "cultural_knowledge": "asking what the client's specifics mean to them instead of assuming",
    "communication": "matching the client's tone and words; asking rather than telling",
    "cultural_context": "exploring the client's family, faith and community as their world",
    "risk_assessment": "noticing a risk cue and asking directly about suicide or self-harm",
}
_TAGS_FOR = {"sociopolitical": {"discrimination", "racism", "islamophobia", "antisemitism", "migration", "visa",
                                "refugee", "unemployment"},
             "cultural_context": {"family", "faith", "religion", "caregiving", "identity"}}


class DraftError(ValueError):
    """A draft that cannot be sent; the message says why."""


@dataclass
class Practice:
    library: Library
    engine: FeedbackEngine
    client: SimulatedClient
    store: Store

    def start(self, user: str, scenario_id: str, seed: int = 0) -> int:
        s = self.library.get(scenario_id)
        st, first = self.client.start(s, seed=seed)
        self.engine.heard(first.text)
        return self.store.start_session(user, s.id, s.culture, self.client.name, seed, first.text, st.to_dict())

    def record(self, session_id: int) -> SessionRecord:
        return self.store.load(session_id)

    def scenario(self, rec: SessionRecord) -> Scenario:
        return self.library.get(rec.scenario_id)

    def client_lines(self, rec: SessionRecord) -> list[str]:
        return [t["text"] for t in rec.turns if t["role"] == "client"]

    def feedback(self, session_id: int, draft: str) -> Feedback:
        rec = self.record(session_id)
        fb = self.engine.review(draft, self.scenario(rec), self.client_lines(rec))
        if draft and draft.strip():
            self.store.add_draft(session_id, rec.next_turn, draft[:MAX_CHARS * 2], fb.model_dump(mode="json"))
        return fb

    def send(self, session_id: int, draft: str, turn_idx: int, on_token: OnToken | None = None) -> ClientTurn | None:
        """Commit the reply, then the client's answer. None when this turn was already sent."""
        text = (draft or "").strip()
        if not text:
            raise DraftError("The reply is empty: write something to the client first.")
        if len(text) > MAX_CHARS:
            raise DraftError(f"The reply is {len(text):,} characters; the limit is {MAX_CHARS:,}.")
        rec = self.record(session_id)
        if rec.ended_at:
            raise DraftError("This session has ended; start a new one from the library.")
        if turn_idx != rec.next_turn or not self.store.record_trainee(session_id, turn_idx, text):
            return None
        s = self.scenario(rec)
        st = ClientState.from_dict(rec.client_state)
        turn = self.client.respond(s, st, text, on_token=on_token)
        self.store.record_client(session_id, turn_idx, turn.text,
                                 {"rapport": turn.rapport, "disclosed": turn.disclosed, "mood": turn.mood,
                                  "note": turn.note, "backend": turn.backend, "revealed": turn.revealed},
                                 st.to_dict())
        self.engine.heard(turn.text)
        return turn

    def end(self, session_id: int) -> dict:
        rec = self.record(session_id)
        if rec.summary:
            return rec.summary
        s = self.scenario(rec)
        st = ClientState.from_dict(rec.client_state)
        bye = self.client.close(s, st)
        summary = summarise(rec, s, self.library, bye.text)
        self.store.end_session(session_id, summary, st.to_dict())
        return summary


def _scores_of_sent(rec: SessionRecord) -> list[dict[str, int]]:
    out = []
    for d in rec.drafts:
        if d["sent"] and d["feedback"] and d["feedback"].get("ok"):
            out.append({s["criterion"]: s["score"] for s in d["feedback"]["scores"]})
    return out


def summarise(rec: SessionRecord, s: Scenario, library, closing: str) -> dict:
    per = defaultdict(list)
    for scores in _scores_of_sent(rec):
        for c, v in scores.items():
            per[c].append(v)
    profile = {c: round(sum(v) / len(v), 2) for c, v in per.items()}
    disclosed = set(rec.client_state.get("disclosed", []))
    reached = [{"kind": p.kind, "says": p.says} for p in s.disclosure_plan if p.id in disclosed]
    held = [{"kind": p.kind, "says": p.says} for p in s.disclosure_plan if p.id not in disclosed]
    strongest = max(profile, key=profile.get) if profile else None
    weakest = min(profile, key=profile.get) if profile else None
    return {"turns": sum(1 for t in rec.turns if t["role"] == "trainee"), "profile": profile,
            "strongest": strongest, "weakest": weakest, "reached": reached, "held_back": held,
            "final_rapport": rec.client_state.get("rapport"), "closing": closing,
            "next": recommend(weakest, s, library, rec)}


def recommend(weakest: str | None, s: Scenario, library, rec: SessionRecord) -> dict | None:
    """The next scenario to practise the weakest skill on: a different authored one."""
    pool = [x for x in library.scenarios.values() if x.authored and x.id != s.id]
    if not pool:
        return None
    skill = weakest or "empathy"
    if skill == "risk_assessment":
        pool = [x for x in pool if x.risk_flags] or pool
    elif skill in _TAGS_FOR:
        pool = [x for x in pool if _TAGS_FOR[skill] & set(x.tags)] or pool
    order = {"beginner": 0, "intermediate": 1, "advanced": 2}
    pool.sort(key=lambda x: (x.culture == s.culture, abs(order[x.difficulty] - order[s.difficulty]), x.id))
    pick = pool[0]
    why = (f"Your lowest score was {skill.replace('_', ' ')}: practise {SKILLS.get(skill, skill)}. "
           if weakest else "Keep practising the basics. ")
    return {"scenario_id": pick.id, "title": pick.title, "skill": SKILLS.get(skill, skill),
            "why": why + f"{pick.persona.name or 'This client'} ({pick.culture}, {pick.difficulty}) gives room for it."}
