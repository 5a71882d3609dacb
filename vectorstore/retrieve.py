"""Exemplars for a draft: same culture first, then the nearest others; boosted by shared
cultural-signal types; diversified by maximal marginal relevance. Only strong material is
offered as a model (authored strong replies, CultureCare replies rated 4-5); weak peer
replies appear only as labelled contrast.

Screened for fit (trainer.text.persona_fit): no model or contrast that assumes a religion,
gender, partner, children, study or work the client does not have; models that assume what is
not known rank a little lower. Risk-assessment replies are models only at risk moments; at a risk
moment, models that do risk work rank first and models that give advice without it are left out."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from trainer.models import Provenance, RetrievedExemplar, Scenario
from trainer.text.persona_fit import ClientProfile, ExemplarReading, check, client_profile, read_exemplar

from .index import ExemplarIndex

MODEL_MIN_EMPATHY = 4
CONTRAST_MAX_EMPATHY = 2
SAME_CULTURE = 0.06
SAME_SCENARIO = 0.12
PER_SHARED_TYPE = 0.02
MMR_LAMBDA = 0.7
UNSUPPORTED = 0.03     # per assumption neither confirmed nor contradicted by what is known of the client
DOES_RISK_WORK = 0.15  # at a risk moment: a model that asks about risk or points to urgent help
ADVICE = ("Providing Suggestions", "Information")
# Candidates per query: (authored, same culture, any culture, contrast). Screening leaves some out,
# so it looks further; without it, the sizes retrieval always had.
POOL, POOL_UNSCREENED = (24, 20, 20, 8), (12, 10, 10, 3)


@dataclass(frozen=True)
class Excluded:
    """A candidate left out, and why (for a count or a note the caller can show)."""
    id: str
    role: str    # "model" or "contrast"
    reason: str  # "persona", "risk_question", "speaks_of_risk", "crisis_referral", "advice_at_risk", "undoes_risk"
    detail: str


@dataclass
class Selection:
    exemplars: list[RetrievedExemplar] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _reading(text: str) -> ExemplarReading:
    return read_exemplar(text)


def _screen(c: dict, scenario: Scenario, client: ClientProfile, role: str, risk_live: bool) -> Excluded | None:
    """Why a candidate must not be shown, or None; adjusts its score for what it assumes and, at
    a risk moment, for doing risk work."""
    m = c["meta"]
    reading = _reading(c["text"])
    if m.get("scenario_id") != scenario.id or c["collection"] != "authored":  # written for this client: it fits
        fit = check(reading, client)
        if fit.conflicts:
            return Excluded(c["id"], role, "persona", "; ".join(x.describe() for x in fit.conflicts))
        c["score"] -= UNSUPPORTED * len(fit.unsupported)
    if role == "contrast":
        if reading.risk_question:  # shown as the weaker reply, it would teach that asking is weak
            return Excluded(c["id"], role, "risk_question", "asks about suicide or self-harm: " + reading.asks_risk[0]
                            if reading.asks_risk else "explores " + ", ".join(reading.explores_risk))
        return None
    if not risk_live:
        if reading.risk_question:
            return Excluded(c["id"], role, "risk_question", "a risk-assessment reply outside a risk moment: "
                            + (reading.asks_risk[0] if reading.asks_risk else ", ".join(reading.explores_risk)))
        if reading.speaks_of_risk:
            return Excluded(c["id"], role, "speaks_of_risk",
                            f"speaks of {reading.speaks_of_risk.replace('_', ' ')} outside a risk moment")
        if reading.crisis:
            return Excluded(c["id"], role, "crisis_referral",
                            f"points to urgent help (“{reading.crisis[0]}”) outside a risk moment")
        return None
    if reading.undoes_risk:
        return Excluded(c["id"], role, "undoes_risk", "argues with the risk or promises secrecy: " + reading.undoes_risk[0])
    if reading.addresses_risk:
        c["score"] += DOES_RISK_WORK
        return None
    advice = [x for x in m.get("strategies", "").split("|") if x in ADVICE]
    if advice:
        return Excluded(c["id"], role, "advice_at_risk", f"{advice[0].lower()} without risk work at a risk moment")
    return None


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


def select(index: ExemplarIndex, query_vec, scenario: Scenario, k: int = 3, contrast: bool = True,
           risk_live: bool = False, client_text: str = "", screen: bool = True) -> Selection:
    """The exemplars for a moment, and the candidates left out (with why). risk_live: a risk cue
    not yet explored; client_text: what the client has said so far. screen=False: as before
    screening (for measurement)."""
    n_auth, n_same, n_any, n_weak = POOL if screen else POOL_UNSCREENED
    client = client_profile(scenario, client_text)
    excluded: list[Excluded] = []

    def keep(cands: list[dict], role: str) -> list[dict]:
        if not screen:
            return cands
        out = []
        for c in cands:
            why = _screen(c, scenario, client, role, risk_live)
            if why is None:
                out.append(c)
            else:
                excluded.append(why)
        return out

    strong_cc = {"$and": [{"kind": "reply"}, {"empathy_score": {"$gte": MODEL_MIN_EMPATHY}}]}
    cands = _candidates(index, query_vec, scenario, "authored", {"grade": "strong"}, n_auth)
    cands += _candidates(index, query_vec, scenario, "culturecare",
                         {"$and": [{"culture": scenario.culture}, *strong_cc["$and"]]}, n_same)
    cands += _candidates(index, query_vec, scenario, "culturecare", strong_cc, n_any)
    unique = {c["id"]: c for c in cands}
    out = [_to_model(c, scenario, "model") for c in _mmr(keep(list(unique.values()), "model"), k)]
    if contrast:
        weak = keep(_candidates(index, query_vec, scenario, "culturecare", {"$and": [
            {"culture": scenario.culture}, {"kind": "reply"},
            {"empathy_score": {"$lte": CONTRAST_MAX_EMPATHY}}]}, n_weak), "contrast")
        if weak:
            out.append(_to_model(max(weak, key=lambda c: c["score"]), scenario, "contrast"))
    return Selection(out, excluded)


def retrieve(index: ExemplarIndex, query_vec, scenario: Scenario, k: int = 3, contrast: bool = True,
             risk_live: bool = False, client_text: str = "", screen: bool = True) -> list[RetrievedExemplar]:
    return select(index, query_vec, scenario, k, contrast, risk_live, client_text, screen).exemplars


class Retriever:
    """retrieve() over one index, behind the core's ExemplarRetriever interface."""

    def __init__(self, index: ExemplarIndex, k: int = 3, contrast: bool = True):
        self.index, self.k, self.contrast = index, k, contrast

    def retrieve(self, query_vec: np.ndarray, scenario: Scenario, risk_live: bool = False,
                 client_text: str = "") -> list[RetrievedExemplar]:
        return self.select(query_vec, scenario, risk_live, client_text).exemplars

    def select(self, query_vec: np.ndarray, scenario: Scenario, risk_live: bool = False,
               client_text: str = "") -> Selection:
        return select(self.index, query_vec, scenario, self.k, self.contrast, risk_live, client_text)
