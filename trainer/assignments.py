"""Cohorts and assignments: a supervisor groups trainees into cohorts and assigns them scenarios
with a due date, the rubric criteria that count, the attempts allowed and a note; a trainee sees
what is assigned to them with its status. Every method takes the acting person and checks their
role here (a supervisor manages only the cohorts they supervise, an admin all, a trainee none);
the store scopes every read by the same person. A refusal is an AssignmentError whose message
says what to do."""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import IntegrityError

from .accounts import Account, Actor
from .rubrics import criterion_ids
from .scenarios import Library
from .store import AssignmentRow, AttemptsUsed, CohortRow, LinkedSession, QueueRow, Store

if TYPE_CHECKING:
    from .practice import Practice

Status = Literal["not started", "in progress", "submitted", "reviewed", "overdue"]
STATUSES: tuple[Status, ...] = ("not started", "in progress", "submitted", "reviewed", "overdue")
MAX_NOTE = 2000
MAX_NAME = 120
# The command line runs on the server, by whoever owns it: it acts as an admin with no account of
# its own (id 0 is no user's). What it assigns is recorded as made by the cohort's supervisor.
OPERATOR = Actor(0, "operator (command line)", "admin")


class AssignmentError(ValueError):
    """A refused cohort or assignment operation; the message says what to do."""


@dataclass(frozen=True)
class AssignmentStatus:
    """One line of a trainee's "My assignments"."""
    assignment: AssignmentRow
    title: str                  # the scenario's title (its id when it left the library)
    status: Status
    attempts_used: int
    sessions: tuple[int, ...]   # the trainee's sessions started from it, oldest first

    @property
    def id(self) -> int:
        return self.assignment.id

    @property
    def attempts_allowed(self) -> int | None:
        return self.assignment.attempts

    @property
    def can_start(self) -> bool:
        return self.attempts_allowed is None or self.attempts_used < self.attempts_allowed

    @property
    def attempts_text(self) -> str:
        """e.g. "1 of 2 attempts used", "1 attempt used (no limit)"."""
        if self.attempts_allowed is None:
            return f"{self.attempts_used} attempt{'s' if self.attempts_used != 1 else ''} used (no limit)"
        return f"{self.attempts_used} of {self.attempts_allowed} attempts used"


def parse_due(text: str) -> float:
    """YYYY-MM-DD as the end of that day (23:59:59 local time), epoch seconds; AssignmentError otherwise."""
    text = text.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise AssignmentError(f"due date {text!r} is not a date: give YYYY-MM-DD, e.g. 2030-06-30") from None
    return datetime.combine(day, dtime(23, 59, 59)).timestamp()  # whole seconds: .999999 rounds to the next day


def due_text(due: float | None) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(due)) if due is not None else "-"


def status_of(sessions: Iterable[LinkedSession], due: float | None, now: float) -> Status:
    """Reviewed or submitted when any attempt was; else overdue after the due day; else in progress
    once an attempt started."""
    attempts = list(sessions)
    if any(s.reviewed_at for s in attempts):
        return "reviewed"
    if any(s.submitted_at for s in attempts):
        return "submitted"
    if due is not None and now > due:
        return "overdue"
    return "in progress" if attempts else "not started"


