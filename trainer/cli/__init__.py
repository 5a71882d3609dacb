"""python -m trainer ...: one module per command group (data, content, index, feedback,
evaluate, play), each adding its commands to the parser.

Exit status: 0 ok, 1 failed (message says what to do), 2 bad input (usage, invalid file)."""
from __future__ import annotations

import argparse

from .. import dataset
from ..config import ConfigError, load_settings
from ..services import build_services
from ..store import StoreError
from . import content, data, evaluate, feedback, index, play
from .common import err

GROUPS = (data, content, index, feedback, evaluate, play)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m trainer", description="CultureCare Trainer")
    sub = p.add_subparsers(dest="cmd", required=True)
    for group in GROUPS:
        group.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.fn(build_services(load_settings()), args))
    except ConfigError as e:
        err(str(e))
        return 2
    except (dataset.DataError, StoreError) as e:
        err(str(e))
        return 1
