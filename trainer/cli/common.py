"""What every command group shares: error lines, a progress bar, report printing."""
from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

Progress = Callable[[int, int], None]

# What must never reach a terminal from a draft, a client line or a data file: escape sequences
# and other control characters (newline, tab and carriage return stay), bidirectional overrides
# and isolates (they reorder what follows; the marks LRM/RLM stay), and lone surrogates
# (undecodable bytes) that would crash the encoder.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]")


def printable(text: str) -> str:
    """text with control characters and lone surrogates replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


class Printable:
    """A text stream that writes only printable text (see printable)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class InputError(ValueError):
    """Input the command cannot read; the message says what to do."""


def refusing(*errors: type[Exception]) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """A command decorator: the given errors (an unknown user, a bad date, ...) are refusals, exit status 2."""
    def wrap(fn: Callable[..., int]) -> Callable[..., int]:
        @functools.wraps(fn)
        def run(*args: object) -> int:
            try:
                return fn(*args)
            except errors as e:
                raise InputError(str(e)) from e
        return run
    return wrap


def read_stdin() -> str:
    """Standard input as UTF-8 text, or an InputError naming the line that is not."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"standard input, line {line}: not valid UTF-8 text; save or pipe it as UTF-8") from e


def read_text(path: str) -> str:
    """A file the user named, as UTF-8 text, or an InputError saying which file and line is not."""
    from pathlib import Path
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read it ({e.strerror or e})") from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8 text; save it as UTF-8") from e


def undecodable(argv: list[str]) -> int | None:
    """The position of the first argument that was not valid UTF-8 (Python keeps its bytes as lone
    surrogates), or None."""
    return next((i for i, a in enumerate(argv, 1) if re.search("[\ud800-\udfff]", a)), None)


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
