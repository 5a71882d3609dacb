"""The LLM judge's scores checked against the draft and the offline scorer before they are shown.

- Evidence: every quoted piece must occur in the draft (whitespace, quote marks and case aside;
  "missing: ..." evidence needs no quote). Invented quotes are dropped with a note; a score whose
  quotes were all invented is not trusted, and the offline score stands for that criterion.
- Self-contradiction: a 4-5 must rest on the draft's own words, so a high score with no quote that
  occurs (only "missing: ...", or nothing) falls back; so does a 1-2 whose only evidence is words the
  offline scorer credits as strengths on that criterion (its own score 4-5).
- Disagreement: where judge and offline scorer differ by DISAGREE points or more, both are shown."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Score, Withheld
from ..text.harm import Harm
from .scoring import apply_harms

DISAGREE = 3
_MISSING = re.compile(r"^\W*(missing|absent|lacks?|lacking|no mention|not in the draft|none)\b", re.I)
_QUOTED = re.compile(r"[\"“”„«»](.+?)[\"“”„«»]|(?<!\w)'(.+?)'(?!\w)")
_QUOTE_MARKS = re.compile(r"[\"“”„«»‹›]")
_APOSTROPHES = re.compile(r"[’‘`´ʼ]")
_ELLIPSIS = re.compile(r"\.\.\.+|…|\[\.\.\.\]")
_EDGES = " \t\n'.,;:!?-–—()[]"


def norm(text: str) -> str:
    """Casefolded, one kind of apostrophe, no quote marks, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _QUOTE_MARKS.sub(" ", _APOSTROPHES.sub("'", text))
    return " ".join(text.split())


def is_missing(item: str) -> bool:
    return bool(_MISSING.match(item))


def quotes(item: str) -> list[str]:
    """The quoted pieces of an evidence item: the spans in quote marks, else the whole item; split at
    an ellipsis (the judge may elide), each piece normalised, empty pieces dropped."""
    spans = [a or b for a, b in _QUOTED.findall(item)] or [item]
    pieces = [norm(p).strip(_EDGES) for s in spans for p in _ELLIPSIS.split(s)]
    return [p for p in pieces if p]


def occurs(item: str, draft: str) -> bool:
    """Every quoted piece of the item occurs in the draft."""
    d = norm(draft)
    pieces = quotes(item)
    return bool(pieces) and all(p in d for p in pieces)


@dataclass
class Checked:
    scores: list[Score]
    withheld: list[Withheld] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trusted: int = 0  # how many of the judge's scores stand


def _strengths(o: Score | None) -> list[str]:
    """The offline scorer's quoted evidence where it scored the criterion 4-5."""
    if o is None or o.score < 4:
        return []
    return [p for e in o.evidence if not is_missing(e) for p in quotes(e)]


def _short(items: list[str]) -> str:
    """Up to two evidence items, quoted once, for a note."""
    return "; ".join("“" + x.strip(_EDGES + "“”\"")[:80] + "”" for x in items[:2]) + (" …" if len(items) > 2 else "")


def check(judged: list[Score], offline: list[Score], draft: str, withheld: list[Withheld],
          harms: Sequence[Harm] = ()) -> Checked:
    """The judge's scores as they may be shown. withheld: what the offline scorer could not score for
    this draft (its language); a judge score there that is not trusted is withheld too, not replaced.
    harms: harmful moves found in the draft; they cap a trusted judge score as they cap offline ones
    (checked on the judge's own evidence first, so a cap never hides invented evidence)."""
    off = {s.criterion: s for s in offline}
    held = {w.criterion: w for w in withheld}
    out = Checked(scores=[])
    said: dict[str, list[str]] = {}  # a note -> the criteria it is about (one line for the same note)

    def note(name: str, text: str) -> None:
        said.setdefault(text, []).append(name)

    def fall_back(j: Score, why: str) -> None:
        o = off.get(j.criterion)
        if j.criterion in held or o is None:
            out.withheld.append(held.get(j.criterion) or Withheld(criterion=j.criterion, name=j.name, reason=why))
            note(j.name, f"{why}; the judge's {j.score} is not shown and the criterion is not scored.")
            return
        out.scores.append(o)
        note(j.name, f"{why}; the judge's {j.score} is not trusted, this is the offline score ({o.score}).")

    for j in judged:
        o = off.get(j.criterion)
        found = [e for e in j.evidence if not is_missing(e) and occurs(e, draft)]
        invented = [e for e in j.evidence if not is_missing(e) and e not in found]
        missing = [e for e in j.evidence if is_missing(e)]
        if invented and not found:
            fall_back(j, f"the judge's evidence ({_short(invented)}) is not in your draft")
            continue
        if invented:
            note(j.name, f"the judge quoted words that are not in your draft ({_short(invented)}); they were dropped.")
            j = j.model_copy(update={"evidence": found + missing})
        if j.score >= 4 and not found:
            fall_back(j, f"the judge gave {j.score} without quoting the draft"
                      + (" (its evidence names only what is missing)" if missing else ""))
            continue
        strengths = _strengths(o)
        if j.score <= 2 and found and not missing and strengths and \
                all(any(p in s or s in p for s in strengths) for e in found for p in quotes(e)):
            fall_back(j, f"the judge gave {j.score} citing only words the offline scorer counts as strengths")
            continue
        j = apply_harms([j], list(harms))[0]
        if o is not None and j.criterion not in held and abs(j.score - o.score) >= DISAGREE:
            j = j.model_copy(update={"offline_score": o.score, "offline_reason": o.reason})
            note(j.name, f"the LLM judge gives {j.score} and the offline scorer {o.score}; they disagree by 3 or more, "
                         "so both are shown. Weigh both reasons, or ask your supervisor.")
        out.scores.append(j)
        out.trusted += 1
    out.notes = [f"{', '.join(names)}: {text}" for text, names in said.items()]
    return out
