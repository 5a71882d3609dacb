"""Measure our detectors against CultureCare labels (evaluation only: nothing here fits
anything). Leave-one-culture-out figures come from running it per culture."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix, precision_recall_fscore_support

from .culturecare import NotJsonl, read_file, source_files
from .dataset import DataError
from .models import STRATEGIES, Exemplar


def labelled(directory: Path, with_scenarios: bool = False) -> dict:
    """culture -> exemplars of the labelled files in directory (and their scenarios)."""
    files = source_files(directory)
    if not files:
        raise DataError(f"{directory}: no *_data.jsonl files; give the folder of CultureCare files")
    out = {}
    for f in files:
        try:
            d = read_file(f)
        except NotJsonl as e:
            raise DataError(str(e)) from e
        out[d.culture] = (d.exemplars, {x.id: x for x in d.scenarios}) if with_scenarios else d.exemplars
    return out


def replies(exemplars: list[Exemplar]) -> list[tuple[str, int, str | None]]:
    """(whole reply text, empathy score, scenario id) per rated reply: its phrases joined."""
    by_post: dict[str, list[Exemplar]] = defaultdict(list)
    for e in exemplars:
        if not e.id.endswith("-reply"):
            by_post[e.source].append(e)
    return [(" ".join(e.text for e in es), es[0].empathy_score, es[0].scenario_id)
            for es in by_post.values() if es[0].empathy_score]


def client_said(scenario) -> str:
    """What the client of an imported post said, as far as the labels keep it: its phrases."""
    return " ".join(c.phrase for c in scenario.distress_cues + scenario.cultural_signals)


def analysis_texts(draft: str, scenario, client_text: str) -> list[str]:
    """The texts Analyser.analyse(draft, scenario, client_text) embeds: the draft's sentences,
    the cues the client has voiced, the client's recent lines. Embedding those of many drafts in
    one call first fills the embedder's cache with the very vectors analyse would compute (e5's
    are batch-independent), and the model runs far better on one large batch than on many
    calls of a few texts, above all on a busy machine."""
    from .feedback.analysis import RECENT_TURNS, revealed, said_lines
    from .text.sentences import embeddable, split_sentences
    return [*(x for x in embeddable(split_sentences(draft)) if x), *(t.phrase for t in revealed(scenario, client_text)),
            *said_lines(client_text)[-RECENT_TURNS:]]


def classification_report(y_true: list[str], y_pred: list[str]) -> dict:
    """Per-strategy precision/recall/F1 and confusion (scikit-learn); macro-F1 over the labels present."""
    labels = list(STRATEGIES)
    if not y_true:
        zero = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
        return {"macro_f1": 0.0, "accuracy": 0.0, "n": 0, "per_strategy": {c: dict(zero) for c in labels},
                "confusion": {c: {} for c in labels}}
    prec, rec, f1, sup = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    per = {c: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3),
               "support": int(n)} for c, p, r, f, n in zip(labels, prec, rec, f1, sup)}
    present = [c for c in labels if per[c]["support"]]
    macro = sum(per[c]["f1"] for c in present) / len(present)
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    confusion = {t: {p: int(k) for p, k in zip(labels, row) if k} for t, row in zip(labels, cm)}
    return {"macro_f1": round(macro, 3), "accuracy": round(float(accuracy_score(y_true, y_pred)), 3),
            "n": len(y_true), "per_strategy": per, "confusion": confusion}


def eval_strategies(directory: Path, detector) -> dict:
    data = labelled(directory)
    all_t, all_p, per_culture = [], [], {}
    for culture, exemplars in sorted(data.items()):
        phrases = [e for e in exemplars if not e.id.endswith("-reply") and e.strategies]
        preds = [p for p, _ in detector.classify([e.text for e in phrases])]
        truth = [e.strategies[0] for e in phrases]
        rep = classification_report(truth, preds)
        per_culture[culture] = {"macro_f1": rep["macro_f1"], "accuracy": rep["accuracy"], "n": rep["n"]}
        all_t += truth
        all_p += preds
    return {"overall": classification_report(all_t, all_p), "per_culture": per_culture}


def _rho(a, b) -> float:
    r = spearmanr(a, b).statistic
    return 0.0 if np.isnan(r) else float(r)


def partial_spearman(x, y, z) -> float:
    """Spearman of x and y, controlling for z."""
    rxy, rxz, ryz = _rho(x, y), _rho(x, z), _rho(y, z)
    denom = np.sqrt(max(1e-12, (1 - rxz ** 2) * (1 - ryz ** 2)))
    return float((rxy - rxz * ryz) / denom)


def _empathy_block(est, gold, length) -> dict:
    return {"n": len(gold), "spearman": round(_rho(est, gold), 3),
            "length_baseline_spearman": round(_rho(length, gold), 3),
            "partial_spearman": round(partial_spearman(est, gold, length), 3)}


def eval_empathy(directory: Path, estimate, prefetch=None) -> dict:
    """estimate(reply text, scenario) -> float, for each rated reply (its phrases joined);
    the scenario gives the post's labelled phrases as what the client said. prefetch, if
    given, first gets every (reply text, scenario) at once (to embed them in one batch)."""
    data = labelled(directory, with_scenarios=True)
    items = [(culture, text, score, scenarios[sid]) for culture, (exemplars, scenarios) in sorted(data.items())
             for text, score, sid in replies(exemplars)]
    if prefetch is not None:
        prefetch([(text, scenario) for _, text, _, scenario in items])
    rows = defaultdict(list)
    for culture, text, score, scenario in items:
        rows[culture].append((estimate(text, scenario), score, len(text)))
    per = {c: _empathy_block(*zip(*r)) for c, r in rows.items() if len(r) > 2}
    everything = [x for r in rows.values() for x in r]
    if len(everything) < 3:
        raise DataError(f"{directory}: fewer than 3 rated replies; nothing to correlate")
    return {"overall": _empathy_block(*zip(*everything)), "per_culture": per}


def quadratic_kappa(pairs: list[tuple[int, int]]) -> float | None:
    """Quadratic-weighted Cohen's kappa of (score, expected) pairs on the 1-5 scale; None if undefined."""
    if not pairs:
        return None
    got, expected = zip(*pairs)
    k = cohen_kappa_score(got, expected, weights="quadratic", labels=[1, 2, 3, 4, 5])
    return None if np.isnan(k) else round(float(k), 3)


