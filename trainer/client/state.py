"""What the simulated client carries between turns, and how a trainee's reply moves rapport."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..feedback.analysis import DraftAnalysis
from ..models import Score
from ..text.harm import TRUST_DROP

START_RAPPORT = 0.25
LOW = 0.15  # below this the client withdraws


@dataclass
class ClientState:
    scenario_id: str
    seed: int = 0
    rapport: float = START_RAPPORT
    turn: int = 0
    disclosed: list[str] = field(default_factory=list)   # disclosure-step ids revealed so far
    said: list[str] = field(default_factory=list)        # every client line, to never repeat one
    trainee: list[str] = field(default_factory=list)     # every trainee reply sent
    risk: dict = field(default_factory=dict)             # the risk conversation (RiskState.to_dict)
    low_turns: int = 0                                   # consecutive turns below LOW
    hurt_at: int = -9                                    # the last turn whose reply pushed the client back

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict) -> "ClientState":
        """Keys this version no longer keeps (e.g. 'closed' in older rows) are dropped."""
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


@dataclass
class ClientTurn:
    text: str
    rapport: float
    disclosed: int                  # distress cues and held-back details revealed so far
    revealed: list[str] = field(default_factory=list)  # step ids revealed by this turn
    mood: str = "open"              # open | guarded | pushback | withdrawn | closing
    note: str | None = None         # e.g. "the LLM client failed; offline reply"
    backend: str = "offline"
    risk_stage: str = "none"        # where the risk conversation stands after this line
    answers: str | None = None      # what this line answers from the scenario (a risk question, a fact), if anything
    act: str | None = None          # what the trainee's reply did (client/acts.py), which this line answers


def rapport_delta(a: DraftAnalysis, scores: list[Score], trust: set[str]) -> tuple[float, str]:
    """How a reply lands: validating, reflective, culturally attuned raise trust; dismissing,
    premature advice, stereotyping or ignoring a risk cue lower it. trust: the criteria whose
    scores move it (moves_trust in the rubric). Returns (delta, mood)."""
    core = [s.score for s in scores if s.criterion in trust]
    delta = 0.05 * (sum(core) / len(core) - 3) if core else 0.0
    if a.reflections or a.acknowledgements:
        delta += 0.03
    if a.open_questions or a.meaning:
        delta += 0.02
    if a.harms:  # a reply that does harm (CONTENT.md) costs trust, however warm it sounds
        delta = min(delta, 0.0) - TRUST_DROP * min(2, len(a.harms))
    elif a.minimising or a.undoing:
        delta -= 0.12
    if a.imposing or a.stereotyping:
        delta -= 0.15
    if a.early_advice:
        delta -= 0.05
    if a.risk_state.stage == "cue" and not a.risk.acts:  # a risk cue passed over
        delta -= 0.05
    mood = "pushback" if delta <= -0.08 else "guarded" if delta < 0.02 else "open"
    return round(delta, 3), mood
