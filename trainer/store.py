"""Persistence: the one module that talks to the database (SQLAlchemy). SQLite file in the
data dir by default (WAL), any URL (PostgreSQL) for a shared deployment. The schema is
brought to the newest Alembic revision (trainer/migrations/) at start, one migrator at a
time. Every draft and its feedback is committed as it happens; a sent turn - the trainee's
reply, the client's answer and the client's new state - in one transaction, compare-and-set
on the session's version, so a turn is whole or absent and of two writers one wins cleanly."""
from __future__ import annotations

import contextlib
import json
import math
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    event,
    false,
    func,
    insert,
    inspect,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from .accounts import Account, AccountError, Actor
from .records import Draft, SessionSummary, Turn
from .redact import Redactor

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

meta = MetaData()
users = Table("users", meta,
              Column("id", Integer, primary_key=True),
              Column("name", String(120), nullable=False, unique=True),
              Column("role", String(20), nullable=False, default="trainee"),  # trainee | supervisor | admin
              Column("created_at", Float, nullable=False),
              Column("password_hash", Text),  # argon2; None: a name from single-user mode, no login
              Column("disabled", Boolean, nullable=False, default=False, server_default=false()))
login_attempts = Table("login_attempts", meta,
                       Column("id", Integer, primary_key=True),
                       Column("name", String(120), nullable=False),
                       Column("at", Float, nullable=False),
                       Column("ok", Boolean, nullable=False),
                       Index("login_attempts_by_name", "name", "at"))
cohorts = Table("cohorts", meta,
                Column("id", Integer, primary_key=True),
                Column("name", String(120), nullable=False, unique=True),
                Column("supervisor_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
                Column("created_at", Float, nullable=False))
cohort_members = Table("cohort_members", meta,
                       Column("cohort_id", Integer, ForeignKey("cohorts.id"), primary_key=True),
                       Column("user_id", Integer, ForeignKey("users.id"), primary_key=True, index=True))
assignments = Table("assignments", meta,
                    Column("id", Integer, primary_key=True),
                    Column("cohort_id", Integer, ForeignKey("cohorts.id"), index=True),  # or one trainee:
                    Column("trainee_id", Integer, ForeignKey("users.id"), index=True),
                    Column("scenario_id", Text, nullable=False),
                    Column("due", Float),            # end of the due day, epoch seconds
                    Column("criteria", JSON),        # the rubric criteria that count; None: all
                    Column("attempts", Integer),     # None: unlimited
                    Column("note", Text),
                    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
                    Column("created_at", Float, nullable=False))
sessions = Table("sessions", meta,
                 Column("id", Integer, primary_key=True),
                 Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
                 Column("scenario_id", Text, nullable=False),
                 Column("culture", Text, nullable=False),          # an imported culture: its file's name
                 Column("backend", String(40), nullable=False),
                 Column("seed", Integer, nullable=False, default=0),
                 Column("started_at", Float, nullable=False),
                 Column("ended_at", Float),
                 Column("client_state", JSON, nullable=False),
                 Column("summary", JSON),
                 Column("version", Integer, nullable=False, default=0, server_default="0"),  # +1 per write
                 Column("assignment_id", Integer, ForeignKey("assignments.id"), index=True),
                 Column("submitted_at", Float),  # submitted for review: frozen from then on
                 Column("reviewed_at", Float))
turns = Table("turns", meta,
              Column("id", Integer, primary_key=True),
              Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False, index=True),
              Column("idx", Integer, nullable=False),         # 0 = the client's opening line
              Column("role", String(10), nullable=False),     # client | trainee
              Column("text", Text, nullable=False),
              Column("meta", JSON),
              Column("created_at", Float, nullable=False),
              UniqueConstraint("session_id", "idx", "role", name="one_line_per_role_and_turn"))
drafts = Table("drafts", meta,
               Column("id", Integer, primary_key=True),
               Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False, index=True),
               Column("turn_idx", Integer, nullable=False),   # the trainee turn this draft is for
               Column("version", Integer, nullable=False),
               Column("text", Text, nullable=False),
               Column("feedback", JSON),
               Column("sent", Boolean, nullable=False, default=False),
               Column("created_at", Float, nullable=False))

