"""Plain helpers for the tests: paths, a free loopback port, CultureCare-shaped records, a copy
of the session's index, golden files."""
from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "culturecare"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def record(post_id: str = "p1", culture: str = "Testish", distress: list | None = None,
           signals: list | None = None, support: list | None = None, empathy: str = "4 quite empathetic",
           demo: dict | None = None, **extra: Any) -> dict:
    """One CultureCare-shaped record, with sensible defaults."""
    rec = {
        "culture": culture, "post_id": post_id,
        "post": {
            "text": f"https://www.reddit.com/comments/{post_id}",
            "emotional_distress": distress if distress is not None else [
                {"phrase": "I feel so alone since I moved here.", "intensity": "light"},
                {"phrase": "I cry every night and can't sleep.", "intensity": "high"}],
            "cultural_signals": signals if signals is not None else [
                {"phrase": "My mother expects me to call every Friday.", "type": "Norms and Morals"}],
            "demographic_info": demo if demo is not None else {"age": "24", "gender": "F", "religion": "unknown"},
        },
        "response": {
            "emotional_support": support if support is not None else [
                {"phrase": "That sounds so lonely.", "strategy": "Reflection of Feelings"},
                {"phrase": "What do the Friday calls mean to you?", "strategy": "Questions"}],
            "cultural_signals": [], "empathy_score": empathy,
        },
    }
    rec.update(extra)
    return rec


def write_jsonl(path: Path, rows: Iterable[dict | str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def copy_index(built: Path, data_dir: Path) -> Path:
    """A copy of the session's index as data_dir/index; its content hash matches, so it opens as is."""
    dest = data_dir / "index"
    shutil.copytree(built, dest)
    return dest


GOLDEN = Path(__file__).resolve().parent / "golden"


def rounded(value: Any, digits: int = 6) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v, digits) for v in value]
    return value


def golden(name: str, value: Any) -> Any:
    """`value` as committed in tests/golden/<name>.json (floats to 6 places), for the test to compare.
    To regenerate after an intended change: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/<file>.py"""
    path = GOLDEN / f"{name}.json"
    fresh = rounded(value)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(fresh, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not path.exists():
        raise AssertionError(f"{path} is missing: run UPDATE_GOLDEN=1 .venv/bin/python -m pytest on this test")
    return json.loads(path.read_text(encoding="utf-8"))


def owner(store, session_id: int):
    """The person a session belongs to, as the acting Actor (tests call the scoped store as them)."""
    from sqlalchemy import select

    from trainer.accounts import Actor
    from trainer.store import sessions, users
    with store.engine.connect() as c:
        row = c.execute(select(users.c.id, users.c.name, users.c.role).join(sessions, sessions.c.user_id == users.c.id)
                        .where(sessions.c.id == session_id)).first()
    return Actor(*row)
