"""python -m trainer index build|status: the exemplar index."""
from __future__ import annotations

import argparse

from ..services import Services
from .common import progress_bar


def cmd_index_build(svc: Services, args: argparse.Namespace) -> int:
    _, status = svc.open_index(force=args.force, progress=progress_bar("index"))
    print(status.describe())
    return 0


def cmd_index_status(svc: Services, args: argparse.Namespace) -> int:
    status = svc.index_status()
    print(status.to_json() if args.json else status.describe())
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    ix = sub.add_parser("index", help="the exemplar index").add_subparsers(dest="sub", required=True)
    x = ix.add_parser("build", help="build it when its inputs changed (or --force)")
    x.add_argument("--force", action="store_true")
    x.set_defaults(fn=cmd_index_build)
    x = ix.add_parser("status", help="counts per culture and collection, hash, when built, stale or not")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_index_status)