LEGACY = "schema_version"  # the numbered migrations' table, before Alembic: steps 1-2 = revision 0001
_LEGACY_REVISION, _LEGACY_STEPS = "0001", 2
_LOCK_KEY = 0x43435472  # pg_advisory_xact_lock key of the migrator ("CCTr")
_MIGRATING = threading.Lock()


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands."""
    revision: str | None       # the Alembic revision it is at; None: empty, or from before Alembic
    head: str                  # the newest revision this code knows
    legacy: int | None = None  # the numbered step of a database from before Alembic
    known: bool = True         # False: a revision this code does not know (newer code wrote it)

    @property
    def current(self) -> bool:
        return self.revision == self.head

    def describe(self) -> str:
        upgrade = "`python -m trainer db upgrade` (or starting the app)"
        if self.current:
            return f"{self.revision} (head): the database is up to date."
        if not self.known:
            return (f"{self.revision}: a revision this version of the trainer does not know (a newer version wrote "
                    "it); upgrade the trainer, or point TRAINER_DATABASE_URL at another database.")
        if self.legacy is not None:
            if self.legacy > _LEGACY_STEPS:
                return (f"none: numbered migration step {self.legacy}, which no version of the trainer wrote before "
                        "Alembic; restore a backup or point TRAINER_DATABASE_URL at another database.")
            return (f"none (numbered migration step {self.legacy}, from before Alembic): {upgrade} brings it to "
                    f"{self.head} and keeps every session.")
        if self.revision is None:
            return f"none: an empty database; {upgrade} creates the tables (revision {self.head})."
        return f"{self.revision}: behind the newest revision {self.head}; {upgrade} brings it up to date."


class _Lost(Exception):
    """Another writer changed the session first (or ended it): roll back."""


class AttemptsUsed(Exception):
    """An assignment's attempts are all used (checked with the session's insert, in one transaction)."""


class StoreError(Exception):
    """The database could not be used; the message says what to do."""


@dataclass
class SessionRecord:
    id: int
    user: str
    scenario_id: str
    culture: str
    backend: str
    seed: int
    started_at: float
    ended_at: float | None
    client_state: dict
    summary: SessionSummary | None
    version: int = 0
    turns: list[Turn] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    assignment_id: int | None = None
    submitted_at: float | None = None   # submitted for review: frozen
    reviewed_at: float | None = None

    @property
    def next_turn(self) -> int:
        return 1 + max((t.idx for t in self.turns if t.role == "trainee"), default=0)

    @property
    def turns_sent(self) -> int:
        """The session's length in turns: the replies the trainee sent."""
        return sum(1 for t in self.turns if t.role == "trainee")

    @property
    def unanswered(self) -> Turn | None:
        """The last trainee line when the client's answer to it is missing (a turn half-written by
        older code), else None."""
        last = self.turns[-1] if self.turns else None
        return last if last is not None and last.role == "trainee" else None

    @property
    def client_lines(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "client"]

    @property
    def trainee_lines(self) -> list[str]:
        """The replies sent, in order (each followed by the client's answer)."""
        return [t.text for t in self.turns if t.role == "trainee"]


# --- cohorts and assignments: what the store returns (trainer.assignments decides who may do what) ---
@dataclass(frozen=True)
class CohortRow:
    id: int
    name: str
    supervisor: str
    supervisor_id: int
    members: tuple[str, ...]
    assignments: int      # how many assignments were made to the cohort or one of its trainees


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    cohort_id: int | None
    cohort: str | None
    trainee_id: int | None   # set: for this trainee only (of the cohort); None: the whole cohort
    trainee: str | None
    scenario_id: str
    due: float | None        # end of the due day, epoch seconds
    criteria: list[str] | None
    attempts: int | None     # None: unlimited
    note: str | None
    created_by: str
    created_at: float


@dataclass(frozen=True)
class LinkedSession:
    """A session started from an assignment, as its status needs it (no text)."""
    id: int
    user: str
    assignment_id: int
    started_at: float
    ended_at: float | None
    submitted_at: float | None
    reviewed_at: float | None


@dataclass(frozen=True)
class QueueRow:
    """A submitted session waiting for its review."""
    id: int
    user: str
    scenario_id: str
    culture: str
    assignment_id: int | None
    started_at: float
    submitted_at: float


