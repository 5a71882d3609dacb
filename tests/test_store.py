import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from helpers import ROOT
from trainer.store import MIGRATIONS, Store, StoreError


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'db' / 'trainer.db'}")


def test_migrations_run_once_and_sqlite_uses_wal(store, tmp_path):
    assert store.version() == len(MIGRATIONS)
    again = Store(f"sqlite:///{tmp_path / 'db' / 'trainer.db'}")
    assert again.version() == len(MIGRATIONS)
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("select count(*) from schema_version")).scalar() == len(MIGRATIONS)


def test_a_session_is_kept_as_it_happens(store):
    sid = store.start_session("  Sam  ", "de-x", "German", "offline", 3, "Hello.", {"rapport": 0.25})
    assert store.add_draft(sid, 1, "First try", {"ok": True, "scores": []}) == 1
    assert store.add_draft(sid, 1, "Second try", None) == 2
    assert store.record_trainee(sid, 1, "Second try") is True
    assert store.record_trainee(sid, 1, "Second try") is False  # a double click: one turn
    store.record_client(sid, 1, "Mm.", {"rapport": 0.3}, {"rapport": 0.3, "disclosed": []})
    rec = store.load(sid)
    assert rec.user == "Sam" and rec.next_turn == 2 and rec.client_state["rapport"] == 0.3
    assert [(t["role"], t["text"]) for t in rec.turns] == [("client", "Hello."), ("trainee", "Second try"),
                                                          ("client", "Mm.")]
    assert [(d["version"], d["sent"]) for d in rec.drafts] == [(1, False), (2, True)]
    store.end_session(sid, {"profile": {"empathy": 4.0}}, {"rapport": 0.3})
    assert store.load(sid).summary == {"profile": {"empathy": 4.0}}
    assert [r.id for r in store.sessions_of("Sam")] == [sid]


def test_sending_without_feedback_still_keeps_the_draft(store):
    sid = store.start_session("Ana", "x", "Chinese", "offline", 0, "Hi.", {})
    store.record_trainee(sid, 1, "Straight out")
    assert [(d["text"], d["sent"]) for d in store.load(sid).drafts] == [("Straight out", True)]


def test_unusable_database_url_says_what_to_do(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="TRAINER_DATABASE_URL"):
        Store(f"sqlite:///{blocker}/sub/trainer.db")


def test_kill_9_mid_session_loses_nothing(tmp_path):
    """A separate process writes a session and is killed with SIGKILL mid-way; every committed
    line is there when the store is opened again."""
    db = tmp_path / "t.db"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from trainer.store import Store
        s = Store("sqlite:///{db}")
        sid = s.start_session("Sam", "x", "German", "offline", 0, "Opening.", {{}})
        s.add_draft(sid, 1, "draft one", None)
        s.record_trainee(sid, 1, "draft one")
        s.record_client(sid, 1, "Reply one.", {{}}, {{"rapport": 0.4}})
        s.add_draft(sid, 2, "unsent draft", None)
        print(sid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert p.returncode == -signal.SIGKILL
    sid = int(p.stdout.strip())
    rec = Store(f"sqlite:///{db}").load(sid)
    assert [t["text"] for t in rec.turns] == ["Opening.", "draft one", "Reply one."]
    assert [d["text"] for d in rec.drafts] == ["draft one", "unsent draft"] and rec.next_turn == 2
