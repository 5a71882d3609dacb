"""Rubrics: rubrics/*.yaml."""
from __future__ import annotations

from pathlib import Path

from .models import Criterion, Rubric
from .yamlfile import FileError, load_model


def load_rubric(path: Path) -> Rubric:
    rubric = load_model(path, Rubric)
    if rubric.id != path.stem:
        raise FileError(path, 1, "id", f"id {rubric.id!r} must match the file name {path.stem!r}")
    return rubric


def load_rubrics(directory: Path) -> tuple[dict[str, Rubric], list[FileError]]:
    rubrics, errors = {}, []
    for path in sorted(directory.glob("*.yaml")):
        try:
            r = load_rubric(path)
            rubrics[r.id] = r
        except FileError as e:
            errors.append(e)
    return rubrics, errors


def criterion_ids(rubrics: dict[str, Rubric], names: list[str]) -> list[str]:
    return [c.id for n in names if n in rubrics for c in rubrics[n].criteria]


def criteria_by_id(rubrics: dict[str, Rubric]) -> dict[str, Criterion]:
    """Every criterion of every rubric, by id (the first wins if two rubrics share one)."""
    out: dict[str, Criterion] = {}
    for r in rubrics.values():
        for c in r.criteria:
            out.setdefault(c.id, c)
    return out
