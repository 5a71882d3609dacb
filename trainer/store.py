"""Persistence: the one module that talks to the database (SQLAlchemy). SQLite file in the
data dir by default (WAL), any URL (Postgres) for a shared deployment. Numbered migrations
run at start. Every draft and its feedback is committed as it happens; a sent turn - the
trainee's reply, the client's answer and the client's new state - in one transaction,
compare-and-set on the session's version, so a turn is whole or absent and of two writers
one wins cleanly."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from .records import Draft, SessionSummary, Turn
from .redact import Redactor

meta = MetaData()
users = Table("users", meta,
              Column("id", Integer, primary_key=True),
              Column("name", String(120), nullable=False, unique=True),
              Column("role", String(20), nullable=False, default="trainee"),  # trainee | supervisor | instructor
              Column("created_at", Float, nullable=False))
sessions = Table("sessions", meta,
                 Column("id", Integer, primary_key=True),
                 Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
                 Column("scenario_id", String(120), nullable=False),
                 Column("culture", String(60), nullable=False),
                 Column("backend", String(40), nullable=False),
                 Column("seed", Integer, nullable=False, default=0),
                 Column("started_at", Float, nullable=False),
                 Column("ended_at", Float),
                 Column("client_state", JSON, nullable=False),
                 Column("summary", JSON),
                 Column("version", Integer, nullable=False, default=0, server_default="0"))  # +1 per write
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
schema_version = Table("schema_version", meta, Column("version", Integer, primary_key=True),
                       Column("applied_at", Float, nullable=False))


def _m1_initial(conn) -> None:
    meta.create_all(conn, tables=[users, sessions, turns, drafts])


def _m2_session_version(conn) -> None:
    """The session row's version, for compare-and-set (databases created before it lack it)."""
    if "version" not in {c["name"] for c in inspect(conn).get_columns("sessions")}:
        conn.execute(sql_text("ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0"))


MIGRATIONS = [_m1_initial, _m2_session_version]  # numbered by position: append, never edit


class _Lost(Exception):
    """Another writer changed the session first (or ended it): roll back."""


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


