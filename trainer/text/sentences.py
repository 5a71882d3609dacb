"""Split text into sentences, for Latin, Arabic, Hebrew and CJK punctuation."""
from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[.!?…؟。！？])[\"'”’)\]]*\s+|(?<=[。！？؟])|\n+")
_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|vs|mr|mrs|ms|dr|z\.b|bzw|usw|ca|st)\.$", re.I)


# The work a draft may cost is bounded here. The embedding model's time grows with the tokens it
# reads (about 0.5 ms each here), so a run of one symbol is squeezed to three, each sentence is
# embedded from at most EMBED_TOKENS (estimated) tokens and a draft from at most DRAFT_TOKENS -
# about what an ordinary 4,000-character English reply needs; sentences past it get no vector.
EMBED_TOKENS = 128
DRAFT_TOKENS = 1400
_RUN = re.compile(r"([^\w\s])\1{3,}")
_WIDE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")


def squeeze(text: str) -> str:
    """Runs of one symbol cut to three ("!!!!!!" -> "!!!"): they carry no more meaning, only cost."""
    return _RUN.sub(r"\1\1\1", text)


SENTENCE_COST = 6.0  # each embedded text adds its prefix, special tokens and a call's fixed work
LONG_WORD = 12       # letters past this in one word are mostly rare sub-words: random strings, not words


def _cost(ch: str, run: int = 0) -> float:
    """Estimated tokens of a character: a space nothing; a letter or digit of a common script a quarter,
    half past the LONG_WORD-th letter of a word (run: letters before it in the word); a CJK character,
    a symbol or a letter of a less common script one; anything outside the Basic Multilingual Plane
    (emoji) two."""
    if ch.isspace():
        return 0.0
    if ch.isalnum() and not _WIDE.match(ch) and ord(ch) < 0x0700:
        return 0.25 if run < LONG_WORD else 0.5
    return 2.0 if ord(ch) > 0xFFFF else 1.0


def embeddable(sentences: list[str]) -> list[str | None]:
    """Each sentence cut to about EMBED_TOKENS tokens, None once the draft's DRAFT_TOKENS are spent."""
    left, out = float(DRAFT_TOKENS), list[str | None]()
    for s in sentences:
        if left < SENTENCE_COST + 1:
            out.append(None)
            continue
        budget = min(float(EMBED_TOKENS), left - SENTENCE_COST)
        spent, run, end = 0.0, 0, len(s)
        for i, ch in enumerate(s):
            spent += _cost(ch, run)
            run = run + 1 if ch.isalnum() else 0
            if spent > budget:
                end = i
                break
        left -= SENTENCE_COST + min(spent, budget)
        out.append(s[:end])
    return out


def ends_with_question(sentence: str) -> bool:
    """The sentence ends with a question mark (Latin, full-width or Arabic)."""
    return sentence.rstrip().endswith(("?", "？", "؟"))


def n_words(text: str) -> int:
    """Words, counting two Chinese characters as one."""
    return len(text.split()) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 2


def shorten(text: str, n: int) -> str:
    """text on one line, cut at a word boundary to at most n characters (with …)."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        if out and (_ABBREV.search(out[-1]) or len(out[-1]) < 3):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


_FIRST_PERSON = re.compile(r"^(i|i'm|i've|i'd|my|me|we|ich|mein|meine|mir|mich|wir|أنا|انا|אני|我)\b", re.I)
_UNCASED = re.compile(r"[\u0590-\u06ff]")  # Hebrew and Arabic: no capitals to tell a sentence by


def self_contained(phrase: str) -> bool:
    """A phrase a person could say on its own: a sentence ("I hate Ramadan", "Mir geht es schlecht."),
    not a fragment ("Ausbildung", "Palestinian Muslim family", "lebt seitdem von Sozialgeld.")."""
    p = phrase.strip()
    words = len(p.split())
    if words >= 5 or len(_WIDE.findall(p)) >= 8:
        return True
    if words < 3:
        return False
    sentence = p[:1].isupper() and p.endswith((".", "!", "?", "…", "؟"))
    return sentence or bool(_FIRST_PERSON.match(p)) or bool(_UNCASED.search(p))

