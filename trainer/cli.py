"""python -m trainer ... : data, scenarios, rubrics, schema, prepare.

Exit status: 0 ok, 1 failed (message says what to do), 2 bad input (usage, invalid file)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import cli_feedback, cli_play, dataset
from .config import ConfigError, ROOT, Settings, load_settings
from .models import json_schemas
from .rubrics import load_rubric, load_rubrics
from .scenarios import load_library, load_scenario
from .yamlfile import FileError


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def _print_import(results: list[dataset.ImportResult], verbose: bool = True) -> None:
    for r in results:
        if verbose:
            for m in r.data.messages:
                print(f"  note: {m}")
        summary = ", ".join(f"{v} {k}" for k, v in r.data.summary().items())
        print(f"{r.data.culture}: {summary} [{'updated' if r.changed else 'unchanged'}]")


def cmd_data_import(s: Settings, a) -> int:
    _print_import(dataset.import_dir(Path(a.dir), s.imported_dir))
    return 0


def cmd_data_fetch(s: Settings, a) -> int:
    source = a.source or s.fetch_url
    files = dataset.fetch(source, s.data_dir / "culturecare-raw")
    print(f"fetched {len(files)} files from {source}")
    _print_import(dataset.import_dir(s.data_dir / "culturecare-raw", s.imported_dir))
    return 0


def cmd_data_stats(s: Settings, a) -> int:
    st = dataset.stats(s.imported_dir)
    if not st:
        print(f"no CultureCare data in {s.imported_dir}; run: python -m trainer data import DIR")
        return 0
    keys = list(next(iter(st.values())))
    print(f"{'culture':<12}" + "".join(f"{k:>18}" for k in keys))
    for culture, row in sorted(st.items()):
        print(f"{culture:<12}" + "".join(f"{row[k]:>18}" for k in keys))
    return 0


def cmd_prepare(s: Settings, a) -> int:
    """Everything the app needs before it starts; safe to run again."""
    from tqdm import tqdm
    src = s.culturecare_dir
    if src and Path(src).is_dir() and dataset.source_files(Path(src)):
        files = dataset.source_files(Path(src))
        print(f"importing CultureCare from {src}")
        results = []
        for f in tqdm(files, desc="import", unit="file"):
            results += dataset.import_files([f], s.imported_dir)
        _print_import(results, verbose=False)
    elif dataset.stored_files(s.imported_dir):
        print(f"using CultureCare data already in {s.imported_dir}")
    else:
        try:
            cmd_data_fetch(s, argparse.Namespace(source=None))
        except dataset.DataError as e:
            print(f"note: {e}")
            print("going on with the authored scenario library alone")
    lib = load_library(s)
    authored = sum(1 for x in lib.scenarios.values() if x.authored)
    print(f"library: {authored} authored + {len(lib.scenarios) - authored} imported scenarios, "
          f"{len(lib.exemplars)} exemplars")
    for b in lib.broken:
        print(f"  broken: {b}")
    cli_feedback.open_index(s, lib)
    from .embeddings import get_embedder
    from .feedback.strategies import StrategyDetector
    StrategyDetector(get_embedder(s.embedding_model), s.data_dir / "cache")  # warms the on-disk cache
    return 0


def cmd_scenarios_list(s: Settings, a) -> int:
    lib = load_library(s)
    rows = lib.filter(culture=a.culture, difficulty=a.difficulty, source=a.source)
    if a.json:
        print(json.dumps([{"id": x.id, "source": "authored" if x.authored else "imported",
                           "culture": x.culture, "difficulty": x.difficulty,
                           "risk": bool(x.risk_flags), "title": x.title} for x in rows]))
        return 0
    for x in rows:
        kind = "authored" if x.authored else "imported"
        risk = "risk" if x.risk_flags else "-"
        print(f"{x.id:<36} {kind:<9} {x.culture:<9} {x.difficulty:<13} {risk:<5} {x.title}")
    print(f"{len(rows)} scenarios", file=sys.stderr)
    for b in lib.broken:
        print(f"broken: {b}", file=sys.stderr)
    return 0


def cmd_scenarios_show(s: Settings, a) -> int:
    lib = load_library(s)
    try:
        sc = lib.get(a.id)
    except KeyError as e:
        _err(e.args[0])
        return 2
    print(json.dumps(sc.model_dump(mode="json", exclude_defaults=True), indent=2, ensure_ascii=False))
    return 0


def _validate(paths: list[str], default_dir: Path, check) -> int:
    files = []
    for p in map(Path, paths or [str(default_dir)]):
        files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    bad = 0
    for f in files:
        try:
            check(f)
            print(f"ok: {f}")
        except FileError as e:
            bad += 1
            print(str(e), file=sys.stderr)
    print(f"{len(files) - bad} valid, {bad} invalid", file=sys.stderr)
    return 2 if bad else 0


def cmd_scenarios_validate(s: Settings, a) -> int:
    rubrics, errors = load_rubrics(s.rubrics_dir)
    for e in errors:
        print(f"rubric broken: {e}", file=sys.stderr)
    return _validate(a.paths, s.scenarios_dir, lambda f: load_scenario(f, rubrics))


def cmd_rubrics_validate(s: Settings, a) -> int:
    return _validate(a.paths, s.rubrics_dir, load_rubric)


def cmd_schema(s: Settings, a) -> int:
    stale = []
    for name, schema in json_schemas().items():
        path = ROOT / name / "schema.json"
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            if a.check:
                stale.append(str(path))
            else:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path}")
    if stale:
        _err(f"stale schema: {', '.join(stale)}; run: python -m trainer schema")
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m trainer", description="CultureCare Trainer")
    sub = p.add_subparsers(dest="cmd", required=True)

    data = sub.add_parser("data", help="CultureCare annotations").add_subparsers(dest="sub", required=True)
    x = data.add_parser("import", help="import every *_data.jsonl in DIR")
    x.add_argument("dir")
    x.set_defaults(fn=cmd_data_import)
    x = data.add_parser("fetch", help="download the upstream files and import them")
    x.add_argument("--source", help="URL base or directory (default: the setting fetch_url)")
    x.set_defaults(fn=cmd_data_fetch)
    data.add_parser("stats", help="what is in the data dir, per culture").set_defaults(fn=cmd_data_stats)

    sc = sub.add_parser("scenarios", help="the scenario library").add_subparsers(dest="sub", required=True)
    x = sc.add_parser("list", help="one line per scenario")
    x.add_argument("--culture")
    x.add_argument("--difficulty", choices=["beginner", "intermediate", "advanced"])
    x.add_argument("--source", choices=["authored", "imported"])
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_scenarios_list)
    x = sc.add_parser("show", help="one scenario in full")
    x.add_argument("id")
    x.set_defaults(fn=cmd_scenarios_show)
    x = sc.add_parser("validate", help="check scenario YAML files (default: the library)")
    x.add_argument("paths", nargs="*")
    x.set_defaults(fn=cmd_scenarios_validate)

    rb = sub.add_parser("rubrics", help="rubric files").add_subparsers(dest="sub", required=True)
    x = rb.add_parser("validate", help="check rubric YAML files (default: rubrics/)")
    x.add_argument("paths", nargs="*")
    x.set_defaults(fn=cmd_rubrics_validate)

    x = sub.add_parser("schema", help="write scenarios/schema.json and rubrics/schema.json")
    x.add_argument("--check", action="store_true", help="fail when they are stale, write nothing")
    x.set_defaults(fn=cmd_schema)
    sub.add_parser("prepare", help="import data and build what the app needs").set_defaults(fn=cmd_prepare)
    cli_feedback.add_commands(sub)
    cli_play.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.fn(load_settings(), args)
    except ConfigError as e:
        _err(str(e))
        return 2
    except dataset.DataError as e:
        _err(str(e))
        return 1
