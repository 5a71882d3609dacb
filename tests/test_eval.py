import json

import pytest

from conftest import SHARED, record, write_jsonl
from trainer.cli import main
from trainer.evaluation import classification_report, partial_spearman


def test_classification_report_counts():
    rep = classification_report(["Questions", "Questions", "Others"], ["Questions", "Others", "Others"])
    q = rep["per_strategy"]["Questions"]
    assert (q["precision"], q["recall"], q["support"]) == (1.0, 0.5, 2)
    assert rep["accuracy"] == round(2 / 3, 3) and rep["confusion"]["Questions"] == {"Questions": 1, "Others": 1}
    assert rep["macro_f1"] == round((2 / 3 + 2 / 3) / 2, 3)


def test_partial_spearman_removes_a_shared_cause():
    z = list(range(40))
    x = [v + (7 if i % 2 else 0) for i, v in enumerate(z)]
    y = [v for v in z]
    assert partial_spearman(x, y, z) < 0.2 < partial_spearman([i % 2 for i in z], [i % 2 for i in z], z)


def test_eval_strategies_cli_on_a_synthetic_culture(tmp_path, capsys):
    rows = [record(f"p{i}", culture="Testish", support=[
        {"phrase": "What was that like for you?", "strategy": "Questions"},
        {"phrase": "You should talk to your doctor.", "strategy": "Providing Suggestions"},
        {"phrase": "Good luck!", "strategy": "Others"}]) for i in range(3)]
    write_jsonl(tmp_path / "Testish_data.jsonl", rows)
    assert main(["eval", "strategies", "--data", str(tmp_path), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["per_culture"]["Testish"]["n"] == 9
    assert rep["overall"]["accuracy"] == 1.0 and rep["overall"]["macro_f1"] == 1.0


def test_eval_empathy_cli_reports_the_honesty_checks(tmp_path, capsys):
    rows = [record(f"p{i}", empathy=f"{1 + i % 5} x", support=[
        {"phrase": "That sounds so lonely. " * (1 + i % 5), "strategy": "Reflection of Feelings"},
        {"phrase": "Try harder." if i % 2 else "What is it like for you?", "strategy": "Questions"}])
        for i in range(10)]
    write_jsonl(tmp_path / "Testish_data.jsonl", rows)
    assert main(["eval", "empathy", "--data", str(tmp_path), "--json"]) == 0
    o = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["overall"]
    assert o["n"] == 10 and {"spearman", "length_baseline_spearman", "partial_spearman"} <= set(o)


def test_eval_consistency_over_the_authored_library(capsys):
    assert main(["eval", "consistency", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["failures"] == []
    assert rep["per_criterion"]["empathy"]["strong>weak"] == rep["per_criterion"]["empathy"]["n"] == 24
    assert rep["per_criterion"]["risk_assessment"]["n"] == 8


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/culturecare")
def test_strategy_detector_meets_its_target_on_every_shipped_culture(capsys):
    assert main(["eval", "strategies", "--data", str(SHARED), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["overall"]["n"] == 697
    assert rep["overall"]["macro_f1"] >= 0.40
    for culture, r in rep["per_culture"].items():
        assert r["macro_f1"] >= 0.40, culture


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/culturecare")
def test_empathy_estimate_tracks_ratings_beyond_length(capsys):
    assert main(["eval", "empathy", "--data", str(SHARED), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["overall"]["n"] == 311
    # The targets, overall and on each culture (measured 0.64/0.55/0.39 overall,
    # German the closest: 0.633 vs a baseline of 0.619, partial 0.268).
    for name, b in [("overall", rep["overall"]), *rep["per_culture"].items()]:
        assert b["spearman"] >= b["length_baseline_spearman"], name
        assert b["partial_spearman"] >= 0.25, name
