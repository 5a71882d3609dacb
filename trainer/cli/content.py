"""python -m trainer scenarios list|show|validate, rubrics validate, schema."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..config import ROOT
from ..models import json_schemas
from ..rubrics import load_rubric, load_rubrics
from ..scenarios import load_scenario
from ..services import Services
from ..yamlfile import FileError
from .common import err


def cmd_scenarios_list(svc: Services, args: argparse.Namespace) -> int:
    lib = svc.library
    rows = lib.filter(culture=args.culture, difficulty=args.difficulty, source=args.source)
    if args.json:
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


def cmd_scenarios_show(svc: Services, args: argparse.Namespace) -> int:
    try:
        scenario = svc.library.get(args.id)
    except KeyError as e:
        err(e.args[0])
        return 2
    print(json.dumps(scenario.model_dump(mode="json", exclude_defaults=True), indent=2, ensure_ascii=False))
    return 0


def _validate(paths: list[str], default_dir: Path, check: Callable[[Path], object]) -> int:
    files: list[Path] = []
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


def cmd_scenarios_validate(svc: Services, args: argparse.Namespace) -> int:
    rubrics, errors = load_rubrics(svc.settings.rubrics_dir)
    for e in errors:
        print(f"rubric broken: {e}", file=sys.stderr)
    return _validate(args.paths, svc.settings.scenarios_dir, lambda f: load_scenario(f, rubrics))


def cmd_rubrics_validate(svc: Services, args: argparse.Namespace) -> int:
    return _validate(args.paths, svc.settings.rubrics_dir, load_rubric)


def cmd_schema(svc: Services, args: argparse.Namespace) -> int:
    stale = []
    for name, schema in json_schemas().items():
        path = ROOT / name / "schema.json"
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            if args.check:
                stale.append(str(path))
            else:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path}")
    if stale:
        err(f"stale schema: {', '.join(stale)}; run: python -m trainer schema")
        return 1
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
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
