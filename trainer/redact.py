"""Secrets out of text before it is stored, logged or shown: the configured API key wherever it
appears, and whatever looks like a credential (sk-… keys, Bearer tokens, user:password@ in a URL).
Error messages from an endpoint can echo the key (a 401 that quotes it)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .config import Settings

MASK = "[redacted]"
MIN_SECRET = 4  # a configured "key" shorter than this (e.g. "x" for a local server) is no secret to hunt
_PATTERNS = [
    (re.compile(r"\bsk-[A-Za-z0-9_*\-]{6,}"), MASK),                            # OpenAI-style, also half-masked echoes
    (re.compile(r"\b(Bearer)\s+[A-Za-z0-9._~+/=\-]{6,}", re.I), rf"\1 {MASK}"),  # Authorization headers
    (re.compile(r"(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"), MASK),                     # https://user:password@host
]


@dataclass(frozen=True)
class Redactor:
    """Callable: text with every known secret and credential-looking token masked."""
    secrets: tuple[str, ...] = ()

    @classmethod
    def of(cls, secrets: Iterable[str | None]) -> "Redactor":
        return cls(tuple(sorted({s for s in secrets if s and len(s) >= MIN_SECRET}, key=len, reverse=True)))

    @classmethod
    def from_settings(cls, settings: Settings) -> "Redactor":
        return cls.of([settings.api_key.get_secret_value() if settings.api_key else None])

    def __call__(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, MASK)
        for pattern, mask in _PATTERNS:
            text = pattern.sub(mask, text)
        return text
