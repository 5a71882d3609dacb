"""Building blocks for the word-list patterns: long alternations are written as lists."""
from __future__ import annotations

from collections.abc import Iterable


def any_of(alternatives: Iterable[str]) -> str:
    """One capturing group matching any of the alternatives (each a regex)."""
    return "(" + "|".join(alternatives) + ")"


def any_word(alternatives: Iterable[str]) -> str:
    """Any of the alternatives as whole words."""
    return r"\b" + any_of(alternatives) + r"\b"