class Store:
    def __init__(self, url: str, migrate: bool = True):
        """Open the database at `url` and (unless `migrate` is False) bring its schema up to date."""
        self._url = url
        with self._errors():
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, json_serializer=_json, pool_pre_ping=not url.startswith("sqlite"),
                                                hide_parameters=True)  # no hash or text in an error
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            if migrate:
                self.migrate()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Any failure as a StoreError that says what to do and shows no password."""
        try:
            yield
        except StoreError:
            raise
        except Exception as e:
            redact = Redactor.of(_passwords(self._url))
            raise StoreError(redact(f"cannot open the database {self.shown_url} ({type(e).__name__}: {e}); "
                                    "check TRAINER_DATABASE_URL or that the data dir is writable")) from e

    @property
    def shown_url(self) -> str:
        """The database's URL as it may be shown: no password."""
        return Redactor.of(_passwords(self._url))(_shown(self._url))

    def schema(self) -> SchemaState:
        """Where the schema stands, without changing it."""
        with self._errors(), self.engine.connect() as c:
            return _schema(c)

    def migrate(self) -> SchemaState:
        """Bring the schema to the newest revision (a database from before Alembic is adopted first).
        One migrator at a time: a transaction-level advisory lock on PostgreSQL, the write lock on
        SQLite; anything else (or a lock that times out) is simply tried again. A server that
        cannot be reached fails at once (a new SQLite file may be locked while another opens it)."""
        with self._errors():
            reached = self.engine.dialect.name == "sqlite"
            for attempt in range(3):
                try:
                    with self.engine.connect() as c:
                        reached, state = True, _schema(c)
                    if state.current:
                        return state
                    with self._migrator() as c:
                        _upgrade(c)
                    return self.schema()
                except StoreError:
                    raise
                except Exception:  # noqa: BLE001 - a concurrent migrator; the last attempt raises
                    if attempt == 2 or not reached:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextmanager
    def _migrator(self) -> Iterator[Connection]:
        """A connection in a transaction that no other migrator can enter; committed at the end. A
        waiter must wait here, before Alembic runs: a thread blocked inside a revision holds the
        import lock of Alembic's env.py, which the thread it waits for may need."""
        with self.engine.connect() as c, contextlib.ExitStack() as held:
            sqlite = c.dialect.name == "sqlite"
            if sqlite:  # foreign keys off while tables may be rebuilt (batch operations), checked before commit
                c.exec_driver_sql("PRAGMA foreign_keys=OFF")
                c.exec_driver_sql("BEGIN IMMEDIATE")
            elif c.dialect.name == "postgresql":
                c.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            else:  # no lock of the database's own: this process's threads one at a time, other processes retry
                held.enter_context(_MIGRATING)
            try:
                yield c
                if sqlite and c.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError("a migration left rows whose foreign key points nowhere; nothing was changed")
                c.commit()
            finally:
                if sqlite:
                    c.rollback()
                    c.exec_driver_sql("PRAGMA foreign_keys=ON")

    def new_revision(self, message: str) -> Path:
        """Write the next revision file, autogenerated from the tables above against this database
        (which must be at the newest revision): a developer's tool."""
        from alembic import command

        from . import migrations
        with self.engine.connect() as c:
            script = command.revision(migrations.config(c), message=message, autogenerate=True,
                                      rev_id=migrations.next_id())
        assert script is not None and not isinstance(script, list)
        return Path(script.path)

    def user_id(self, name: str) -> int:
        name = _name(name)
        if not name:
            raise ValueError("a trainee name is needed")
        for attempt in range(2):  # a name new to both of two sign-ins at once: the loser finds the winner's row
            try:
                with self.engine.begin() as c:
                    row = c.execute(select(users.c.id).where(users.c.name == name)).first()
                    if row:
                        return row[0]
                    key = c.execute(insert(users).values(name=name, role="trainee", created_at=time.time())
                                    ).inserted_primary_key
                    assert key is not None
                    return int(key[0])
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    # --- accounts (trainer.accounts.AccountStore) --------------------------------------------------
    def account(self, name: str) -> Account | None:
        with self._errors(), self.engine.connect() as c:
            row = c.execute(select(users).where(users.c.name == _name(name))).mappings().first()
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        with self._errors(), self.engine.connect() as c:
            return [_account(r) for r in c.execute(select(users).order_by(users.c.name)).mappings()]

    def add_account(self, name: str, role: str, password_hash: str) -> Account:
        """A new account; a name known from single-user mode becomes that account, its sessions kept."""
        uid = self.user_id(name)
        with self._errors(), self.engine.begin() as c:
            done = c.execute(update(users).where(users.c.id == uid, users.c.password_hash.is_(None))
                             .values(role=role, password_hash=password_hash, disabled=False))
        if done.rowcount != 1:  # another `users add` of this name got there first
            raise AccountError(f"user {name!r} exists; use `users reset-password {name}` or `users set-role`")
        a = self.account(name)
        assert a is not None
        return a

    def update_account(self, name: str, *, role: str | None = None, password_hash: str | None = None,
                       disabled: bool | None = None) -> None:
        values = {k: v for k, v in (("role", role), ("password_hash", password_hash), ("disabled", disabled))
                  if v is not None}
        with self._errors(), self.engine.begin() as c:
            c.execute(update(users).where(users.c.name == _name(name)).values(**values))

    def login_attempt(self, name: str, ok: bool, at: float) -> int:
        """Record an attempt; its id is its place in line. Attempts under one name are written one at a
        time (PostgreSQL: an advisory lock; SQLite has one writer), so every lower id is committed
        before this one is: a check of the attempts before it sees them all."""
        with self._errors(), self.engine.begin() as c:
            if c.dialect.name == "postgresql":
                c.execute(sql_text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": "login:" + _name(name)})
            key = c.execute(insert(login_attempts).values(name=_name(name), ok=ok, at=at)
                            ).inserted_primary_key
        assert key is not None
        return int(key[0])

    def prune_attempts(self, before: float) -> None:
        """Forget login attempts older than `before` (a password typed into the name field included)."""
        with self._errors(), self.engine.begin() as c:
            c.execute(login_attempts.delete().where(login_attempts.c.at < before))

    def forget_attempt(self, attempt: int) -> None:
        with self._errors(), self.engine.begin() as c:
            c.execute(login_attempts.delete().where(login_attempts.c.id == attempt))

    def failures_since(self, name: str, since: float) -> list[tuple[int, float]]:
        """The failed logins under a name since `since` (and since its last success): (id, when), in order."""
        name = _name(name)
        with self._errors(), self.engine.connect() as c:
            last_ok = c.execute(select(func.max(login_attempts.c.at)).where(
                login_attempts.c.name == name, login_attempts.c.ok.is_(True))).scalar()
            start = max(since, last_ok or 0.0)
            return [(r[0], r[1]) for r in c.execute(select(login_attempts.c.id, login_attempts.c.at).where(
                login_attempts.c.name == name, login_attempts.c.ok.is_(False), login_attempts.c.at > start)
                .order_by(login_attempts.c.id))]

    def sessions_count(self, name: str) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(sessions).join(users, users.c.id == sessions.c.user_id)
                                 .where(users.c.name == _name(name))).scalar() or 0)

    # --- cohorts ------------------------------------------------------------------------------------
    def add_cohort(self, name: str, supervisor: str) -> int:
        sup = self.account(supervisor)
        if sup is None or sup.role not in ("supervisor", "admin"):
            raise KeyError(f"no supervisor {supervisor!r}; `users add {supervisor} --role supervisor` first")
        with self.engine.begin() as c:
            key = c.execute(insert(cohorts).values(name=_name(name), supervisor_id=sup.id,
                                                   created_at=time.time())).inserted_primary_key
        assert key is not None
        return int(key[0])

    def cohort_id(self, name: str) -> int | None:
        with self.engine.connect() as c:
            return c.execute(select(cohorts.c.id).where(cohorts.c.name == _name(name))).scalar()

    def set_members(self, cohort: int, add: Sequence[str] = (), remove: Sequence[str] = ()) -> None:
        ids = {n: self.user_id(n) for n in [*add, *remove]}
        with self.engine.begin() as c:
            have = {r[0] for r in c.execute(select(cohort_members.c.user_id).where(cohort_members.c.cohort_id == cohort))}
            for n in add:
                if ids[n] not in have:
                    c.execute(insert(cohort_members).values(cohort_id=cohort, user_id=ids[n]))
                    have.add(ids[n])
            for n in remove:
                c.execute(cohort_members.delete().where(cohort_members.c.cohort_id == cohort,
                                                        cohort_members.c.user_id == ids[n]))

    def actor(self, name: str) -> Actor:
        """The account of a name as the acting person (a name new in single-user mode is created)."""
        a = self.account(name)
        if a is None:
            self.user_id(name)
            a = self.account(name)
        assert a is not None
        return Actor(a.id, a.name, a.role)

    # --- sessions: every read and write is scoped by the acting person (one choke point: _visible,
    # _writable), so no page or command can reach a session its user may not -------------------------
    def start_session(self, actor: Actor, scenario_id: str, culture: str, backend: str, seed: int,
                      opening: str, state: dict, assignment_id: int | None = None) -> int:
        now = time.time()
        with self.engine.begin() as c:
            if assignment_id is not None:  # the assignment's row locked: two starts at once count as two
                if c.execute(update(assignments).where(assignments.c.id == assignment_id, _addressed(actor))
                             .values(id=assignments.c.id)).rowcount != 1:
                    raise KeyError(f"no assignment {assignment_id} for {actor.name}")
                allowed = c.execute(select(assignments.c.attempts).where(assignments.c.id == assignment_id)).scalar()
                used = c.execute(select(func.count()).select_from(sessions).where(
                    sessions.c.assignment_id == assignment_id, sessions.c.user_id == actor.id)).scalar() or 0
                if allowed is not None and used >= allowed:
                    raise AttemptsUsed(f"all {allowed} attempt(s) are used")
            sid = c.execute(insert(sessions).values(
                user_id=actor.id, scenario_id=_text(scenario_id), culture=_text(culture), backend=_text(backend),
                seed=seed, started_at=now, client_state=state, assignment_id=assignment_id)
            ).inserted_primary_key[0]  # type: ignore[index]
            c.execute(insert(turns).values(session_id=sid, idx=0, role="client", text=_text(opening),
                                           meta={"rapport": state.get("rapport")}, created_at=now))
        return sid

    def add_draft(self, actor: Actor, session_id: int, turn_idx: int, text: str, feedback: dict | None) -> int:
        """Keep a draft version (and its feedback); returns its version number."""
        with self.engine.begin() as c:
            _own(c, actor, session_id)
            return _insert_draft(c, session_id, turn_idx, _text(text), feedback, sent=False)

    def keep_reply(self, actor: Actor, session_id: int, turn_idx: int, text: str) -> None:
        """Keep a reply about to be sent as a draft version (unless it is the last one kept), so
        that it survives a crash while the client answers."""
        text = _text(text)
        with self.engine.begin() as c:
            _own(c, actor, session_id)
            if _last_draft(c, session_id, turn_idx) != text:
                _insert_draft(c, session_id, turn_idx, text, None, sent=False)

    def commit_turn(self, actor: Actor, session_id: int, turn_idx: int, trainee: str | None, client: str,
                    meta_: dict, state: dict, version: int) -> bool:
        """One transaction: the trainee's reply (None: already stored by older code), the client's
        answer and the client's new state - if the session is still at `version`, not ended and the
        actor's to write. False, with nothing written, when another writer got there first."""
        trainee, client = (None if trainee is None else _text(trainee)), _text(client)
        try:
            with self.engine.begin() as c:
                done = c.execute(update(sessions).where(
                    sessions.c.id == session_id, sessions.c.version == version, sessions.c.ended_at.is_(None),
                    _writable(actor)).values(version=version + 1, client_state=state))
                if done.rowcount != 1:
                    raise _Lost
                now = time.time()
                if trainee is not None:
                    c.execute(insert(turns).values(session_id=session_id, idx=turn_idx, role="trainee", text=trainee,
                                                   created_at=now))
                    _mark_sent(c, session_id, turn_idx, trainee)
                c.execute(insert(turns).values(session_id=session_id, idx=turn_idx, role="client", text=client,
                                               meta=meta_, created_at=now))
        except (_Lost, IntegrityError):
            return False
        return True

    def end_session(self, actor: Actor, session_id: int, summary: SessionSummary, state: dict,
                    version: int | None = None) -> bool:
        """End the session with its summary; with `version`, only if no turn came in since (False then)."""
        where = [sessions.c.id == session_id, _writable(actor)] + \
            ([sessions.c.version == version] if version is not None else [])
        with self.engine.begin() as c:
            done = c.execute(update(sessions).where(*where).values(
                ended_at=time.time(), summary=summary.model_dump(mode="json"), client_state=state,
                version=sessions.c.version + 1))
        return done.rowcount == 1

    def submit_session(self, actor: Actor, session_id: int) -> bool:
        """Submit for review: frozen from then on (no more sends or drafts). False: not the actor's or already."""
        with self.engine.begin() as c:
            done = c.execute(update(sessions).where(sessions.c.id == session_id, _writable(actor))
                             .values(submitted_at=time.time(), version=sessions.c.version + 1))
        return done.rowcount == 1

    def load(self, actor: Actor, session_id: int) -> SessionRecord:
        """A session the actor may see; KeyError as for a missing one otherwise (nothing is confirmed)."""
        with self.engine.connect() as c:
            row = c.execute(select(sessions, users.c.name).join(users, users.c.id == sessions.c.user_id)
                            .where(sessions.c.id == session_id, _visible(actor))).mappings().first()
            if row is None:
                raise KeyError(f"no session {session_id}")
            ts = c.execute(select(turns).where(turns.c.session_id == session_id)
                           .order_by(turns.c.idx, turns.c.role.desc())).mappings().all()
            ds = c.execute(select(drafts).where(drafts.c.session_id == session_id)
                           .order_by(drafts.c.turn_idx, drafts.c.version)).mappings().all()
        return SessionRecord(
            id=row["id"], user=row["name"], scenario_id=row["scenario_id"], culture=row["culture"],
            backend=row["backend"], seed=row["seed"], started_at=row["started_at"], ended_at=row["ended_at"],
            client_state=row["client_state"], version=row["version"],
            summary=SessionSummary.model_validate(row["summary"]) if row["summary"] else None,
            turns=[Turn.model_validate(dict(t)) for t in ts],
            drafts=[Draft.model_validate(dict(d)) for d in ds],
            assignment_id=row["assignment_id"], submitted_at=row["submitted_at"], reviewed_at=row["reviewed_at"])

    def sessions_of(self, actor: Actor, user: str | None = None) -> list[SessionRecord]:
        """The sessions the actor may see (only the named user's, given one), oldest first."""
        q = select(sessions.c.id).join(users, users.c.id == sessions.c.user_id).where(_visible(actor))
        if user is not None:
            q = q.where(users.c.name == _name(user))
        with self.engine.connect() as c:
            ids = [r[0] for r in c.execute(q.order_by(sessions.c.started_at, sessions.c.id))]
        return [self.load(actor, i) for i in ids]


    # --- cohorts and assignments: reads scoped by the acting person (_addressed, _managed), the
    # review queue and the review mark through _visible and _reviewable; trainer.assignments checks
    # roles before it writes ---------------------------------------------------------------------------
    def cohort(self, name: str) -> CohortRow | None:
        rows = self._cohorts(cohorts.c.name == _name(name))
        return rows[0] if rows else None

    def supervisors_of(self, user_id: int) -> set[int]:
        """Who supervises the cohorts a trainee is in."""
        with self._errors(), self.engine.connect() as c:
            return {r[0] for r in c.execute(select(cohorts.c.supervisor_id).join(
                cohort_members, cohort_members.c.cohort_id == cohorts.c.id).where(cohort_members.c.user_id == user_id))}

    def cohorts_of(self, actor: Actor) -> list[CohortRow]:
        """The cohorts the actor manages: an admin all, a supervisor theirs, anyone else none."""
        if actor.role == "admin":
            return self._cohorts(true())
        if actor.role == "supervisor":
            return self._cohorts(cohorts.c.supervisor_id == actor.id)
        return []

    def _cohorts(self, where: ColumnElement[bool]) -> list[CohortRow]:
        with self.engine.connect() as c:
            rows = c.execute(select(cohorts.c.id, cohorts.c.name, cohorts.c.supervisor_id, users.c.name.label("sup"))
                             .join(users, users.c.id == cohorts.c.supervisor_id).where(where)
                             .order_by(cohorts.c.name)).mappings().all()
            ids = [r["id"] for r in rows]
            members: dict[int, list[str]] = {i: [] for i in ids}
            for cid, name in c.execute(select(cohort_members.c.cohort_id, users.c.name)
                                       .join(users, users.c.id == cohort_members.c.user_id)
                                       .where(cohort_members.c.cohort_id.in_(ids)).order_by(users.c.name)):
                members[cid].append(name)
            counts: dict[int, int] = dict(c.execute(select(assignments.c.cohort_id, func.count()).where(
                assignments.c.cohort_id.in_(ids)).group_by(assignments.c.cohort_id)).all())
        return [CohortRow(id=r["id"], name=r["name"], supervisor=r["sup"], supervisor_id=r["supervisor_id"],
                          members=tuple(members[r["id"]]), assignments=int(counts.get(r["id"], 0))) for r in rows]

    def add_assignments(self, created_by: int, cohort_id: int, trainee_id: int | None, scenario_ids: Sequence[str],
                        due: float | None, criteria: Sequence[str] | None, attempts: int | None,
                        note: str | None) -> list[int]:
        """One assignment per scenario, all or none; returns their ids in order."""
        now = time.time()
        out = []
        with self.engine.begin() as c:
            for sid in scenario_ids:
                key = c.execute(insert(assignments).values(
                    cohort_id=cohort_id, trainee_id=trainee_id, scenario_id=_text(sid), due=due,
                    criteria=list(criteria) if criteria is not None else None, attempts=attempts,
                    note=_text(note) if note else None, created_by=created_by, created_at=now)).inserted_primary_key
                assert key is not None
                out.append(int(key[0]))
        return out

    def assignments_for(self, actor: Actor) -> list[AssignmentRow]:
        """The assignments addressed to the actor as a trainee: their cohorts' and their own, oldest first."""
        return self._assignments(_addressed(actor))

    def assignments_managed(self, actor: Actor, cohort: int | None = None) -> list[AssignmentRow]:
        """The assignments the actor manages (a supervisor their cohorts', an admin all), of one cohort given one."""
        where = _managed(actor)
        return self._assignments(where if cohort is None else and_(where, assignments.c.cohort_id == cohort))

    def assignment(self, actor: Actor, assignment_id: int) -> AssignmentRow | None:
        """One assignment the actor is given or manages; None otherwise (nothing is confirmed)."""
        rows = self._assignments(and_(assignments.c.id == assignment_id, or_(_addressed(actor), _managed(actor))))
        return rows[0] if rows else None

    def _assignments(self, where: ColumnElement[bool]) -> list[AssignmentRow]:
        trainee, author = users.alias("trainee"), users.alias("author")
        q = (select(assignments, cohorts.c.name.label("cohort"), trainee.c.name.label("trainee"),
                    author.c.name.label("author"))
             .join(author, author.c.id == assignments.c.created_by)
             .outerjoin(cohorts, cohorts.c.id == assignments.c.cohort_id)
             .outerjoin(trainee, trainee.c.id == assignments.c.trainee_id)
             .where(where).order_by(assignments.c.created_at, assignments.c.id))
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [AssignmentRow(id=r["id"], cohort_id=r["cohort_id"], cohort=r["cohort"], trainee_id=r["trainee_id"],
                              trainee=r["trainee"], scenario_id=r["scenario_id"], due=r["due"], criteria=r["criteria"],
                              attempts=r["attempts"], note=r["note"], created_by=r["author"],
                              created_at=r["created_at"]) for r in rows]

    def linked_sessions(self, actor: Actor, assignment_ids: Sequence[int], user: str | None = None) -> list[LinkedSession]:
        """The sessions started from these assignments that the actor may see (only `user`'s, given one)."""
        q = (select(sessions.c.id, users.c.name, sessions.c.assignment_id, sessions.c.started_at, sessions.c.ended_at,
                    sessions.c.submitted_at, sessions.c.reviewed_at)
             .join(users, users.c.id == sessions.c.user_id)
             .where(sessions.c.assignment_id.in_(list(assignment_ids)), _visible(actor)))
        if user is not None:
            q = q.where(users.c.name == _name(user))
        with self.engine.connect() as c:
            rows = c.execute(q.order_by(sessions.c.started_at, sessions.c.id)).all()
        return [LinkedSession(*r) for r in rows]

    def review_queue(self, actor: Actor) -> list[QueueRow]:
        """Submitted sessions not yet reviewed that the actor may see, not their own, oldest submission first."""
        q = (select(sessions.c.id, users.c.name, sessions.c.scenario_id, sessions.c.culture, sessions.c.assignment_id,
                    sessions.c.started_at, sessions.c.submitted_at)
             .join(users, users.c.id == sessions.c.user_id)
             .where(_reviewable(actor))
             .order_by(sessions.c.submitted_at, sessions.c.id))
        with self.engine.connect() as c:
            return [QueueRow(*r) for r in c.execute(q).all()]

    def mark_reviewed(self, actor: Actor, session_id: int) -> bool:
        """Mark a submitted session reviewed; only a supervisor of a cohort its trainee is in may, once.
        False otherwise (nothing is confirmed)."""
        with self.engine.begin() as c:
            done = c.execute(update(sessions).where(sessions.c.id == session_id, _reviewable(actor))
                             .values(reviewed_at=time.time(), version=sessions.c.version + 1))
        return done.rowcount == 1

