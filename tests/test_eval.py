import json

import pytest
from conftest import SHARED, record, write_jsonl

from trainer.cli import main
from trainer.embeddings import Embedder
from trainer.evaluation import (
    analysis_texts,
    classification_report,
    eval_consistency,
    partial_spearman,
    quadratic_kappa,
)
from trainer.models import STRATEGIES

Q, O, I = "Questions", "Others", "Information"


def test_classification_report_on_a_hand_made_example():
    # Questions: tp 2 fp 1 fn 1; Others: tp 1 fp 2 fn 1; Information: tp 0 fp 0 fn 1.
    rep = classification_report([Q, Q, Q, O, O, I], [Q, Q, O, O, Q, O])
    per = rep["per_strategy"]
    assert per[Q] == {"precision": 0.667, "recall": 0.667, "f1": 0.667, "support": 3}
    assert per[O] == {"precision": 0.333, "recall": 0.5, "f1": 0.4, "support": 2}
    assert per[I] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert list(per) == list(STRATEGIES) and per["Self-disclosure"]["support"] == 0
    assert rep["macro_f1"] == round((0.667 + 0.4 + 0.0) / 3, 3)  # over the 3 labels present, not all 8
    assert (rep["accuracy"], rep["n"]) == (0.5, 6)
    assert rep["confusion"][Q] == {Q: 2, O: 1} and rep["confusion"][O] == {Q: 1, O: 1}
    assert rep["confusion"][I] == {O: 1} and rep["confusion"]["Self-disclosure"] == {}


def test_classification_report_of_nothing_is_zero():
    rep = classification_report([], [])
    assert (rep["macro_f1"], rep["accuracy"], rep["n"]) == (0.0, 0.0, 0)


def test_quadratic_kappa_on_known_examples():
    assert quadratic_kappa([(1, 1), (2, 2), (3, 3)]) == 1.0
    assert quadratic_kappa([(1, 3), (2, 2), (3, 1)]) == -1.0
    # observed disagreement 1/4, expected by chance 2 (squared distances): 1 - 0.25 / 2
    assert quadratic_kappa([(1, 1), (2, 2), (3, 3), (4, 3)]) == 0.875
    assert quadratic_kappa([]) is None


def test_eval_consistency_kappa_against_expected_scores(library):
    text_to_expected = {e.text: e.expected_scores for s in library.scenarios.values() for e in s.exemplars}
    exact = eval_consistency(library, lambda s, text: dict(text_to_expected[text]))
    assert exact["kappa"]["overall"] == 1.0 and exact["kappa"]["n"] == 7 * 72 + 24
    assert all(v == {"kappa": 1.0, "n": 72} for c, v in exact["kappa"]["per_criterion"].items()
               if c != "risk_assessment")
    flat = eval_consistency(library, lambda s, text: {c: 3 for c in text_to_expected[text]})
    assert flat["kappa"]["overall"] == 0.0  # a rater who always says 3 agrees no better than chance
    assert len(flat["failures"]) == flat["kappa"]["n"] // 3 and flat["per_criterion"]["empathy"]["strong>weak"] == 0


def test_partial_spearman_removes_a_shared_cause():
    z = list(range(40))
    x = [v + (7 if i % 2 else 0) for i, v in enumerate(z)]
    y = [v for v in z]
    assert partial_spearman(x, y, z) < 0.2 < partial_spearman([i % 2 for i in z], [i % 2 for i in z], z)


def test_analysis_texts_are_all_the_analyser_embeds(analyser, library, monkeypatch):
    """The batch that eval empathy and the 370-post play test embed first must hold every text
    analyse then embeds; otherwise they fall back to one slow model call per text."""
    s = library.get("de-pflege-mutter-ostsee")
    client = "\n".join([s.opening_line, "Nobody here asked me, test 7f3a.", s.distress_cues[0].phrase,
                        "My brother phones once a month, test 7f3a."])
    draft = "That sounds so lonely, test 7f3a. What is it like when he calls? I wonder what you need."
    calls: list[list[str]] = []
    real = Embedder._encode
    monkeypatch.setattr(Embedder, "_encode", lambda self, texts, query: calls.append(texts) or real(self, texts, query))
    texts = analysis_texts(draft, s, client)
    assert s.distress_cues[0].phrase in texts and len(texts) >= 3 + 3
    analyser.embedder.encode(texts)
    assert len(calls) == 1  # new texts: one model call
    a = analyser.analyse(draft, s, client)
    assert calls == calls[:1], calls[1:]  # and analyse needed no other
    assert a.sentences and a.coverage and a.attunement > 0


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
    assert rep["overall"]["per_strategy"][Q] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 3}
    assert rep["overall"]["confusion"]["Providing Suggestions"] == {"Providing Suggestions": 3}


def test_eval_empathy_cli_reports_the_honesty_checks(tmp_path, capsys):
    rows = [record(f"p{i}", empathy=f"{1 + i % 5} x", support=[
        {"phrase": "That sounds so lonely. " * (1 + i % 5), "strategy": "Reflection of Feelings"},
        {"phrase": "Try harder." if i % 2 else "What is it like for you?", "strategy": "Questions"}])
        for i in range(10)]
    write_jsonl(tmp_path / "Testish_data.jsonl", rows)
    assert main(["eval", "empathy", "--data", str(tmp_path), "--json"]) == 0
    o = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["overall"]
    # These ratings follow length; the estimate tracks them, but nothing beyond length.
    assert o["n"] == 10 and o["length_baseline_spearman"] > 0.95 and o["spearman"] > 0.8
    assert o["partial_spearman"] < 0


def test_eval_consistency_over_the_authored_library(capsys):
    assert main(["eval", "consistency", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["failures"] == []
    assert rep["per_criterion"]["empathy"]["strong>weak"] == rep["per_criterion"]["empathy"]["n"] == 24
    assert rep["per_criterion"]["risk_assessment"]["n"] == 8
    # Measured 0.827 overall, 0.609 (fluency) to 0.915 (risk_assessment) per criterion (0.824 and 0.861 before the risk stage).
    k = rep["kappa"]
    assert k["n"] == 7 * 72 + 24 and k["overall"] >= 0.75
    assert all(v["kappa"] >= 0.55 for v in k["per_criterion"].values()), k["per_criterion"]


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
