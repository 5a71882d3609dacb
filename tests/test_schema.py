import json

from conftest import ROOT
from trainer.models import json_schemas


def test_committed_schemas_are_current():
    for name, schema in json_schemas().items():
        committed = json.loads((ROOT / name / "schema.json").read_text())
        assert committed == schema, f"{name}/schema.json is stale: run python -m trainer schema"


def test_schema_forbids_unknown_fields_and_requires_levels():
    s = json_schemas()
    assert s["scenarios"]["additionalProperties"] is False
    levels = s["rubrics"]["$defs"]["Levels"]
    assert sorted(levels["required"]) == ["1", "2", "3", "4", "5"]


def test_every_content_file_points_at_its_schema():
    for d in ("scenarios", "rubrics"):
        for p in (ROOT / d).glob("*.yaml"):
            assert p.read_text().startswith("# yaml-language-server: $schema=schema.json"), p