def _visible(actor: Actor) -> ColumnElement[bool]:
    """The sessions an actor may read: a trainee their own; a supervisor also those done for an
    assignment they manage, and the submitted free practice of trainees in their cohorts (free
    practice not submitted stays private); an admin all."""
    if actor.role == "admin":
        return true()
    own = sessions.c.user_id == actor.id
    if actor.role != "supervisor":
        return own
    for_mine = sessions.c.assignment_id.in_(select(assignments.c.id).where(_managed(actor)))
    submitted = and_(sessions.c.assignment_id.is_(None), sessions.c.submitted_at.is_not(None),
                     sessions.c.user_id.in_(_supervised(actor)))
    return or_(own, for_mine, submitted)


def _writable(actor: Actor) -> ColumnElement[bool]:
    """The sessions an actor may write: their own, until submitted. Nobody writes another's turns."""
    return and_(sessions.c.user_id == actor.id, sessions.c.submitted_at.is_(None))


def _own(conn: Connection, actor: Actor, session_id: int) -> None:
    """Hold the session's row for the transaction if the actor may write it; KeyError otherwise. An
    UPDATE that changes nothing, not a SELECT: it takes the write lock on SQLite too, so a submit
    cannot slip in between the check and the write."""
    done = conn.execute(update(sessions).where(sessions.c.id == session_id, _writable(actor))
                        .values(version=sessions.c.version))
    if done.rowcount != 1:
        raise KeyError(f"no session {session_id} to write")



