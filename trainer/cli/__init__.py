"""python -m trainer ...: one module per command group (data, content, index, feedback,
evaluate, play, db, users), each adding its commands to the parser.

Exit status: 0 ok, 1 failed (message says what to do), 2 bad input (usage, invalid file)."""
from __future__ import annotations

import argparse
import sys

from .. import dataset
from ..config import ConfigError, load_settings
from ..services import build_services
from ..store import StoreError
from . import cohorts, content, data, db, evaluate, export, feedback, index, play, users
from .common import InputError, Printable, err, undecodable

GROUPS = (data, content, index, feedback, evaluate, play, db, users, cohorts, export)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m trainer", description="CultureCare Trainer")
    sub = p.add_subparsers(dest="cmd", required=True)
    for group in GROUPS:
        group.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    bad = undecodable(argv)
    if bad is not None:
        err(f"argument {bad} is not valid UTF-8 text: pass it as UTF-8, or give - and the text on standard input")
        return 2
    out, error = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Printable(out), Printable(error)
    try:
        return _run(build_parser().parse_args(argv))
    finally:
        sys.stdout, sys.stderr = out, error


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.fn(build_services(load_settings()), args))
    except InputError as e:
        err(str(e))
        return 2
    except ConfigError as e:
        err(str(e))
        return 2
    except (dataset.DataError, StoreError) as e:
        err(str(e))
        return 1
