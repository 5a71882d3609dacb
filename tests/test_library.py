import shutil
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, record, write_jsonl
from pydantic import BaseModel

from trainer import dataset
from trainer.rubrics import load_rubric, load_rubrics
from trainer.scenarios import load_library, load_scenario
from trainer.yamlfile import FileError, load_model

SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
RUBRICS, _ = load_rubrics(ROOT / "rubrics")
EXAMPLE = ROOT / "scenarios" / "de-pflege-mutter-ostsee.yaml"


def test_shipped_rubrics_load():
    assert set(RUBRICS) == {"emotional_support", "cultural_competence", "risk_assessment"}
    ids = [c.id for r in RUBRICS.values() for c in r.criteria]
    assert ids.count("empathy") == 1 and len(ids) == 8
    assert RUBRICS["risk_assessment"].applies_to == "risk"
    for r in RUBRICS.values():
        for c in r.criteria:
            assert len({c.levels.get(i) for i in range(1, 6)}) == 5


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_shipped_scenario_is_valid(path):
    s = load_scenario(path, RUBRICS)
    grades = {e.grade: e for e in s.exemplars}
    for crit, strong in grades["strong"].expected_scores.items():
        assert strong > grades["weak"].expected_scores[crit], f"strong must outscore weak on {crit}"
    assert bool(s.risk_flags) == ("risk_assessment" in s.rubrics)
    if s.risk_flags:
        assert any(st.kind == "risk" for st in s.disclosure_plan)


def test_library_covers_four_cultures_with_risk():
    scen = [load_scenario(p, RUBRICS) for p in SCENARIO_FILES]
    by = {}
    for s in scen:
        by.setdefault(s.culture, []).append(s)
    assert set(by) == {"Arabic", "Chinese", "German", "Jewish"}
    for culture, items in by.items():
        assert len(items) >= 6, culture
        assert any(s.risk_flags for s in items), f"{culture} needs a risk scenario"
        assert len({s.difficulty for s in items}) >= 2, culture


def _broken_copy(tmp_path, edit) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    edit(data)
    p = tmp_path / f"{data['id']}.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return p


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, l in enumerate(path.read_text().splitlines(), 1) if needle in l)


def test_bad_field_value_names_file_line_and_field(tmp_path):
    p = _broken_copy(tmp_path, lambda d: d["distress_cues"][1].update(intensity="severe"))
    with pytest.raises(FileError) as e:
        load_scenario(p, RUBRICS)
    assert e.value.field == "distress_cues[1].intensity"
    assert e.value.line == _line_of(p, "intensity: severe")
    assert str(e.value).startswith(f"{p}:{e.value.line}: distress_cues[1].intensity: ")


def test_unknown_field_is_pointed_at(tmp_path):
    p = _broken_copy(tmp_path, lambda d: d["persona"].update(nmae="x"))
    with pytest.raises(FileError, match="unknown field") as e:
        load_scenario(p, RUBRICS)
    assert e.value.field == "persona.nmae" and e.value.line == _line_of(p, "nmae:")


def test_missing_grade_and_scores_are_caught(tmp_path):
    p = _broken_copy(tmp_path, lambda d: d["exemplars"].pop())
    with pytest.raises(FileError, match="strong, an adequate and a weak"):
        load_scenario(p, RUBRICS)
    p = _broken_copy(tmp_path, lambda d: d["exemplars"][0]["expected_scores"].pop("fluency"))
    with pytest.raises(FileError, match="missing fluency"):
        load_scenario(p, RUBRICS)
    p = _broken_copy(tmp_path, lambda d: d.update(risk_flags=[{"kind": "self_harm", "cue": "I cut."}]))
    with pytest.raises(FileError, match="risk_assessment"):
        load_scenario(p, RUBRICS)


def test_yaml_syntax_error_names_the_line(tmp_path):
    p = tmp_path / "x-broken.yaml"
    p.write_text("id: x-broken\ntitle: ok\npersona:\n  name: [unclosed\n  age: 3\n")
    with pytest.raises(FileError, match="not valid YAML") as e:
        load_scenario(p, RUBRICS)
    assert e.value.line in (4, 5)