def _supervised(actor: Actor):
    """The ids of the trainees in the cohorts the actor supervises (a subquery)."""
    return select(cohort_members.c.user_id).join(cohorts, cohorts.c.id == cohort_members.c.cohort_id) \
        .where(cohorts.c.supervisor_id == actor.id)


def _addressed(actor: Actor) -> ColumnElement[bool]:
    """The assignments given to the actor: to one of their cohorts as a whole, or to them."""
    theirs = select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == actor.id)
    return or_(assignments.c.trainee_id == actor.id,
               and_(assignments.c.trainee_id.is_(None), assignments.c.cohort_id.in_(theirs)))


def _managed(actor: Actor) -> ColumnElement[bool]:
    """The assignments the actor manages: an admin all, a supervisor those of their cohorts (or, made
    without a cohort, of a trainee in one), anyone else none."""
    if actor.role == "admin":
        return true()
    return _supervisors(actor) if actor.role == "supervisor" else false()


def _supervisors(actor: Actor) -> ColumnElement[bool]:
    """The assignments of the cohorts the actor supervises (or, made without a cohort, of a trainee in one)."""
    mine = select(cohorts.c.id).where(cohorts.c.supervisor_id == actor.id)
    return or_(assignments.c.cohort_id.in_(mine),
               and_(assignments.c.cohort_id.is_(None), assignments.c.trainee_id.in_(_supervised(actor))))