class Assignments:
    """The cohorts-and-assignments service over the store and the scenario library."""

    def __init__(self, store: Store, library: Library, clock: Callable[[], float] = time.time):
        self.store = store
        self.library = library
        self.clock = clock

    # --- cohorts ----------------------------------------------------------------------------------
    def create_cohort(self, actor: Actor, name: str, supervisor: str) -> CohortRow:
        """A new cohort supervised by `supervisor` (a supervisor may create only their own)."""
        self._manager(actor)
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME:
            raise AssignmentError(f"a cohort name needs 1 to {MAX_NAME} characters")
        sup = self._account(supervisor, "supervisor")
        if sup.role not in ("supervisor", "admin"):
            raise AssignmentError(f"{sup.name!r} is a {sup.role}, not a supervisor; "
                                  f"`users set-role {sup.name} supervisor` first")
        if sup.disabled:
            raise AssignmentError(f"{sup.name!r} is disabled; choose another supervisor")
        if actor.role == "supervisor" and sup.id != actor.id:
            raise AssignmentError("a supervisor creates cohorts they supervise themselves; ask an admin for another's")
        if self.store.cohort(name) is not None:
            raise AssignmentError(f"a cohort {name!r} exists; choose another name (`cohorts list` shows them)")
        try:
            self.store.add_cohort(name, sup.name)
        except IntegrityError:  # created at the same moment by someone else
            raise AssignmentError(f"a cohort {name!r} exists; choose another name") from None
        return self._cohort(actor, name)

    def add_members(self, actor: Actor, cohort: str, names: Sequence[str]) -> tuple[list[str], list[str]]:
        """Add trainees (all or none); returns (added, already members)."""
        c = self._cohort(actor, cohort)
        people = [self._account(n, "trainee") for n in names]
        for a in people:
            if a.role != "trainee":
                raise AssignmentError(f"{a.name!r} is a {a.role}, not a trainee; only trainees join a cohort")
            if a.disabled:
                raise AssignmentError(f"{a.name!r} is disabled; nothing was changed")
            other = self.store.supervisors_of(a.id) - {c.supervisor_id}
            if other and actor.role != "admin":  # no supervisor pulls another's trainee into their cohort
                raise AssignmentError(f"{a.name!r} is in another supervisor's cohort; an admin can add them to "
                                      "yours. Nothing was changed")
        added = list(dict.fromkeys(a.name for a in people if a.name not in c.members))
        self.store.set_members(c.id, add=added)
        return added, [a.name for a in people if a.name in c.members]

    def remove_members(self, actor: Actor, cohort: str, names: Sequence[str]) -> list[str]:
        """Remove trainees (all or none: each must be a member). Their sessions stay theirs; the
        supervisor no longer sees them."""
        c = self._cohort(actor, cohort)
        people = [" ".join(n.split()) for n in names]
        absent = [n for n in people if n not in c.members]
        if absent:
            raise AssignmentError(f"{absent[0]!r} is not in cohort {c.name!r} (its members: "
                                  f"{', '.join(c.members) or 'none'}); nothing was changed")
        self.store.set_members(c.id, remove=list(dict.fromkeys(people)))
        return list(dict.fromkeys(people))

    def cohorts(self, actor: Actor) -> list[CohortRow]:
        """The cohorts the actor manages."""
        self._manager(actor)
        return self.store.cohorts_of(actor)

    # --- assignments ------------------------------------------------------------------------------
    def assign(self, actor: Actor, cohort: str, scenario_ids: Sequence[str], due: str | float | None = None,
               attempts: int | None = None, criteria: Sequence[str] | None = None, note: str | None = None,
               trainee: str | None = None) -> list[AssignmentRow]:
        """Assign each scenario to the cohort (or to one trainee of it); all or none."""
        c = self._cohort(actor, cohort)
        ids = list(dict.fromkeys(s.strip() for s in scenario_ids if s.strip()))
        if not ids:
            raise AssignmentError("give at least one scenario id (`scenarios list` shows them)")
        for sid in ids:
            if sid not in self.library.scenarios:
                raise AssignmentError(f"no scenario {sid!r}; `scenarios list` shows the ids; nothing was assigned")
        when = parse_due(due) if isinstance(due, str) else due
        if when is not None and when < self.clock():
            raise AssignmentError(f"due date {due_text(when)} is in the past; give today or a later day")
        if attempts is not None and attempts < 1:
            raise AssignmentError(f"attempts must be at least 1 (got {attempts}); leave it out for no limit")
        wanted = None
        if criteria is not None:
            wanted = list(dict.fromkeys(x.strip() for x in criteria if x.strip()))
            if not wanted:
                raise AssignmentError("--criteria names no criterion; leave it out to count them all")
            for sid in ids:
                s = self.library.scenarios[sid]
                known = criterion_ids(self.library.rubrics, s.rubrics)
                for x in wanted:
                    if x not in known:
                        raise AssignmentError(f"criterion {x!r} is not scored in scenario {sid} "
                                              f"(its criteria: {', '.join(known)}); nothing was assigned")
        note = (note or "").strip() or None
        if note and len(note) > MAX_NOTE:
            raise AssignmentError(f"the note has {len(note):,} characters; the limit is {MAX_NOTE:,}")
        trainee_id = None
        if trainee is not None:
            who = " ".join(trainee.split())
            if who not in c.members:
                raise AssignmentError(f"{who!r} is not in cohort {c.name!r} (its members: "
                                      f"{', '.join(c.members) or 'none'}); `cohorts add {c.name} {who}` first")
            account = self.store.account(who)
            assert account is not None
            trainee_id = account.id
        author = actor.id if actor.id else c.supervisor_id  # the operator assigns for the cohort's supervisor
        made = self.store.add_assignments(author, c.id, trainee_id, ids, when, wanted, attempts, note)
        rows = {r.id: r for r in self.store.assignments_managed(actor, c.id)}
        return [rows[i] for i in made]

    def assignments_of(self, actor: Actor, cohort: str) -> list[AssignmentRow]:
        """What was assigned in a cohort the actor manages."""
        return self.store.assignments_managed(actor, self._cohort(actor, cohort).id)

    def assignments_for(self, actor: Actor) -> list[AssignmentStatus]:
        """The actor's own assignments ("My assignments"), with status and attempts, oldest first."""
        rows = self.store.assignments_for(actor)
        linked: dict[int, list[LinkedSession]] = {r.id: [] for r in rows}
        for s in self.store.linked_sessions(actor, list(linked), user=actor.name):
            linked[s.assignment_id].append(s)
        now = self.clock()
        out = []
        for r in rows:
            scenario = self.library.scenarios.get(r.scenario_id)
            mine = linked[r.id]
            out.append(AssignmentStatus(assignment=r, title=scenario.title if scenario else r.scenario_id,
                                        status=status_of(mine, r.due, now), attempts_used=len(mine),
                                        sessions=tuple(s.id for s in mine)))
        return out

    def start(self, actor: Actor, practice: Practice, assignment_id: int, seed: int = 0) -> int:
        """Start an attempt at one of the actor's assignments: a session linked to it. Refused when
        the attempts allowed are used up."""
        mine = next((a for a in self.assignments_for(actor) if a.id == assignment_id), None)
        if mine is None:
            raise AssignmentError(f"no assignment {assignment_id} for you; My assignments lists yours")
        if not mine.can_start:
            raise AssignmentError(f"all {mine.attempts_allowed} attempt(s) at {mine.title!r} are used; "
                                  "ask your supervisor for another")
        if mine.assignment.scenario_id not in self.library.scenarios:
            raise AssignmentError(f"scenario {mine.assignment.scenario_id!r} is no longer in the library; "
                                  "ask your supervisor")
        try:
            return practice.as_(actor).start(mine.assignment.scenario_id, seed=seed, assignment_id=assignment_id)
        except AttemptsUsed:  # another start got there first
            raise AssignmentError(f"all {mine.attempts_allowed} attempt(s) at {mine.title!r} are used; "
                                  "ask your supervisor for another") from None

    # --- review -----------------------------------------------------------------------------------
    def review_queue(self, actor: Actor) -> list[QueueRow]:
        """Submitted sessions of the actor's cohorts' trainees not yet reviewed, oldest submission first."""
        self._manager(actor)
        return self.store.review_queue(actor)

    def mark_reviewed(self, actor: Actor, session_id: int) -> None:
        self._manager(actor)
        if not self.store.mark_reviewed(actor, session_id):
            raise AssignmentError(f"session {session_id} is not waiting for your review (not submitted, reviewed "
                                  "already, or not of a trainee in a cohort you supervise)")

    # --- checks -----------------------------------------------------------------------------------
    def _manager(self, actor: Actor) -> None:
        if actor.role not in ("supervisor", "admin"):
            raise AssignmentError("only a supervisor or an admin manages cohorts and assignments")

    def _cohort(self, actor: Actor, name: str) -> CohortRow:
        """A cohort the actor manages; one they do not is refused as if it did not exist."""
        self._manager(actor)
        c = self.store.cohort(name)
        if c is None or (actor.role != "admin" and c.supervisor_id != actor.id):
            raise AssignmentError(f"no cohort {' '.join(name.split())!r} of yours; `cohorts list` shows them")
        return c

    def _account(self, name: str, role: str) -> Account:
        a = self.store.account(name)
        if a is None or not a.password_hash:
            name = " ".join(name.split())
            raise AssignmentError(f"no user {name!r}; `users add {name} --role {role}` first "
                                  "(`users list` shows who exists)")
        return a
