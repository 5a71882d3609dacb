"""Schema changes through Alembic (trainer/migrations/): a database from before Alembic is adopted
without losing a session, the tables in trainer/store.py match the revisions, `db upgrade` and
`db current`, and a new revision is one command. SQLite and PostgreSQL (the db_url fixture)."""
import shutil

import pytest
from helpers import owner
from sqlalchemy import create_engine, inspect, text

from trainer import migrations
from trainer.cli import main
from trainer.store import Store, StoreError, meta

# What the numbered migrations (before Alembic) created, as SQLite printed it; {pk} is SERIAL on
# PostgreSQL. Step 2 added sessions.version.
LEGACY_DDL = """
CREATE TABLE schema_version (version {pk} NOT NULL, applied_at FLOAT NOT NULL, PRIMARY KEY (version));
CREATE TABLE users (id {pk} NOT NULL, name VARCHAR(120) NOT NULL, role VARCHAR(20) NOT NULL, created_at FLOAT NOT NULL,
    PRIMARY KEY (id), UNIQUE (name));
CREATE TABLE sessions (id {pk} NOT NULL, user_id INTEGER NOT NULL, scenario_id VARCHAR(120) NOT NULL,
    culture VARCHAR(60) NOT NULL, backend VARCHAR(40) NOT NULL, seed INTEGER NOT NULL, started_at FLOAT NOT NULL,
    ended_at FLOAT, client_state JSON NOT NULL, summary JSON, {version}
    PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_sessions_user_id ON sessions (user_id);
CREATE TABLE turns (id {pk} NOT NULL, session_id INTEGER NOT NULL, idx INTEGER NOT NULL, role VARCHAR(10) NOT NULL,
    text TEXT NOT NULL, meta JSON, created_at FLOAT NOT NULL, PRIMARY KEY (id),
    CONSTRAINT one_line_per_role_and_turn UNIQUE (session_id, idx, role), FOREIGN KEY(session_id) REFERENCES sessions (id));
CREATE INDEX ix_turns_session_id ON turns (session_id);
CREATE TABLE drafts (id {pk} NOT NULL, session_id INTEGER NOT NULL, turn_idx INTEGER NOT NULL, version INTEGER NOT NULL,
    text TEXT NOT NULL, feedback JSON, sent BOOLEAN NOT NULL, created_at FLOAT NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(session_id) REFERENCES sessions (id));
CREATE INDEX ix_drafts_session_id ON drafts (session_id);
"""


def _legacy(url: str, steps: int) -> int:
    """A database as the numbered migrations left it after `steps` steps, with one session of a
    sent turn and a draft; returns the session's id."""
    engine = create_engine(url)
    pk = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    version = "version INTEGER DEFAULT '0' NOT NULL," if steps >= 2 else ""
    with engine.begin() as c:
        for statement in LEGACY_DDL.format(pk=pk, version=version).split(";"):
            if statement.strip():
                c.execute(text(statement))
        for n in range(1, steps + 1):
            c.execute(text("INSERT INTO schema_version (version, applied_at) VALUES (:n, 1.0)"), {"n": n})
        c.execute(text("INSERT INTO users (name, role, created_at) VALUES ('Sam', 'trainee', 1.0)"))
        c.execute(text("INSERT INTO sessions (user_id, scenario_id, culture, backend, seed, started_at, client_state) "
                       "VALUES (1, 'de-x', 'German', 'offline', 0, 2.0, :state)"),
                  {"state": '{"rapport": 0.3, "turn": 1, "trainee": ["Hi"], "said": ["Hm."]}'})
        sid = c.execute(text("SELECT max(id) FROM sessions")).scalar_one()
        for idx, role, line in [(0, "client", "Hello."), (1, "trainee", "Hi"), (1, "client", "Hm.")]:
            c.execute(text("INSERT INTO turns (session_id, idx, role, text, created_at) VALUES (:s, :i, :r, :t, 3.0)"),
                      {"s": sid, "i": idx, "r": role, "t": line})
        c.execute(text("INSERT INTO drafts (session_id, turn_idx, version, text, sent, created_at) "
                       "VALUES (:s, 1, 1, 'Hi', :sent, 3.0)"), {"s": sid, "sent": True})
    engine.dispose()
    return sid


