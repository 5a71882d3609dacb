"""Exemplars for a draft: same culture first, then the nearest others; boosted by shared
cultural-signal types; diversified by maximal marginal relevance. Only strong material is
offered as a model (authored strong replies, CultureCare replies rated 4-5); weak peer
replies appear only as labelled contrast."""
from __future__ import annotations

import numpy as np

from trainer.models import Provenance, RetrievedExemplar, Scenario

from .index import ExemplarIndex

MODEL_MIN_EMPATHY = 4
CONTRAST_MAX_EMPATHY = 2
SAME_CULTURE = 0.06
SAME_SCENARIO = 0.12
PER_SHARED_TYPE = 0.02
MMR_LAMBDA = 0.7


def _mmr(cands: list[dict], k: int) -> list[dict]:
    chosen: list[dict] = []
    pool = sorted(cands, key=lambda c: -c["score"])
    while pool and len(chosen) < k:
        def value(c):
            if not chosen:
                return c["score"]
            red = max(float(np.dot(c["vec"], x["vec"])) for x in chosen)
            return MMR_LAMBDA * c["score"] - (1 - MMR_LAMBDA) * red
        best = max(pool, key=value)
        if chosen and max(float(np.dot(best["vec"], x["vec"])) for x in chosen) > 0.97:
            pool.remove(best)  # a near-duplicate says the same thing
            continue
        chosen.append(best)
        pool.remove(best)
    return chosen


def _provenance(c: dict, scenario: Scenario, role: str) -> tuple[Provenance, str]:
    """Where an exemplar comes from, relative to this scenario, and a heading that says so."""
    m = c["meta"]
    if role == "contrast":
        return "contrast", "Contrast: a weaker peer reply (CultureCare)"
    if c["collection"] != "authored":
        return "culturecare_peer", f"Model reply from a CultureCare peer ({m['culture']})"
    if m.get("scenario_id") == scenario.id:
        return "this_scenario", "Model reply to this client"
    return "other_scenario", f"Model reply to another client ({m.get('persona') or m['culture']})"


def _why(c: dict, scenario: Scenario, role: str, provenance: Provenance) -> str:
    m = c["meta"]
    parts = []
    if provenance == "this_scenario":
        parts.append("written for this scenario")
    elif m["culture"] == scenario.culture:
        parts.append(f"same culture ({m['culture']})")
    else:
        parts.append(f"nearest other culture ({m['culture']})")
    if c["shared"]:
        parts.append("engages " + ", ".join(c["shared"]) + " signals like this client's")
    parts.append(f"close to this moment ({c['similarity']:.2f})")
    if role == "model":
        parts.append(f"graded {m['grade']}" if m.get("grade") else f"rated {m.get('empathy_score')}/5 for empathy")
    else:
        strategies = [x for x in m.get("strategies", "").split("|") if x]
        lacks = []
        if not {"Reflection of Feelings", "Restatement or Paraphrasing"} & set(strategies):
            lacks.append("it never reflects what the person feels")
        if strategies and strategies[0] in ("Providing Suggestions", "Information"):
            lacks.append("it leads with advice or facts")
        if "Questions" not in strategies:
            lacks.append("it asks nothing")
        why = "; ".join(lacks) or "annotators found it little empathetic"
        parts.append(f"what a peer wrote (rated {m.get('empathy_score')}/5 for empathy), and why it lands less well: {why}")
    return "; ".join(parts)


def _candidates(index: ExemplarIndex, q, scenario: Scenario, collection: str, where: dict, n: int) -> list[dict]:
    types = {s.type for s in scenario.cultural_signals}
    out = []
    for r in index.query(q, n, where=where, collection=collection):
        m = r["meta"]
        shared = sorted(types & set(filter(None, m.get("signal_types", "").split("|"))))
        score = r["similarity"] + SAME_CULTURE * (m["culture"] == scenario.culture) \
            + SAME_SCENARIO * (m.get("scenario_id") == scenario.id) + PER_SHARED_TYPE * len(shared)
        out.append({**r, "collection": collection, "shared": shared, "score": score,
                    "vec": np.asarray(r["embedding"], dtype=np.float32)})
    return out


def _to_model(c: dict, scenario: Scenario, role: str) -> RetrievedExemplar:
    m = c["meta"]
    provenance, heading = _provenance(c, scenario, role)
    return RetrievedExemplar(
        id=c["id"], text=c["text"], culture=m["culture"], role=role, source=m["source"],
        provenance=provenance, heading=heading, source_title=m.get("scenario_title"),
        source_url=m.get("source_url"), grade=m.get("grade"), empathy_score=m.get("empathy_score"),
        strategies=[s for s in m.get("strategies", "").split("|") if s],
        similarity=round(c["similarity"], 3), why=_why(c, scenario, role, provenance))


def retrieve(index: ExemplarIndex, query_vec, scenario: Scenario, k: int = 3,
             contrast: bool = True) -> list[RetrievedExemplar]:
    strong_cc = {"$and": [{"kind": "reply"}, {"empathy_score": {"$gte": MODEL_MIN_EMPATHY}}]}
    cands = _candidates(index, query_vec, scenario, "authored", {"grade": "strong"}, 12)
    cands += _candidates(index, query_vec, scenario, "culturecare",
                         {"$and": [{"culture": scenario.culture}, *strong_cc["$and"]]}, 10)
    cands += _candidates(index, query_vec, scenario, "culturecare", strong_cc, 10)
    unique = {c["id"]: c for c in cands}
    out = [_to_model(c, scenario, "model") for c in _mmr(list(unique.values()), k)]
    if contrast:
        weak = _candidates(index, query_vec, scenario, "culturecare", {"$and": [
            {"culture": scenario.culture}, {"kind": "reply"},
            {"empathy_score": {"$lte": CONTRAST_MAX_EMPATHY}}]}, 3)
        if weak:
            out.append(_to_model(max(weak, key=lambda c: c["score"]), scenario, "contrast"))
    return out


class Retriever:
    """retrieve() over one index, behind the core's ExemplarRetriever interface."""

    def __init__(self, index: ExemplarIndex, k: int = 3, contrast: bool = True):
        self.index, self.k, self.contrast = index, k, contrast

    def retrieve(self, query_vec: np.ndarray, scenario: Scenario) -> list[RetrievedExemplar]:
        return retrieve(self.index, query_vec, scenario, self.k, self.contrast)