class Store:
    def __init__(self, url: str):
        try:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self.migrate()
        except Exception as e:
            redact = Redactor.of(_passwords(url))
            shown = redact(_shown(url))
            raise StoreError(redact(f"cannot open the database {shown} ({type(e).__name__}: {e}); check "
                                    "TRAINER_DATABASE_URL or that the data dir is writable")) from e

    def migrate(self) -> int:
        """Run the steps not yet run. Two processes opening a new database at once can race here: the
        loser finds the step done (or half-visible) and simply looks again."""
        for attempt in range(3):
            try:
                return self._migrate()
            except Exception:  # noqa: BLE001 - a concurrent migrator; the last attempt raises
                if attempt == 2:
                    raise
                time.sleep(0.2 * (attempt + 1))
        return len(MIGRATIONS)

    def _migrate(self) -> int:
        with self.engine.begin() as c:
            meta.create_all(c, tables=[schema_version])
            done = {r[0] for r in c.execute(select(schema_version.c.version))}
            for n, step in enumerate(MIGRATIONS, 1):
                if n not in done:
                    step(c)
                    c.execute(insert(schema_version).values(version=n, applied_at=time.time()))
        return len(MIGRATIONS)

    def version(self) -> int:
        with self.engine.connect() as c:
            return max((r[0] for r in c.execute(select(schema_version.c.version))), default=0)

    def user_id(self, name: str) -> int:
        name = " ".join(name.split())[:120]
        if not name:
            raise ValueError("a trainee name is needed")
        with self.engine.begin() as c:
            row = c.execute(select(users.c.id).where(users.c.name == name)).first()
            if row:
                return row[0]
            key = c.execute(insert(users).values(name=name, role="trainee", created_at=time.time())).inserted_primary_key
            assert key is not None
            return int(key[0])

    def start_session(self, user: str, scenario_id: str, culture: str, backend: str, seed: int,
                      opening: str, state: dict) -> int:
        uid = self.user_id(user)
        now = time.time()
        with self.engine.begin() as c:
            sid = c.execute(insert(sessions).values(
                user_id=uid, scenario_id=scenario_id, culture=culture, backend=backend, seed=seed,
                started_at=now, client_state=state)).inserted_primary_key[0]  # type: ignore[index]
            c.execute(insert(turns).values(session_id=sid, idx=0, role="client", text=opening,
                                           meta={"rapport": state.get("rapport")}, created_at=now))
        return sid

    def add_draft(self, session_id: int, turn_idx: int, text: str, feedback: dict | None) -> int:
        """Keep a draft version (and its feedback); returns its version number."""
        with self.engine.begin() as c:
            version = _next_draft_version(c, session_id, turn_idx)
            c.execute(insert(drafts).values(session_id=session_id, turn_idx=turn_idx, version=version,
                                            text=text, feedback=feedback, sent=False, created_at=time.time()))
        return version

    def keep_reply(self, session_id: int, turn_idx: int, text: str) -> None:
        """Keep a reply about to be sent as a draft version (unless it is the last one kept), so
        that it survives a crash while the client answers."""
        with self.engine.begin() as c:
            if _last_draft(c, session_id, turn_idx) != text:
                c.execute(insert(drafts).values(session_id=session_id, turn_idx=turn_idx,
                                                version=_next_draft_version(c, session_id, turn_idx), text=text,
                                                feedback=None, sent=False, created_at=time.time()))

    def commit_turn(self, session_id: int, turn_idx: int, trainee: str | None, client: str, meta_: dict,
                    state: dict, version: int) -> bool:
        """One transaction: the trainee's reply (None: already stored by older code), the client's
        answer and the client's new state - if the session is still at `version` and not ended.
        False, with nothing written, when another writer got there first."""
        try:
            with self.engine.begin() as c:
                done = c.execute(update(sessions).where(
                    sessions.c.id == session_id, sessions.c.version == version, sessions.c.ended_at.is_(None))
                    .values(version=version + 1, client_state=state))
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

    def end_session(self, session_id: int, summary: SessionSummary, state: dict, version: int | None = None) -> bool:
        """End the session with its summary; with `version`, only if no turn came in since (False then)."""
        where = [sessions.c.id == session_id] + ([sessions.c.version == version] if version is not None else [])
        with self.engine.begin() as c:
            done = c.execute(update(sessions).where(*where).values(
                ended_at=time.time(), summary=summary.model_dump(mode="json"), client_state=state,
                version=sessions.c.version + 1))
        return done.rowcount == 1

    def load(self, session_id: int) -> SessionRecord:
        with self.engine.connect() as c:
            row = c.execute(select(sessions, users.c.name).join(users, users.c.id == sessions.c.user_id)
                            .where(sessions.c.id == session_id)).mappings().first()
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
            drafts=[Draft.model_validate(dict(d)) for d in ds])

    def sessions_of(self, user: str) -> list[SessionRecord]:
        with self.engine.connect() as c:
            ids = [r[0] for r in c.execute(select(sessions.c.id).join(users, users.c.id == sessions.c.user_id)
                                           .where(users.c.name == " ".join(user.split())).order_by(sessions.c.started_at))]
        return [self.load(i) for i in ids]


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
        conn.execute(insert(drafts).values(session_id=session_id, turn_idx=turn_idx,
                                           version=_next_draft_version(conn, session_id, turn_idx), text=text,
                                           feedback=None, sent=True, created_at=time.time()))


def _next_draft_version(conn: Connection, session_id: int, turn_idx: int) -> int:
    """1 + the highest draft version kept for this turn (1 for the first), inside the caller's transaction."""
    top = conn.execute(select(func.max(drafts.c.version)).where(drafts.c.session_id == session_id,
                                                               drafts.c.turn_idx == turn_idx)).scalar()
    return 1 + (top or 0)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