def eval_consistency(library, scorer) -> dict:
    """For each authored scenario and criterion: does strong > adequate > weak hold, and how well
    do the scores agree with each exemplar's expected_scores (quadratic-weighted kappa)?"""
    per_criterion: dict[str, dict[str, int]] = defaultdict(lambda: {"strong>weak": 0, "strong>adequate": 0,
                                         "adequate>weak": 0, "n": 0})
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    failures: list[str] = []
    off_by_2: list[str] = []
    by_grade_pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in library.scenarios.values():
        if not s.authored:
            continue
        by_grade = {}
        for e in s.exemplars:
            by_grade[e.grade] = got = scorer(s, e.text)
            for crit, v in got.items():
                if crit in e.expected_scores:
                    pairs[crit].append((v, e.expected_scores[crit]))
                    by_grade_pairs[e.grade].append((v, e.expected_scores[crit]))
                    if abs(v - e.expected_scores[crit]) > 1:
                        off_by_2.append(f"{s.id} {e.grade} {crit}: scored {v}, expected {e.expected_scores[crit]}")
        for crit in by_grade["strong"]:
            st, ad, wk = (by_grade[g][crit] for g in ("strong", "adequate", "weak"))
            row = per_criterion[crit]
            row["n"] += 1
            row["strong>weak"] += st > wk
            row["strong>adequate"] += st > ad
            row["adequate>weak"] += ad > wk
            if not st > wk:
                failures.append(f"{s.id}: {crit} strong {st} <= weak {wk}")
    everything = [x for ps in pairs.values() for x in ps]
    kappa = {"overall": quadratic_kappa(everything), "n": len(everything),
             "per_criterion": {c: {"kappa": quadratic_kappa(ps), "n": len(ps)} for c, ps in pairs.items()}}
    agreement = {"overall": _agreement(everything),
                 "per_criterion": {c: _agreement(ps) for c, ps in pairs.items()},
                 "per_grade": {g: _agreement(ps) for g, ps in sorted(by_grade_pairs.items())},
                 "off_by_2": off_by_2}
    return {"per_criterion": dict(per_criterion), "failures": failures, "kappa": kappa, "agreement": agreement}


def _agreement(pairs: list[tuple[int, int]]) -> dict:
    """Share of (score, expected) pairs that agree exactly, and within one point."""
    n = len(pairs)
    return {"exact": round(sum(a == b for a, b in pairs) / n, 3) if n else None,
            "within_1": round(sum(abs(a - b) <= 1 for a, b in pairs) / n, 3) if n else None, "n": n}
