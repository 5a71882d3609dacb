from helpers import ROOT

from trainer.cli import content, main
from trainer.models import json_schemas


def test_committed_schemas_are_current_and_a_stale_one_is_reported(monkeypatch, capsys):
    assert main(["schema", "--check"]) == 0, "a schema.json is stale: run python -m trainer schema"
    changed = {name: {**schema, "title": "changed"} for name, schema in json_schemas().items()}
    monkeypatch.setattr(content, "json_schemas", lambda: changed)
    before = {name: (ROOT / name / "schema.json").read_text() for name in changed}
    assert main(["schema", "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale schema: " in err and all(f"{name}/schema.json" in err for name in changed)
    assert before == {name: (ROOT / name / "schema.json").read_text() for name in changed}, "--check wrote"


def test_schema_forbids_unknown_fields_and_requires_levels():
    s = json_schemas()
    assert s["scenarios"]["additionalProperties"] is False
    levels = s["rubrics"]["$defs"]["Levels"]
    assert sorted(levels["required"]) == ["1", "2", "3", "4", "5"]


def test_every_content_file_points_at_its_schema():
    for d in ("scenarios", "rubrics"):
        for p in (ROOT / d).glob("*.yaml"):
            assert p.read_text().startswith("# yaml-language-server: $schema=schema.json"), p
