"""Text written by trainees, clients, models or imported data, made safe to put into Markdown
(CommonMark with GitHub's tables and strikethrough): every character that could start
structure - a heading, list, quote, table, code, link, image, emphasis, HTML or entity - is
escaped, so structure comes only from the code that writes the Markdown around it."""
from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<|~&])")  # structure anywhere in a line
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))")  # structure only where a line starts

HARD_BREAK = "\\\n"  # a backslash ending a line: a line break inside the same paragraph


def escape_line(line: str) -> str:
    """One line, escaped: it reads the same once rendered and makes no structure."""
    line = _INLINE.sub(r"\\\1", line)
    return _LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else
                                                    f"{m.group(3)}\\{m.group(4)}"), line)


def escape(text: str, newline: str = HARD_BREAK) -> str:
    """The text escaped line by line, its lines joined by `newline`: by default a hard line
    break, so a blank line or a line that looks like a heading stays inside the same paragraph
    (after a block quote's "> ", pass HARD_BREAK + "> " to stay inside the quote)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return newline.join(escape_line(x.rstrip()) for x in lines)