def _reviewable(actor: Actor) -> ColumnElement[bool]:
    """The sessions the actor may mark reviewed (and so finds in their review queue): submitted, not yet
    reviewed, not their own, and done for an assignment of a cohort they supervise or, free practice,
    by a trainee in one. An admin reads everything but reviews only as a supervisor does."""
    if actor.role not in ("supervisor", "admin"):
        return false()
    theirs = or_(sessions.c.assignment_id.in_(select(assignments.c.id).where(_supervisors(actor))),
                 and_(sessions.c.assignment_id.is_(None), sessions.c.user_id.in_(_supervised(actor))))
    return and_(sessions.c.user_id != actor.id, sessions.c.submitted_at.is_not(None),
                sessions.c.reviewed_at.is_(None), theirs)

def _name(name: str) -> str:
    """A user or cohort name as stored: spaces collapsed, at most 120 characters (the columns' length)."""
    return " ".join(_text(name).split())[:120]


def _account(row) -> Account:
    return Account(id=row["id"], name=row["name"], role=row["role"], password_hash=row["password_hash"],
                   disabled=bool(row["disabled"]), created_at=row["created_at"])


def _passwords(url: str) -> list[str]:
    """Every password a database URL carries (user:password@, ?password=), however it is written."""
    from urllib.parse import parse_qs, unquote, urlsplit
    out = [m.group(1) for m in re.finditer(r"://[^/@\s]*?:(.+)@", url)]  # up to the last @: "p@ss" too
    try:
        parts = urlsplit(url)
        out += [parts.password or ""] + parse_qs(parts.query).get("password", [])
    except ValueError:
        pass
    # "p@ss-word": a driver may take "ss-word@host" for the host, and show it
    out += [p.split("@", i)[-1] for p in list(out) for i in range(1, p.count("@") + 1)]
    return [x for p in out if p for x in (p, unquote(p))]


