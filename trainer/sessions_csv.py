"""Sessions as a table for analysis: one row per sent turn (session, trainee, scenario, culture,
turn, every criterion's score of the reply sent, its support strategies), built from the records
the store let the acting person see. De-identified: the trainee's name becomes a stable pseudonym
and no free text is kept (no reply, draft or client line)."""
from __future__ import annotations

import csv
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from .store import SessionRecord

KEY_FILE = "pseudonym.key"
FREE_TEXT = ("reply", "client")                  # the columns a de-identified export leaves out
_FORMULA = ("=", "+", "-", "@", "\t", "\r")      # a spreadsheet would run a cell that starts so


class Pseudonyms:
    """Stable pseudonyms: "trainee-" and 8 hex digits of HMAC-SHA256 of the name under a secret key kept
    in the data dir (made on first use, readable by its owner only). The same name gets the same
    pseudonym on every run with that data dir; without the key, a pseudonym cannot be tied to a name
    by trying names."""

    def __init__(self, key: bytes):
        self.key = key

    @classmethod
    def in_dir(cls, data_dir: Path) -> Pseudonyms:
        path = data_dir / KEY_FILE
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another export made it a moment ago
                pass
            else:
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_hex(32) + "\n")
        key = path.read_text().strip()
        if len(key) < 32:
            raise ValueError(f"{path}: the pseudonym key is too short; restore it from a backup (a new key "
                             "changes every pseudonym)")
        return cls(key.encode())

    def __call__(self, name: str) -> str:
        return "trainee-" + hmac.new(self.key, name.encode(), hashlib.sha256).hexdigest()[:8]


def columns(criteria: Iterable[str], deidentified: bool) -> list[str]:
    head = ["session", "trainee", "scenario", "culture", "started", "assignment", "submitted", "reviewed",
            "turn", "drafts", *criteria, "strategies"]
    return head if deidentified else [*head, *FREE_TEXT]


def rows(records: Iterable[SessionRecord], criteria: Mapping[str, str], pseudonym: Pseudonyms | None = None
         ) -> Iterator[dict[str, object]]:
    """One dict per sent turn. `criteria`: the criterion columns, id -> name (the scores are by id).
    With a pseudonym function the rows are de-identified: no name, no free text."""
    for rec in records:
        who = pseudonym(rec.user) if pseudonym else rec.user
        client = {t.idx: t.text for t in rec.turns if t.role == "client"}
        for t in (t for t in rec.turns if t.role == "trainee"):
            versions = [d for d in rec.drafts if d.turn_idx == t.idx]
            sent = next((d for d in reversed(versions) if d.sent), None)
            fb = sent.feedback if sent and sent.feedback and sent.feedback.ok else None
            scores = {s.criterion: s.score for s in fb.scores} if fb else {}
            row: dict[str, object] = {
                "session": rec.id, "trainee": who, "scenario": rec.scenario_id, "culture": rec.culture,
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(rec.started_at)),
                "assignment": rec.assignment_id if rec.assignment_id is not None else "",
                "submitted": "yes" if rec.submitted_at else "no", "reviewed": "yes" if rec.reviewed_at else "no",
                "turn": t.idx, "drafts": len(versions),
                **{c: scores.get(c, "") for c in criteria},
                "strategies": ";".join(dict.fromkeys(s.strategy for s in fb.strategies)) if fb else ""}
            if pseudonym is None:
                row |= {"reply": t.text, "client": client.get(t.idx, "")}
            yield row


def write(out: TextIO, records: Iterable[SessionRecord], criteria: Mapping[str, str],
          pseudonym: Pseudonyms | None = None) -> int:
    """The CSV (a header, then one line per sent turn); returns the number of rows. A text cell that a
    spreadsheet would run as a formula gets a leading apostrophe."""
    w = csv.DictWriter(out, fieldnames=columns(criteria, pseudonym is not None), lineterminator="\n")
    w.writeheader()
    n = 0
    for row in rows(records, criteria, pseudonym):
        w.writerow({k: ("'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v) for k, v in row.items()})
        n += 1
    return n