def test_a_key_given_twice_is_refused_with_its_line(tmp_path):
    p = tmp_path / EXAMPLE.name
    p.write_text(EXAMPLE.read_text(encoding="utf-8") + "title: A forged title\n", encoding="utf-8")
    with pytest.raises(FileError) as e:
        load_scenario(p, RUBRICS)
    last = len(p.read_text(encoding="utf-8").splitlines())
    assert str(e.value) == (f"{p}:{last}: duplicate key 'title' (first on line {_line_of(p, 'title: ')}); "
                            "keep one of them")
    rubric = tmp_path / "risk_assessment.yaml"
    text = (ROOT / "rubrics" / "risk_assessment.yaml").read_text(encoding="utf-8")
    rubric.write_text(text.replace('      "3": ', '      "3": Asks.\n      "3": ', 1), encoding="utf-8")
    with pytest.raises(FileError, match=r"^.*risk_assessment\.yaml:\d+: duplicate key '3'") as e:
        load_rubric(rubric)
    assert e.value.line == _line_of(rubric, '"3": Asks.') + 1


def test_merged_keys_may_still_be_overridden(tmp_path):
    class Doc(BaseModel):
        base: dict
        other: dict
    p = tmp_path / "m.yaml"
    p.write_text("base: &b {a: 1, b: 2}\nother:\n  <<: *b\n  a: 3\n")
    assert load_model(p, Doc).other == {"a": 3, "b": 2}


def test_bad_utf8_in_yaml_names_the_line(tmp_path):
    p = tmp_path / EXAMPLE.name
    lines = EXAMPLE.read_bytes().split(b"\n")
    lines[4] += b" caf\xe9"  # Latin-1 on line 5
    p.write_bytes(b"\n".join(lines))
    with pytest.raises(FileError) as e:
        load_scenario(p, RUBRICS)
    assert str(e.value) == f"{p}:5: not UTF-8 text (invalid continuation byte); save the file as UTF-8"


def test_id_must_match_file_name(tmp_path):
    p = _broken_copy(tmp_path, lambda d: None)
    p2 = p.rename(tmp_path / "other-name.yaml")
    with pytest.raises(FileError, match="must match the file name"):
        load_scenario(p2, RUBRICS)


def test_rubric_levels_must_be_complete(tmp_path):
    data = yaml.safe_load((ROOT / "rubrics" / "risk_assessment.yaml").read_text())
    del data["criteria"][0]["levels"]["3"]
    p = tmp_path / "risk_assessment.yaml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(FileError, match=r"criteria\[0\]\.levels\.3"):
        load_rubric(p)


def test_library_shows_broken_files_and_keeps_the_rest(tmp_path, monkeypatch):
    sdir = tmp_path / "scenarios"
    sdir.mkdir()
    shutil.copy(EXAMPLE, sdir)
    (sdir / "zz-bad.yaml").write_text("id: zz-bad\n")
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [record("t1")])
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(sdir))
    from trainer.config import load_settings
    s = load_settings()
    dataset.import_dir(tmp_path / "src", s.imported_dir)
    lib = load_library(s)
    assert sorted(lib.scenarios) == ["cc-testish-t1", "de-pflege-mutter-ostsee"]
    assert len(lib.broken) == 1 and "zz-bad.yaml" in lib.broken[0]
    assert [x.id for x in lib.filter(source="authored")] == ["de-pflege-mutter-ostsee"]
    assert [x.id for x in lib.filter(culture="testish")] == ["cc-testish-t1"]
    assert lib.filter(risk=True) == []
    grades = sorted(e.grade for e in lib.exemplars if e.source.startswith("authored:"))
    assert grades == ["adequate", "strong", "weak"]
    with pytest.raises(KeyError, match="scenarios list"):
        lib.get("nope")
