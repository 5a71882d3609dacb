"""What a stored session holds, typed: its lines, draft versions and summary. The store keeps
them as JSON columns and converts here; lenient on load, so rows written by older code (fewer
fields, a single strongest/weakest id, no names) still load."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Turn(Lenient):
    idx: int                       # 0 = the client's opening line
    role: Literal["client", "trainee"]
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)  # the client's rapport, mood, note, backend ...

    @field_validator("meta", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return v or {}

    @property
    def note(self) -> str | None:
        return self.meta.get("note")


class DraftScore(Lenient):
    criterion: str
    name: str
    score: int


class DraftStrategy(Lenient):
    strategy: str                  # one of the 8 CultureCare strategies (the sentence is not kept here)


class DraftFeedback(Lenient):
    """The part of a draft's stored feedback that travels: whether it was judged, scores, strategies, tip."""
    ok: bool = True
    scores: list[DraftScore] = Field(default_factory=list)
    strategies: list[DraftStrategy] = Field(default_factory=list)  # one per sentence, in order
    tip_goal: str | None = None
    tip_key: str | None = None


class Draft(Lenient):
    turn_idx: int                  # the trainee turn this draft is for
    version: int
    text: str
    sent: bool
    feedback: DraftFeedback | None = None


class Cue(Lenient):
    kind: str
    says: str


class Recommendation(Lenient):
    scenario_id: str
    title: str
    skill: str
    why: str


class CriterionMean(Lenient):
    criterion: str
    name: str
    mean: float


class ScoreProfile(Lenient):
    """Mean score per criterion, with names, and every criterion tied for strongest and weakest."""
    profile: dict[str, float] = Field(default_factory=dict)   # criterion id -> mean score
    names: dict[str, str] = Field(default_factory=dict)       # criterion id -> name (absent in old rows)
    strongest: list[str] = Field(default_factory=list)
    weakest: list[str] = Field(default_factory=list)

    @field_validator("strongest", "weakest", mode="before")
    @classmethod
    def _old_single_id(cls, v: Any) -> Any:
        return [] if v is None else [v] if isinstance(v, str) else v

    def name(self, criterion: str) -> str:
        return self.names.get(criterion, criterion)

    def rows(self) -> list[CriterionMean]:
        return [CriterionMean(criterion=c, name=self.name(c), mean=v) for c, v in self.profile.items()]

    @property
    def strongest_names(self) -> list[str]:
        return [self.name(c) for c in self.strongest]

    @property
    def weakest_names(self) -> list[str]:
        return [self.name(c) for c in self.weakest]


class SessionSummary(ScoreProfile):
    turns: int = 0
    reached: list[Cue] = Field(default_factory=list)
    held_back: list[Cue] = Field(default_factory=list)
    final_rapport: float | None = None
    closing: str | None = None
    next: Recommendation | None = None