def _no_difference(store: Store) -> None:
    """The database's tables are the ones trainer/store.py declares (Alembic's autogenerate finds nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    with store.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), meta) == []


@pytest.mark.parametrize("steps", [1, 2], ids=["step1", "step2"])
def test_a_database_from_before_alembic_upgrades_keeping_its_sessions(db_url, steps, capsys, monkeypatch):
    sid = _legacy(db_url, steps)
    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    assert main(["db", "current"]) == 0
    assert f"none (numbered migration step {steps}, from before Alembic)" in capsys.readouterr().out
    store = Store(db_url)  # what starting the app does
    assert store.schema().current and not inspect(store.engine).has_table("schema_version")
    rec = store.load(owner(store, sid), sid)
    assert rec.user == "Sam" and rec.version == 0 and rec.client_state["rapport"] == 0.3
    assert [(t.role, t.text) for t in rec.turns] == [("client", "Hello."), ("trainee", "Hi"), ("client", "Hm.")]
    assert [(d.text, d.sent) for d in rec.drafts] == [("Hi", True)]
    assert store.commit_turn(owner(store, sid), sid, 2, "Go on.", "Well...", {}, {"turn": 2}, rec.version)  # compare-and-set works
    assert store.start_session(store.actor("Sam"), "de-x", "German", "offline", 0, "Hello.", {}) > sid  # ids go on
    _no_difference(store)
    store.engine.dispose()


def test_the_tables_in_store_py_are_what_the_revisions_build(db_url):
    store = Store(db_url)
    _no_difference(store)
    store.engine.dispose()


def test_revision_files_are_numbered_in_one_line():
    """Each file NNNN_*.py holds revision NNNN and follows NNNN-1: the store reads the newest
    revision from the file names without importing Alembic."""
    from alembic.script import ScriptDirectory
    scripts = ScriptDirectory.from_config(migrations.config())
    chain = list(reversed(list(scripts.walk_revisions())))
    assert [s.revision for s in chain] == migrations.revisions()
    assert [s.down_revision for s in chain] == [None] + migrations.revisions()[:-1]
    assert scripts.get_heads() == [migrations.head()]
    assert all(s.path.split("/")[-1].startswith(s.revision + "_") for s in chain)


def test_db_upgrade_and_current_from_any_directory(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no alembic.ini anywhere: the package finds its own revisions
    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.startswith("none: an empty database")
    assert inspect(create_engine(db_url)).get_table_names() == []  # `current` changes nothing
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.startswith(f"upgraded: none -> {migrations.head()}\n{migrations.head()} (head): ")
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.startswith(f"{migrations.head()} (head): the database is up to date.")


def test_a_database_from_newer_code_is_refused_with_what_to_do(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store(url).engine.dispose()
    with create_engine(url).begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    assert not Store(url, migrate=False).schema().known
    with pytest.raises(StoreError, match="0999: a revision this version of the trainer does not know"):
        Store(url)


def test_a_new_revision_is_one_command(tmp_path, monkeypatch, capsys):
    """`db revision MESSAGE` writes the next numbered file from the tables' difference (none here:
    an empty revision), and the next start applies it."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrations, "HERE", copy)
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{tmp_path / 'dev.db'}")
    assert main(["db", "revision", "users: a note"]) == 0
    nxt = f"{int(migrations.revisions()[-2]) + 1:04d}"
    path = copy / "versions" / f"{nxt}_users_a_note.py"
    assert f"wrote {path}" in capsys.readouterr().out
    body = path.read_text()
    assert f"revision = '{nxt}'" in body and f"down_revision = '{migrations.revisions()[-2]}'" in body
    assert Store(f"sqlite:///{tmp_path / 'fresh.db'}").schema().revision == nxt
