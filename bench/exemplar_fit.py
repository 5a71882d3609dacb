"""Exemplar fit, measured by hand (not a test):
    .venv/bin/python bench/exemplar_fit.py [--index DIR] [--verbose]
For every authored scenario, retrieves the exemplars shown at its opening line and, where it has a
risk flag, at the risk cue (a risk moment), from an index of the authored library plus the shared
CultureCare data (../shared/culturecare; built once into --index, reused while its inputs match).
Before: retrieval without screening, and which of the models it shows misfit the client (a
conflicting assumption, a risk question outside a risk moment, advice without risk work at one).
After: retrieval with screening - the models shown, and the candidates left out, by reason."""
from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from trainer import config
from trainer.culturecare import read_file
from trainer.embeddings import get_embedder
from trainer.feedback.analysis import Analyser
from trainer.models import RetrievedExemplar, Scenario
from trainer.scenarios import load_library
from trainer.text.persona_fit import client_profile
from vectorstore.index import ExemplarIndex
from vectorstore.retrieve import Excluded, _screen, select

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "culturecare"


def misfit(e: RetrievedExemplar, scenario: Scenario, client_text: str, risk_live: bool) -> Excluded | None:
    """The screen applied to an exemplar that was shown."""
    cand = {"id": e.id, "text": e.text, "score": 0.0,
            "collection": "authored" if e.source.startswith("authored:") else "culturecare",
            "meta": {"scenario_id": e.source.split(":", 1)[1] if e.source.startswith("authored:") else None,
                     "strategies": "|".join(e.strategies)}}
    return _screen(cand, scenario, client_profile(scenario, client_text), e.role, risk_live)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=Path(tempfile.gettempdir()) / "culturecare-trainer-fit-index")
    ap.add_argument("--verbose", action="store_true", help="every misfit and exclusion, with the words")
    args = ap.parse_args()
    empty = Path(tempfile.mkdtemp()) / "data"
    lib = load_library(config.load_settings(data_dir=empty, scenarios_dir=ROOT / "scenarios", rubrics_dir=ROOT / "rubrics"))
    cc = [e for f in sorted(SHARED.glob("*_data.jsonl")) for e in read_file(f).exemplars]
    emb = get_embedder("e5")
    idx = ExemplarIndex(path=args.index, embedder=emb)
    st = idx.ensure(lib.exemplars + cc)
    print(f"index {args.index}: {sum(st.counts['authored'].values())} authored, "
          f"{sum(st.counts['culturecare'].values())} CultureCare items")
    analyser = Analyser(emb)
    moments: list[tuple[Scenario, str, str, bool]] = []
    for s in sorted((s for s in lib.scenarios.values() if s.authored), key=lambda s: s.id):
        live = analyser.risk_state(s, [s.opening_line], []).live
        moments.append((s, "opening", s.opening_line, live))
        if s.risk_flags:
            moments.append((s, "risk cue", s.risk_flags[0].cue, True))
    before_shown, before_bad, after_shown, after_bad = 0, Counter(), 0, Counter()
    excluded_models, excluded_contrast, short = Counter(), Counter(), 0
    print(f"\n{'scenario':44} {'moment':9} live  before: models misfit | after: models, excluded (model/contrast)")
    for s, name, line, live in moments:
        client_text = s.opening_line if name == "opening" else f"{s.opening_line}\n{line}"
        q = emb.encode([line], query=True)[0]
        old = select(idx, q, s, risk_live=live, client_text=client_text, screen=False)
        new = select(idx, q, s, risk_live=live, client_text=client_text)
        old_models = [e for e in old.exemplars if e.role == "model"]
        new_models = [e for e in new.exemplars if e.role == "model"]
        old_bad = [(e, m) for e in old.exemplars if (m := misfit(e, s, client_text, live))]
        new_bad = [(e, m) for e in new.exemplars if (m := misfit(e, s, client_text, live))]
        before_shown += len(old_models)
        after_shown += len(new_models)
        before_bad.update(f"{m.role}: {m.reason}" for _, m in old_bad)
        after_bad.update(f"{m.role}: {m.reason}" for _, m in new_bad)
        excluded_models.update(x.reason for x in new.excluded if x.role == "model")
        excluded_contrast.update(x.reason for x in new.excluded if x.role == "contrast")
        short += len(new_models) < 3
        n_old_bad = sum(m.role == "model" for _, m in old_bad)
        n_exm = sum(x.role == "model" for x in new.excluded)
        print(f"{s.id:44} {name:9} {'yes' if live else 'no ':4}  {len(old_models)} shown, {n_old_bad} misfit"
              f"{' +contrast' if any(m.role == 'contrast' for _, m in old_bad) else '':10} | {len(new_models)} shown, "
              f"{n_exm}/{len(new.excluded) - n_exm} excluded")
        if args.verbose:
            for e, m in old_bad:
                print(f"      before, shown {e.role} {e.id}: {m.reason}: {m.detail[:160]}")
            for e in new.exemplars:
                print(f"      after, shown {e.role} {e.id}: {' '.join(e.text.split())[:110]}")
            for x in new.excluded:
                print(f"      after, left out {x.role} {x.id}: {x.reason}: {x.detail[:160]}")
    print(f"\n{len(moments)} moments ({sum(m[3] for m in moments)} risk moments)")
    print(f"before: {before_shown} models shown; misfits shown: {sum(before_bad.values())} "
          + ", ".join(f"{k} {v}" for k, v in sorted(before_bad.items())))
    print(f"after:  {after_shown} models shown; misfits shown: {sum(after_bad.values())}; "
          f"moments with fewer than 3 models: {short}")
    print("after, candidates left out (the pool, not only the top 3): models "
          + ", ".join(f"{k} {v}" for k, v in sorted(excluded_models.items()))
          + "; contrast " + ", ".join(f"{k} {v}" for k, v in sorted(excluded_contrast.items())))


if __name__ == "__main__":
    main()
