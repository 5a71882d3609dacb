"""python -m trainer data import|fetch|stats, and prepare (what `make run` does first)."""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from .. import dataset
from ..services import Services
from .common import err, progress_bar


def _print_import(report: dataset.ImportReport, verbose: bool = True) -> int:
    """The notes and a summary per culture, then one error line per file not imported.
    Returns the exit status: 1 when a file was not imported (the others were)."""
    for r in report.imported:
        if verbose:
            for m in r.data.messages:
                print(f"  note: {m}")
        summary = ", ".join(f"{v} {k}" for k, v in r.data.summary().items())
        print(f"{r.data.culture}: {summary} [{'updated' if r.changed else 'unchanged'}]")
    for msg in report.failed:
        err(msg)
    if report.failed:
        total = len(report.imported) + len(report.failed)
        print(f"{len(report.imported)} of {total} files imported; {len(report.failed)} not (see the errors)")
    return 1 if report.failed else 0


def cmd_data_import(svc: Services, args: argparse.Namespace) -> int:
    return _print_import(dataset.import_dir(Path(args.dir), svc.settings.imported_dir))


def cmd_data_fetch(svc: Services, args: argparse.Namespace) -> int:
    settings = svc.settings
    source = args.source or settings.fetch_url
    files = dataset.fetch(source, settings.data_dir / "culturecare-raw")
    print(f"fetched {len(files)} files from {source}")
    return _print_import(dataset.import_dir(settings.data_dir / "culturecare-raw", settings.imported_dir))


def cmd_data_stats(svc: Services, args: argparse.Namespace) -> int:
    per_culture = dataset.stats(svc.settings.imported_dir)
    if not per_culture:
        print(f"no CultureCare data in {svc.settings.imported_dir}; run: python -m trainer data import DIR")
        return 0
    scenarios, _, _ = dataset.load(svc.settings.imported_dir)
    flagged = Counter(s.culture for s in scenarios if s.risk_flags)
    keys = list(next(iter(per_culture.values())))
    rows = {culture: [row.get(k, 0) for k in keys] + [flagged[culture]] for culture, row in per_culture.items()}
    total = [sum(col) for col in zip(*rows.values())]
    print(f"{'culture':<12}" + "".join(f"{k:>18}" for k in keys + ["risk flagged"]))
    for culture, values in sorted(rows.items()) + [("total", total)]:
        print(f"{culture:<12}" + "".join(f"{v:>18}" for v in values))
    return 0


def cmd_prepare(svc: Services, args: argparse.Namespace) -> int:
    """Everything the app needs before it starts; safe to run again."""
    from tqdm import tqdm
    settings = svc.settings
    src = settings.culturecare_dir
    if src and Path(src).is_dir() and dataset.source_files(Path(src)):
        files = dataset.source_files(Path(src))
        print(f"importing CultureCare from {src}")
        report = dataset.ImportReport()
        for f in tqdm(files, desc="import", unit="file"):
            one = dataset.import_files([f], settings.imported_dir)
            report.imported += one.imported
            report.failed += one.failed
        _print_import(report, verbose=False)  # a file not imported is reported; the app starts without it
    elif dataset.stored_files(settings.imported_dir):
        print(f"using CultureCare data already in {settings.imported_dir}")
    else:
        try:
            cmd_data_fetch(svc, argparse.Namespace(source=None))
        except dataset.DataError as e:
            print(f"note: {e}")
            print("going on with the authored scenario library alone")
    lib = svc.library
    authored = sum(1 for x in lib.scenarios.values() if x.authored)
    print(f"library: {authored} authored + {len(lib.scenarios) - authored} imported scenarios, "
          f"{len(lib.exemplars)} exemplars")
    for b in lib.broken:
        print(f"  broken: {b}")
    svc.open_index(progress=progress_bar("index"))
    _ = svc.analyser  # builds the strategy detector, which warms its on-disk cache
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    data = sub.add_parser("data", help="CultureCare annotations").add_subparsers(dest="sub", required=True)
    x = data.add_parser("import", help="import every *_data.jsonl in DIR")
    x.add_argument("dir")
    x.set_defaults(fn=cmd_data_import)
    x = data.add_parser("fetch", help="download the upstream files and import them")
    x.add_argument("--source", help="URL base or directory (default: the setting fetch_url)")
    x.set_defaults(fn=cmd_data_fetch)
    data.add_parser("stats", help="what is in the data dir, per culture and in total, with the risk-flagged scenarios"
                    ).set_defaults(fn=cmd_data_stats)
    sub.add_parser("prepare", help="import data and build what the app needs").set_defaults(fn=cmd_prepare)
