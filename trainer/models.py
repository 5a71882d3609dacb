"""Shared types. Every file format the project reads is one of these models."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Intensity = Literal["light", "moderate", "high"]
SignalType = Literal[
    "Concepts", "Knowledge", "Values", "Norms and Morals", "Language", "Artifacts",
    "Demographics", "Other",
]
Strategy = Literal[
    "Providing Suggestions", "Affirmation and Reassurance", "Self-disclosure",
    "Information", "Reflection of Feelings", "Restatement or Paraphrasing", "Questions",
    "Others",
]
STRATEGIES: tuple[str, ...] = Strategy.__args__  # type: ignore[attr-defined]
SIGNAL_TYPES: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]
INTENSITIES: tuple[str, ...] = Intensity.__args__  # type: ignore[attr-defined]
Grade = Literal["strong", "adequate", "weak"]
Difficulty = Literal["beginner", "intermediate", "advanced"]
RiskKind = Literal["passive_suicidal_ideation", "active_suicidal_ideation", "self_harm"]
# What a risk conversation explores once the client has answered (CONTENT.md, "Risk is a conversation").
RiskTopic = Literal["plan", "means", "intent", "protective", "supports", "tonight", "if_worse",
                    "means_restriction", "next_step"]
RISK_TOPICS: tuple[str, ...] = RiskTopic.__args__  # type: ignore[attr-defined]
DisclosureKind = Literal["distress", "cultural", "detail", "risk"]
Topic = Literal[
    "family", "faith", "community", "language", "migration", "work", "study", "health",
    "relationship", "identity", "discrimination", "feelings", "safety", "money", "future",
]
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]

Slug = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=3, max_length=80)
Text = Field(min_length=1)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Persona(Strict):
    """The person, in their own specifics (ADDRESSING dimensions where known)."""
    name: str | None = Field(None, description="A fictional first name; empty for imported posts")
    age: int | None = Field(None, ge=10, le=110)
    gender: str | None = None
    setting: str | None = Field(None, description="Where and how they live now")
    family: str | None = Field(None, description="Family situation and role in it")
    work: str | None = Field(None, description="Work, study or daily occupation")
    migration: str | None = Field(None, description="Migration history or generation")
    religion: str | None = Field(None, description="Religion and how observant")
    languages: list[str] = Field(default_factory=list, description="Languages used at home and at work")
    other: list[str] = Field(default_factory=list, description="Other dimensions: class, sexuality, disability, legal status ...")

    def one_line(self) -> str:
        head = ", ".join(str(x) for x in (self.name, self.age, self.gender) if x)
        def short(x: str) -> str:
            first = x.split(";")[0].split(". ")[0].strip().rstrip(".")
            if len(first) <= 80:
                return first
            cut = first[:80]
            cut = cut[:cut.rfind(",")] if "," in cut[30:] else cut.rsplit(" ", 1)[0] + " …"
            return cut.rstrip(",;: ")
        rest = " · ".join(short(x) for x in (self.setting, self.work) if x)
        return " — ".join(x for x in (head, rest) if x) or "No demographic details given"


class DistressCue(Strict):
    phrase: str = Text
    intensity: Intensity


class CulturalSignal(Strict):
    phrase: str = Text
    type: SignalType
    topic: Topic | None = Field(None, description="What a trainee would ask about to surface it")


class RiskFlag(Strict):
    kind: RiskKind
    cue: str = Field(min_length=1, description="What the client says that signals risk")
    early_hint: str | None = Field(
        None, description="Softer words that already hint at the risk (e.g. in the opening line), verbatim")
    answer_if_asked: str | None = Field(
        None, description="The client's honest answer when asked directly about suicide or self-harm")
    protective_factors: list[str] = Field(default_factory=list)
    follow_ups: dict[RiskTopic, str] = Field(
        default_factory=dict,
        description="The client's own answers once asked: plan; means (and access); intent (and timing); "
                    "protective (what has stopped them so far); supports (who can be with them); tonight "
                    "(how safe they are tonight); if_worse (what they would do if it got worse); "
                    "means_restriction (putting the means out of reach together); next_step (GP, crisis "
                    "line, coming back)")


class DisclosureStep(Strict):
    """Something the client holds back and what unlocks it."""
    id: str = Slug
    kind: DisclosureKind
    says: str = Field(min_length=1, description="The words the client uses when it comes out")
    min_rapport: float = Field(ge=0.0, le=1.0, description="Trust needed, 0-1")
    unlocked_by: list[Topic] = Field(default_factory=list, description="Topics a trainee asks about that bring it up")


class ClientFact(Strict):
    """Something ordinary the client can say when asked - who they live with, what a word of theirs
    means to them - that is not a disclosure step: it answers a question, it does not deepen the story."""
    about: list[str] = Field(min_length=1, description="Words a trainee's question about it would use (any language)")
    says: str = Field(min_length=1, description="The client's answer, in their own voice and the scenario's language")


class Voice(Strict):
    """How this person sounds in short lines (the defaults are generic): leads are short standalone
    openers ("Hm.", "Honestly..."), never half a sentence; holding lines per mood."""
    leads: list[str] = Field(default_factory=list)
    open: list[str] = Field(default_factory=list)
    guarded: list[str] = Field(default_factory=list)
    pushback: list[str] = Field(default_factory=list)
    withdrawn: list[str] = Field(default_factory=list)
    closing: list[str] = Field(default_factory=list, description=(
        "How this person says goodbye: after a session that went well, one that went so-so, one that went badly"))

    @field_validator("closing")
    @classmethod
    def _three_closings(cls, v: list[str]) -> list[str]:
        if v and len(v) != 3:
            raise ValueError(f"give three closing lines (went well, so-so, badly), or none; got {len(v)}")
        return v


class ScenarioExemplar(Strict):
    """A graded reply to the opening line, written for this scenario."""
    grade: Grade
    text: str = Text
    strategies: list[Strategy] = Field(min_length=1)
    signal_types: list[SignalType] = Field(default_factory=list)
    why: str = Field(min_length=1, description="What makes it strong, adequate or weak")
    expected_scores: dict[str, int] = Field(description="criterion id -> score 1-5 it should earn")

    @field_validator("expected_scores")
    @classmethod
    def _scores_in_range(cls, v: dict[str, int]) -> dict[str, int]:
        bad = {k: s for k, s in v.items() if not 1 <= s <= 5}
        if bad:
            raise ValueError(f"scores must be 1-5, got {bad}")
        return v


class Exemplar(Strict):
    """A reply (or a phrase of one) that can be retrieved for comparison."""
    id: str
    text: str = Text
    culture: str
    strategies: list[Strategy] = Field(default_factory=list)
    signal_types: list[SignalType] = Field(default_factory=list)
    empathy_score: int | None = Field(None, ge=1, le=5)
    source: str = Field(description="'authored:<scenario id>' or 'culturecare:<post id>'")
    source_url: str | None = None
    grade: Grade | None = None
    scenario_id: str | None = None
    scenario_title: str | None = Field(None, description="The authored scenario's title")
    persona: str | None = Field(None, description="The authored scenario's client, e.g. their first name")
    why: str | None = None

    @property
    def authored(self) -> bool:
        return self.source.startswith("authored:")


class Scenario(Strict):
    id: str = Slug
    title: str = Text
    culture: str = Field(min_length=1, description="Culture name, e.g. Arabic, Chinese, German, Jewish")
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", description="Session language (BCP 47)")
    source: str = Field("authored", pattern=r"^(authored|culturecare:.+)$")
    source_url: str | None = None
    persona: Persona
    presenting_concern: str = Text
    distress_cues: list[DistressCue] = Field(default_factory=list)
    cultural_signals: list[CulturalSignal] = Field(default_factory=list)
    risk_flags: list[RiskFlag] = Field(default_factory=list)
    screening_answer: str | None = Field(
        None, description="Without risk flags: the client's plain no, in their own voice and language, when "
                          "asked about thoughts of suicide or self-harm")
    opening_line: str = Text
    disclosure_plan: list[DisclosureStep] = Field(default_factory=list)
    facts: list[ClientFact] = Field(default_factory=list, description="Ordinary answers to ordinary questions")
    voice: Voice | None = None
    learning_objectives: list[str] = Field(default_factory=list)
    difficulty: Difficulty = "intermediate"
    tags: list[str] = Field(default_factory=list)
    rubrics: list[str] = Field(default_factory=lambda: ["emotional_support", "cultural_competence"])
    exemplars: list[ScenarioExemplar] = Field(default_factory=list)

    @property
    def authored(self) -> bool:
        return self.source == "authored"

    @model_validator(mode="after")
    def _authored_is_complete(self) -> "Scenario":
        if self.risk_flags and "risk_assessment" not in self.rubrics:
            raise ValueError("rubrics: a scenario with risk_flags must list 'risk_assessment'")
        ids = [s.id for s in self.disclosure_plan]
        if len(ids) != len(set(ids)):
            raise ValueError("disclosure_plan: step ids must be unique")
        if self.authored:
            if not self.distress_cues:
                raise ValueError("distress_cues: authored scenarios need at least one")
            missing = [f for f in ("name", "age", "gender", "setting", "family", "work")
                       if getattr(self.persona, f) in (None, "")]
            if missing:
                raise ValueError(f"persona: authored scenarios need {', '.join(missing)}")
            grades = {e.grade for e in self.exemplars}
            if not {"strong", "adequate", "weak"} <= grades:
                raise ValueError("exemplars: authored scenarios need a strong, an adequate and a weak reply")
            if not self.disclosure_plan:
                raise ValueError("disclosure_plan: authored scenarios need at least one step")
            if not self.learning_objectives:
                raise ValueError("learning_objectives: authored scenarios need at least one")
        return self


class Levels(Strict):
    """Level descriptors: what a reply at each score looks like."""
    l1: str = Field(alias="1", min_length=1)
    l2: str = Field(alias="2", min_length=1)
    l3: str = Field(alias="3", min_length=1)
    l4: str = Field(alias="4", min_length=1)
    l5: str = Field(alias="5", min_length=1)

    def get(self, score: int) -> str:
        return getattr(self, f"l{score}")


class Criterion(Strict):
    id: str = Slug
    name: str = Text
    short: str | None = Field(None, max_length=24, description="A short label for narrow places; the name when empty")
    description: str = Text
    skill: str | None = Field(
        None, description="The skill in a sentence, as recommendations say it ('practise <skill>')")
    trains_with_tags: list[str] = Field(
        default_factory=list, description="Scenario tags that give room to practise it")
    trains_with_risk_flags: bool = Field(False, description="Practised on scenarios with risk flags")
    moves_trust: bool = Field(False, description="Its score moves the simulated client's trust")
    levels: Levels

    @property
    def label(self) -> str:
        return self.short or self.name

    def trains_on(self, s: "Scenario") -> bool:
        """Whether scenario s gives room to practise this criterion."""
        return (self.trains_with_risk_flags and bool(s.risk_flags)) or bool(set(self.trains_with_tags) & set(s.tags))


class Rubric(Strict):
    id: str = Slug
    title: str = Text
    description: str = Text
    source: str | None = Field(None, description="Where the criteria come from")
    applies_to: Literal["all", "risk"] = Field(
        "all", description="'risk': only scenarios with risk flags")
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Rubric":
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("criteria: ids must be unique")
        return self



# --- Feedback on a draft -------------------------------------------------------------

class StrategyUse(Strict):
    sentence: str
    strategy: Strategy
    confidence: float = Field(ge=0, le=1)
    evidence: list[str] = Field(default_factory=list)


class CoverageItem(Strict):
    """A client cue or signal, and whether the draft engages it."""
    kind: Literal["distress", "cultural", "risk"]
    phrase: str
    label: str = Field(description="Intensity or signal type")
    engaged: bool
    evidence: list[str] = Field(default_factory=list, description="Draft words that engage it")
    how: str = ""


class Score(Strict):
    criterion: str
    name: str
    score: int = Field(ge=1, le=5)
    reason: str
    evidence: list[str] = Field(default_factory=list, description="Quoted draft words, or what is missing")
    offline_score: int | None = Field(
        None, ge=1, le=5, description="The offline scorer's score where the LLM judge's differs from it by 3 or more")
    offline_reason: str | None = Field(None, description="The offline scorer's reason, shown beside the judge's")


class HarmNote(Strict):
    """A harmful move found in a draft (CONTENT.md, "Replies that do harm") and the sentences that show it."""
    kind: str
    label: str
    evidence: list[str] = Field(default_factory=list)
    by_meaning: bool = Field(default=False, description="Found by similarity of meaning, not by rules: to be checked")


class Withheld(Strict):
    """A criterion the offline judgement cannot score for this draft, and why."""
    criterion: str
    name: str
    reason: str


Provenance = Literal["this_scenario", "other_scenario", "culturecare_peer", "contrast"]


class RetrievedExemplar(Strict):
    id: str
    text: str
    culture: str
    role: Literal["model", "contrast"]
    source: str
    provenance: Provenance
    heading: str = Field(description="Where it comes from, for people, e.g. 'Model reply to this client'")
    source_title: str | None = Field(None, description="The authored scenario it was written for")
    source_url: str | None = None
    grade: Grade | None = None
    empathy_score: int | None = None
    strategies: list[Strategy] = Field(default_factory=list)
    similarity: float
    why: str


class Feedback(Strict):
    ok: bool = True
    message: str | None = Field(None, description="Why the draft could not be judged, when ok is false")
    draft: str = ""
    language: str | None = None
    reliability_notes: list[str] = Field(default_factory=list)
    scorer: str = "offline"
    scorer_note: str | None = None
    judge_notes: list[str] = Field(
        default_factory=list, description="What checking the LLM judge's reply changed: invented evidence dropped, "
                                          "scores not trusted, disagreements with the offline scorer")
    scores: list[Score] = Field(default_factory=list)
    withheld: list[Withheld] = Field(default_factory=list, description="Criteria left unscored, with the reason")
    harms: list[HarmNote] = Field(default_factory=list, description="Harmful moves found in the draft, with evidence")
    strategies: list[StrategyUse] = Field(default_factory=list)
    exemplar_strategies: list[Strategy] = Field(default_factory=list)
    coverage: list[CoverageItem] = Field(default_factory=list)
    risk_note: str | None = None
    risk_stage: Literal["none", "cue", "asked", "answered", "explored"] | None = Field(
        None, description="Where the risk conversation stood before this draft")
    risk_status: Literal["asked", "not_asked"] | None = Field(
        None, description="Whether the draft takes the risk conversation forward from its stage (asks, "
                          "explores safety); none when risk is not live (no cue, no screening)")
    exemplars: list[RetrievedExemplar] = Field(default_factory=list)
    tip_goal: str | None = None
    tip_reply: str | None = None
    tip_key: str | None = Field(None, description="What the tip is about; the next draft's tip differs")
    adapted_reply: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)


def json_schemas() -> dict[str, dict]:
    """The JSON Schemas editors use to check scenario and rubric YAML as it is typed."""
    out = {}
    for name, model in (("scenarios", Scenario), ("rubrics", Rubric)):
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$comment"] = "Generated from trainer/models.py by `python -m trainer schema`; do not edit."
        out[name] = schema
    return out
