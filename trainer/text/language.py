"""Cheap, dependency-free language guess: by script, then by German function words."""
from __future__ import annotations

import re

LANGUAGE_NAMES = {"en": "English", "de": "German", "ar": "Arabic", "he": "Hebrew", "zh": "Chinese", "ru": "Russian"}
_SCRIPTS = [
    ("ar", re.compile(r"[\u0600-\u06FF\u0750-\u077F]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF\u3400-\u4DBF]")),
    ("ru", re.compile(r"[\u0400-\u04FF]")),
]
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DE = set("""ich du er sie wir ihr und oder aber nicht kein keine ist bin sind war habe hat
haben mein meine mir mich dich dir sich auch noch schon nur sehr das der die den dem des
ein eine einen einem einer zu mit von für auf aus bei nach wie was wenn weil dass ob so
man mal doch jetzt immer wieder gar ganz alles nichts viel mehr""".split())
_EN = set("""i you he she we they and or but not no is am are was were have has had my me
the a an to of in on at for with from that this it be do does did so just very what when
because if about your can would could""".split())


def script_share(text: str) -> dict[str, float]:
    """Share of letters per non-Latin script (only scripts that occur)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return {}
    out = {}
    for code, rx in _SCRIPTS:
        n = sum(1 for c in letters if rx.match(c))
        if n:
            out[code] = n / len(letters)
    return out


def detect_language(text: str) -> str | None:
    """Best guess of a BCP-47 code (en, de, ar, he, zh, ru) or None when there are no letters."""
    shares = script_share(text)
    if shares:
        code, share = max(shares.items(), key=lambda kv: kv[1])
        if share >= 0.3:
            return code
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    de = sum(w in _DE for w in words) + 2 * sum(ch in "äöüß" for ch in text.lower())
    en = sum(w in _EN for w in words)
    return "de" if de > en else "en"