def _shown(url: str) -> str:
    """The URL as an error may show it: no password, and nothing at all when it cannot be parsed."""
    from sqlalchemy.engine import make_url
    try:
        if url.split("?")[0].count("@") > 1:  # an unescaped "@" in the password: where it ends is a guess
            raise ValueError(url)
        return repr(make_url(url).render_as_string(hide_password=True))
    except Exception:  # noqa: BLE001 - unparsable: show none of it
        return "(the URL in TRAINER_DATABASE_URL, which could not be parsed)"


def _last_draft(conn: Connection, session_id: int, turn_idx: int) -> str | None:
    row = conn.execute(select(drafts.c.text).where(drafts.c.session_id == session_id, drafts.c.turn_idx == turn_idx)
                       .order_by(drafts.c.version.desc())).first()
    return row[0] if row else None


def _mark_sent(conn: Connection, session_id: int, turn_idx: int, text: str) -> None:
    """The draft version that was sent: the last one kept when it is the reply, else a new one."""
    last = conn.execute(select(drafts.c.id, drafts.c.text).where(
        drafts.c.session_id == session_id, drafts.c.turn_idx == turn_idx).order_by(drafts.c.version.desc())).first()
    if last and last[1] == text:
        conn.execute(update(drafts).where(drafts.c.id == last[0]).values(sent=True))
    else:  # sent without asking for feedback: keep the version too
        _insert_draft(conn, session_id, turn_idx, text, None, sent=True)


