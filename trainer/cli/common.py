"""What every command group shares: error lines, a progress bar, report printing."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable

Progress = Callable[[int, int], None]


def err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def progress_bar(desc: str) -> Progress:
    """A tqdm bar driven by (done, total) calls."""
    from tqdm import tqdm
    bar = tqdm(total=0, desc=desc, unit="exemplar")

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()
    return update


def print_report(rep: dict, as_json: bool, lines: Callable[[dict], Iterable[str]]) -> None:
    """The human lines (unless --json), then the report as one JSON line."""
    if not as_json:
        for line in lines(rep):
            print(line)
    print(json.dumps(rep))
