"""Read a text file as UTF-8; a bad byte is reported by its line, as an editor shows it."""
from __future__ import annotations

from pathlib import Path


class NotUtf8(ValueError):
    """The file is not UTF-8 text. str() is one line: file:line: what is wrong and what to do."""

    def __init__(self, path: Path | str, line: int, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        super().__init__(f"{self.path}:{line}: not UTF-8 text ({reason}); save the file as UTF-8")


def read_utf8(path: Path) -> str:
    """The file's text (a leading byte-order mark dropped). Raises NotUtf8 with the line of the
    first byte that is not UTF-8, and OSError when the file cannot be read."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = e.object.count(b"\n", 0, e.start) + 1  # e.start counts from after the mark
        raise NotUtf8(path, line, e.reason) from e


def text_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: split at \\n (and \\r\\n) only, not at the Unicode
    line separators str.splitlines() also splits at (JSON may hold U+2028 raw in a string)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [x.removesuffix("\r") for x in lines]