def _insert_draft(conn: Connection, session_id: int, turn_idx: int, text: str, feedback: dict | None, sent: bool) -> int:
    """Keep a draft numbered 1 + the highest version kept for the turn, read and written in one
    statement (two at once on SQLite got the same number); returns the number."""
    number = select(literal(session_id), literal(turn_idx), func.coalesce(func.max(drafts.c.version), 0) + 1,
                    literal(text, Text), literal(feedback, JSON), literal(sent, Boolean), literal(time.time(), Float)
                    ).where(drafts.c.session_id == session_id, drafts.c.turn_idx == turn_idx)
    cols = ["session_id", "turn_idx", "version", "text", "feedback", "sent", "created_at"]
    return int(conn.execute(insert(drafts).from_select(cols, number).returning(drafts.c.version)).scalar_one())


def _text(s: str) -> str:
    """Text as every backend can keep it: PostgreSQL refuses the NUL character (U+FFFD instead)."""
    return s.replace("\x00", "\ufffd")


def _json(value: object) -> str:
    """JSON as every backend can keep it: NaN and infinity (which PostgreSQL refuses) as null."""
    def finite(v: object) -> object:
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        return [finite(x) for x in v] if isinstance(v, list | tuple) else v
    return json.dumps(finite(value))


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # switching locks the file: only once
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _schema(c: Connection) -> SchemaState:
    from . import migrations
    has = inspect(c).has_table
    revision = c.execute(sql_text("SELECT max(version_num) FROM alembic_version")).scalar() if has("alembic_version") else None
    legacy = int(c.execute(sql_text(f"SELECT max(version) FROM {LEGACY}")).scalar() or 0) \
        if revision is None and has(LEGACY) else None
    return SchemaState(revision=revision, head=migrations.head(), legacy=legacy,
                       known=revision is None or revision in migrations.revisions())


def _upgrade(c: Connection) -> None:
    """Inside the migrator's transaction: adopt a database from before Alembic, then upgrade."""
    from alembic import command

    from . import migrations
    state = _schema(c)  # again, under the lock: another process may have just done it
    if state.current:
        return
    if not state.known or (state.legacy or 0) > _LEGACY_STEPS:
        raise StoreError(f"the database cannot be upgraded: {state.describe()}")
    cfg = migrations.config(c)
    if state.legacy is not None:
        _adopt_legacy(c, cfg)
    command.upgrade(cfg, "head")


def _adopt_legacy(c: Connection, cfg: AlembicConfig) -> None:
    """A database the numbered migrations wrote: finish step 2 (sessions.version) where it is
    missing, mark it as revision 0001 (the same schema), and drop their table."""
    from alembic import command
    tables = set(inspect(c).get_table_names())
    ours = {"users", "sessions", "turns", "drafts"}
    if tables & ours and not ours <= tables:
        raise StoreError(f"the database has only some of the trainer's tables ({', '.join(sorted(tables & ours))}); "
                         "restore a backup or point TRAINER_DATABASE_URL at another database")
    if ours <= tables:
        if "version" not in {col["name"] for col in inspect(c).get_columns("sessions")}:
            c.execute(sql_text("ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0"))
        command.stamp(cfg, _LEGACY_REVISION)
    c.execute(sql_text(f"DROP TABLE {LEGACY}"))
