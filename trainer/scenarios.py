"""The scenario library: authored YAML files plus imported CultureCare posts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import dataset
from .config import Settings
from .models import Criterion, Exemplar, Rubric, Scenario
from .rubrics import criteria_by_id, criterion_ids, load_rubrics
from .yamlfile import FileError, load_model


def load_scenario(path: Path, rubrics: dict[str, Rubric]) -> Scenario:
    """Load one authored file and check it against the rubrics it names."""
    s = load_model(path, Scenario)
    if s.id != path.stem:
        raise FileError(path, 1, "id", f"id {s.id!r} must match the file name {path.stem!r}")
    unknown = [r for r in s.rubrics if r not in rubrics]
    if unknown:
        raise FileError(path, None, "rubrics", f"unknown rubric(s) {', '.join(unknown)}; "
                        f"known: {', '.join(sorted(rubrics))}")
    need = set(criterion_ids(rubrics, s.rubrics))
    for i, e in enumerate(s.exemplars):
        missing, extra = need - set(e.expected_scores), set(e.expected_scores) - need
        if missing or extra:
            what = "; ".join(x for x in (f"missing {', '.join(sorted(missing))}" if missing else "",
                                         f"not in its rubrics: {', '.join(sorted(extra))}" if extra else "") if x)
            raise FileError(path, None, f"exemplars[{i}].expected_scores", what)
    return s


@dataclass
class Library:
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    exemplars: list[Exemplar] = field(default_factory=list)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)  # one line per file that failed

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise KeyError(f"no scenario {scenario_id!r}; list them with: python -m trainer scenarios list") from None

    def filter(self, culture: str | None = None, difficulty: str | None = None,
               source: str | None = None, risk: bool | None = None,
               tag: str | None = None) -> list[Scenario]:
        out = []
        for s in self.scenarios.values():
            if culture and s.culture.lower() != culture.lower():
                continue
            if difficulty and s.difficulty != difficulty:
                continue
            if source and (s.authored != (source == "authored")):
                continue
            if risk is not None and bool(s.risk_flags) != risk:
                continue
            if tag and tag not in s.tags:
                continue
            out.append(s)
        return sorted(out, key=lambda s: (not s.authored, s.culture, s.id))

    @property
    def criteria(self) -> dict[str, Criterion]:
        return criteria_by_id(self.rubrics)

    def criterion_names(self) -> dict[str, str]:
        return {cid: c.name for cid, c in self.criteria.items()}

    def cultures(self) -> list[str]:
        return sorted({s.culture for s in self.scenarios.values()})

    def authored_exemplars(self) -> list[Exemplar]:
        return [Exemplar(id=f"{s.id}-{e.grade}-{i}", text=e.text, culture=s.culture,
                         strategies=e.strategies, signal_types=e.signal_types,
                         source=f"authored:{s.id}", grade=e.grade, scenario_id=s.id, scenario_title=s.title,
                         persona=s.persona.name, why=e.why)
                for s in self.scenarios.values() if s.authored for i, e in enumerate(s.exemplars)]


def load_library(settings: Settings) -> Library:
    lib = Library()
    lib.rubrics, rubric_errors = load_rubrics(settings.rubrics_dir)
    lib.broken += [str(e) for e in rubric_errors]
    for path in sorted(settings.scenarios_dir.glob("*.yaml")):
        try:
            s = load_scenario(path, lib.rubrics)
        except FileError as e:
            lib.broken.append(str(e))
            continue
        if s.id in lib.scenarios:
            lib.broken.append(f"{path}: id {s.id!r} is used twice")
            continue
        lib.scenarios[s.id] = s
    imported, exemplars, errors = dataset.load(settings.imported_dir)
    lib.broken += errors
    for s in imported:
        lib.scenarios.setdefault(s.id, s)
    lib.exemplars = lib.authored_exemplars() + exemplars
    return lib
