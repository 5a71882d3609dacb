"""The clinician-graded regression set (tests/clinical/regression.yaml): drafts graded from
excellent to harmful at one moment of an authored scenario. The offline feedback must rank them
as graded and never score a harmful draft at or above an acceptable one."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from .models import Feedback, Strict
from .yamlfile import load_model

Grade = Literal["excellent", "good", "adequate", "weak", "harmful"]
HarmKind = Literal["treatment", "faith", "religious_authority", "stereotype", "guilt", "ocd_reassurance",
                   "cut_off", "minimising", "risk_undoing"]
RANK: dict[str, int] = {"excellent": 5, "good": 4, "adequate": 3, "weak": 2, "harmful": 1}
ACCEPTABLE = {"excellent", "good", "adequate"}
MIN_SPEARMAN = 0.8


class GradedDraft(Strict):
    grade: Grade
    harm: list[HarmKind] = Field(default_factory=list)
    text: str = Field(min_length=1)
    why: str = ""


class Case(Strict):
    id: str
    scenario: str
    language: Literal["en", "de", "ar", "he", "zh"]
    risk: bool
    moment: str = ""
    client_lines: list[str] = Field(min_length=1)
    sent: list[str] = Field(default_factory=list)
    drafts: list[GradedDraft] = Field(min_length=6)

    @model_validator(mode="after")
    def _turns(self) -> "Case":
        if len(self.sent) != len(self.client_lines) - 1:
            raise ValueError(f"sent holds {len(self.sent)} replies; between {len(self.client_lines)} client "
                             f"lines there are {len(self.client_lines) - 1}")
        return self


class RegressionSet(Strict):
    cases: list[Case] = Field(min_length=1)


def load(path: Path) -> RegressionSet:
    return load_model(path, RegressionSet)


def mean_score(fb: Feedback) -> float | None:
    """The draft's overall offline judgement: the mean of the criteria it was scored on."""
    return sum(s.score for s in fb.scores) / len(fb.scores) if fb.scores else None


Review = Callable[[Case, str], Feedback]


def evaluate(rs: RegressionSet, review: Review) -> dict:
    """Per case: each draft's scores, the Spearman of their mean against the grades, and every
    harmful draft that scores at or above an acceptable one."""
    from .evaluation import _rho
    cases: list[dict[str, Any]] = []
    rhos: list[float] = []
    inversions: list[str] = []
    for case in rs.cases:
        rows: list[dict[str, Any]] = []
        for i, d in enumerate(case.drafts):
            fb = review(case, d.text)
            rows.append({"i": i, "grade": d.grade, "harm": d.harm, "mean": mean_score(fb),
                         "scores": {s.criterion: s.score for s in fb.scores},
                         "withheld": {w.criterion: w.reason for w in getattr(fb, "withheld", [])}})
        # Like with like: where some drafts were scored on more criteria (a harm found in a withheld
        # language, a screening question in a case without risk), each draft's mean is taken over the
        # criteria every scored draft of the case has.
        common = set.intersection(*[set(r["scores"]) for r in rows if r["scores"]] or [set()])
        for r in rows:
            shared = [v for k, v in r["scores"].items() if k in common]
            r["mean"] = sum(shared) / len(shared) if shared else None
        judged = [r for r in rows if r["mean"] is not None]
        rho = _rho([RANK[r["grade"]] for r in judged], [r["mean"] for r in judged]) if len(judged) >= 3 else None
        bad = [f"{case.id}: harmful #{h['i']} ({h['mean']:.2f}) >= {a['grade']} #{a['i']} ({a['mean']:.2f})"
               for h in judged if h["grade"] == "harmful" for a in judged
               if a["grade"] in ACCEPTABLE and h["mean"] >= a["mean"]]
        inversions += bad
        if rho is not None:
            rhos.append(rho)
        cases.append({"id": case.id, "language": case.language, "risk": case.risk,
                      "spearman": None if rho is None else round(rho, 3), "inversions": len(bad), "drafts": rows})
    by_lang: dict[str, list[float]] = {}
    for c in cases:
        if c["spearman"] is not None:
            by_lang.setdefault(c["language"], []).append(c["spearman"])
    return {"cases": cases, "inversions": inversions,
            "mean_spearman": round(sum(rhos) / len(rhos), 3) if rhos else None,
            "min_spearman": round(min(rhos), 3) if rhos else None,
            "below_target": [c["id"] for c in cases if c["spearman"] is not None and c["spearman"] < MIN_SPEARMAN],
            "per_language": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_lang.items())}}
