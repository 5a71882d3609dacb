"""Cohorts and assignments (trainer.assignments, `cohorts ...`, `assign`), recording a scripted session as
a user's (`play --save --as`) and exporting what a user may see (`export sessions`), on SQLite and
PostgreSQL. The practice service runs with the fake client of turn_writer.py except in the one play test."""
import csv
import io
import re
import time

import pytest
from argon2 import PasswordHasher
from turn_writer import Engine, SlowClient

from trainer import scenarios, services
from trainer.accounts import Actor
from trainer.assignments import AssignmentError, Assignments, parse_due, status_of
from trainer.cli import main
from trainer.client.state import ClientState, ClientTurn
from trainer.practice import Practice
from trainer.store import Store

SCENARIO = "de-pflege-mutter-ostsee"
PEOPLE = [("Anastasia Quill", "trainee"), ("Benedikt Roe", "trainee"), ("Zora Vance", "trainee"),
          ("Sara Lind", "supervisor"), ("Tom Hale", "supervisor"), ("Ida Marsh", "admin")]
ANA, BEN, ZOE, SARA, TOM, IDA = (n for n, _ in PEOPLE)
FREE_TEXT = "quokka"  # in every reply, draft, client line and note written below


class Client(SlowClient):
    """turn_writer's fake client, which can also open and close a session."""

    def start(self, scenario, seed=0):
        state = ClientState(scenario.id, seed=seed)
        state.said.append(f"Opening {FREE_TEXT}.")
        return state, ClientTurn(text=f"Opening {FREE_TEXT}.", rapport=state.rapport, disclosed=0)

    def close(self, scenario, state):
        return ClientTurn(text="Bye.", rapport=state.rapport, disclosed=0)


class Clock:
    def __init__(self):
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """`svc.accounts` hashes once on creation: the cheapest argon2 here."""
    monkeypatch.setattr(services, "password_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def store(db_url, monkeypatch, library) -> Store:
    """The test's database, with PEOPLE as accounts; the CLI uses it too, and the session's library."""
    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    monkeypatch.setattr(scenarios, "load_library", lambda settings: library)
    s = Store(db_url)
    for name, role in PEOPLE:
        s.add_account(name, role, "$argon2id$not-a-real-hash")
    return s


@pytest.fixture
def world(store, library):
    """Sara's cohort (Ana, Ben) and Tom's (Zoe); the service with a clock; the practice service."""
    clock = Clock()
    svc = Assignments(store, library, clock=clock)
    p = {n: store.actor(n) for n, _ in PEOPLE}
    svc.create_cohort(p[SARA], "Tuesday group", SARA)
    svc.add_members(p[SARA], "Tuesday group", [ANA, BEN])
    svc.create_cohort(p[IDA], "Thursday group", TOM)
    svc.add_members(p[TOM], "Thursday group", [ZOE])
    practice = Practice(library, Engine(), Client(), store)  # type: ignore[arg-type]
    return svc, practice, p, clock


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_creates_fills_lists_and_assigns_and_refuses_in_one_line(store, library, capsys):
    assert run(capsys, "cohorts", "create", "Tuesday group", "--supervisor", SARA)[0] == 0
    code, out, _ = run(capsys, "cohorts", "add", "Tuesday group", ANA, BEN)
    assert code == 0 and f"{ANA}, {BEN}" in out
    code, out, _ = run(capsys, "cohorts", "list")
    assert code == 0 and out.splitlines() == [f"Tuesday group  supervisor {SARA}  2 trainee(s): {ANA}, {BEN}  "
                                              "0 assignment(s)"]
    code, out, _ = run(capsys, "assign", "Tuesday group", SCENARIO, "ar-coptic-depression-jersey-city",
                       "--due", "2999-12-31", "--attempts", "2", "--criteria", "empathy,cultural_context",
                       "--note", f"Listen first, {FREE_TEXT}.")
    assert code == 0 and len(out.splitlines()) == 2
    assert out.startswith(f"assignment 1: {SCENARIO} to cohort Tuesday group; due 2999-12-31; 2 attempt(s); "
                          "criteria empathy, cultural_context")
    code, out, _ = run(capsys, "assign", "Tuesday group", SCENARIO, "--trainee", BEN)
    assert code == 0 and f"to {BEN} (of Tuesday group); no due date; attempts unlimited" in out
    code, out, _ = run(capsys, "cohorts", "remove", "Tuesday group", BEN)
    assert code == 0 and BEN in out
    refusals = [
        (["cohorts", "create", "Other", "--supervisor", "Nobody Here"], "no user 'Nobody Here'"),
        (["cohorts", "create", "Other", "--supervisor", ANA], "is a trainee, not a supervisor"),
        (["cohorts", "create", "Tuesday group", "--supervisor", SARA], "a cohort 'Tuesday group' exists"),
        (["cohorts", "add", "Tuesday group", "Nobody Here"], "no user 'Nobody Here'"),
        (["cohorts", "add", "Tuesday group", TOM], "is a supervisor, not a trainee"),
        (["cohorts", "add", "No such group", ANA], "no cohort 'No such group'"),
        (["cohorts", "remove", "Tuesday group", ZOE], f"'{ZOE}' is not in cohort 'Tuesday group'"),
        (["assign", "Tuesday group", SCENARIO, "no-such-scenario"], "no scenario 'no-such-scenario'"),
        (["assign", "Tuesday group", SCENARIO, "--due", "31.12.2999"], "due date '31.12.2999' is not a date"),
        (["assign", "Tuesday group", SCENARIO, "--due", "2999-02-30"], "due date '2999-02-30' is not a date"),
        (["assign", "Tuesday group", SCENARIO, "--due", "2001-01-01"], "due date 2001-01-01 is in the past"),
        (["assign", "Tuesday group", SCENARIO, "--attempts", "0"], "attempts must be at least 1"),
        (["assign", "Tuesday group", SCENARIO, "--criteria", "empathy,charm"], "criterion 'charm' is not scored"),
        (["assign", "Tuesday group", SCENARIO, "--trainee", BEN], f"'{BEN}' is not in cohort 'Tuesday group'"),
        (["assign", "Nowhere", SCENARIO], "no cohort 'Nowhere'"),
    ]
    for argv, message in refusals:
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1 and err.startswith("error: ") and message in err, (argv, err)
    code, out, _ = run(capsys, "cohorts", "list", "--json")
    assert code == 0 and '"members": ["Anastasia Quill"], "assignments": 3' in out  # refusals changed nothing
    rows = Assignments(store, library).assignments_for(store.actor(ANA))
    assert [(a.assignment.scenario_id, a.attempts_allowed, a.assignment.criteria, a.assignment.created_by)
            for a in rows] == [(SCENARIO, 2, ["empathy", "cultural_context"], SARA),
                               ("ar-coptic-depression-jersey-city", 2, ["empathy", "cultural_context"], SARA)]
    assert rows[0].assignment.note == f"Listen first, {FREE_TEXT}." and rows[0].status == "not started"


def test_a_trainees_assignments_go_from_not_started_to_reviewed_or_overdue(world):
    svc, practice, p, clock = world
    task, = svc.assign(p[SARA], "Tuesday group", [SCENARIO], due=parse_due(time.strftime("%Y-%m-%d")), attempts=2,
                       note=f"Take your time, {FREE_TEXT}.")
    only_ben, = svc.assign(p[SARA], "Tuesday group", [SCENARIO], trainee=BEN)

    def status(who: str) -> dict[int, tuple[str, int]]:
        return {a.id: (a.status, a.attempts_used) for a in svc.assignments_for(p[who])}
    assert status(ANA) == {task.id: ("not started", 0)}
    assert status(BEN) == {task.id: ("not started", 0), only_ben.id: ("not started", 0)}
    assert status(ZOE) == {} and status(SARA) == {}
    sid = svc.start(p[ANA], practice, task.id)
    ana = practice.as_(p[ANA])
    assert ana.record(sid).assignment_id == task.id  # linked
    assert status(ANA)[task.id] == ("in progress", 1)
    ana.send(sid, "That sounds heavy.", 1)
    ana.submit(sid)
    assert status(ANA)[task.id] == ("submitted", 1)
    assert [(q.id, q.user) for q in svc.review_queue(p[SARA])] == [(sid, ANA)]
    assert svc.review_queue(p[TOM]) == [] and svc.review_queue(p[IDA]) == []  # the queue: what one may review
    for who in (TOM, IDA):  # another cohort's supervisor; an admin who supervises no cohort of Ana's
        with pytest.raises(AssignmentError, match="not waiting for your review"):
            svc.mark_reviewed(p[who], sid)
    with pytest.raises(AssignmentError, match="only a supervisor or an admin"):
        svc.mark_reviewed(p[ANA], sid)
    svc.mark_reviewed(p[SARA], sid)
    assert status(ANA)[task.id] == ("reviewed", 1) and svc.review_queue(p[SARA]) == []
    with pytest.raises(AssignmentError, match="not waiting"):
        svc.mark_reviewed(p[SARA], sid)
    clock.t += 86_400  # the day after the due day
    assert status(ANA)[task.id] == ("reviewed", 1)
    assert status(BEN) == {task.id: ("overdue", 0), only_ben.id: ("not started", 0)}
    ben_sid = svc.start(p[BEN], practice, task.id)
    assert status(BEN)[task.id] == ("overdue", 1)  # late, and not submitted
    practice.as_(p[BEN]).submit(ben_sid)
    assert status(BEN)[task.id] == ("submitted", 1)
    with pytest.raises(AssignmentError, match=f"no assignment {only_ben.id} for you"):
        svc.start(p[ANA], practice, only_ben.id)


def test_attempts_used_up_are_refused(world):
    svc, practice, p, _ = world
    task, = svc.assign(p[IDA], "Tuesday group", [SCENARIO], attempts=2)
    assert task.created_by == IDA
    for _ in range(2):
        svc.start(p[ANA], practice, task.id)
    mine, = svc.assignments_for(p[ANA])
    assert (mine.attempts_used, mine.can_start, mine.attempts_text) == (2, False, "2 of 2 attempts used")
    with pytest.raises(AssignmentError, match="all 2 attempt"):
        svc.start(p[ANA], practice, task.id)
    assert len(practice.as_(p[ANA]).history()) == 2
    svc.start(p[BEN], practice, task.id)  # attempts are each trainee's own


def test_a_supervisor_manages_only_their_own_cohorts(world):
    svc, practice, p, _ = world
    tom, sara, ana = p[TOM], p[SARA], p[ANA]
    assert [c.name for c in svc.cohorts(tom)] == ["Thursday group"]
    assert [c.name for c in svc.cohorts(p[IDA])] == ["Thursday group", "Tuesday group"]
    attempts = [lambda: svc.add_members(tom, "Tuesday group", [ZOE]),
                lambda: svc.remove_members(tom, "Tuesday group", [ANA]),
                lambda: svc.assign(tom, "Tuesday group", [SCENARIO]),
                lambda: svc.assignments_of(tom, "Tuesday group")]
    for attempt in attempts:
        with pytest.raises(AssignmentError, match="no cohort 'Tuesday group' of yours"):
            attempt()
    with pytest.raises(AssignmentError, match="creates cohorts they supervise themselves"):
        svc.create_cohort(tom, "Sara's second group", SARA)
    for attempt in [lambda: svc.cohorts(ana), lambda: svc.create_cohort(ana, "Mine", SARA),
                    lambda: svc.add_members(ana, "Tuesday group", [ANA]), lambda: svc.review_queue(ana),
                    lambda: svc.assign(ana, "Tuesday group", [SCENARIO])]:
        with pytest.raises(AssignmentError, match="only a supervisor or an admin"):
            attempt()
    task, = svc.assign(sara, "Tuesday group", [SCENARIO])
    assert svc.store.assignment(tom, task.id) is None and svc.store.assignment(p[ZOE], task.id) is None
    assert svc.store.assignment(ana, task.id) is not None
    assert [a.id for a in svc.assignments_of(sara, "Tuesday group")] == [task.id]
    sid = svc.start(ana, practice, task.id)
    assert svc.store.linked_sessions(tom, [task.id]) == []
    assert [s.id for s in svc.store.linked_sessions(sara, [task.id])] == [sid]
    assert status_of([], None, 0) == "not started"
    with pytest.raises(AssignmentError, match="another supervisor's cohort"):  # no pulling Ana into Tom's cohort
        svc.add_members(tom, "Thursday group", [ANA])
    assert sid not in {x.id for x in svc.store.sessions_of(tom)}
    svc.add_members(p[IDA], "Thursday group", [ANA])  # an admin may


def _session(store: Store, who: Actor, assignment: int | None, n: int, submit: bool = False) -> int:
    """A session of `who` with `n` sent turns, each scored and with its strategies, plus an unsent draft."""
    sid = store.start_session(who, SCENARIO, "German", "fake", 0, f"Opening {FREE_TEXT}.", {}, assignment)
    for i in range(1, n + 1):
        feedback = {"ok": True, "scores": [{"criterion": "empathy", "name": "Empathy", "score": 4},
                                           {"criterion": "cultural_context", "name": "Cultural context", "score": 2}],
                    "strategies": [{"sentence": f"How is it, {FREE_TEXT}?", "strategy": "Questions", "confidence": 0.9},
                                   {"sentence": "Sounds hard.", "strategy": "Reflection of Feelings", "confidence": 0.8},
                                   {"sentence": "Why?", "strategy": "Questions", "confidence": 0.7}],
                    "tip_goal": f"Ask about {FREE_TEXT}."}
        store.add_draft(who, sid, i, f"Unsent {FREE_TEXT} draft.", None)
        reply = f"=cmd| {FREE_TEXT} reply {i} of {who.name}"
        store.add_draft(who, sid, i, reply, feedback)
        assert store.commit_turn(who, sid, i, reply, f"Client {FREE_TEXT} {i}.", {}, {}, i - 1)
    if submit:
        assert store.submit_session(who, sid)
    return sid


def _export(capsys, tmp_path, who: str, *flags: str) -> tuple[str, list[dict[str, str]]]:
    out = tmp_path / f"{who}.csv"
    code, stdout, err = run(capsys, "export", "sessions", "--as", who, "--format", "csv", *flags, "--out", str(out))
    assert code == 0 and stdout == "" and "turn(s) of" in err, err
    text = out.read_text(encoding="utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_export_is_exactly_what_the_user_may_see_and_deidentified_has_no_name_or_text(world, tmp_path, capsys):
    svc, _, p, _ = world
    task, = svc.assign(p[SARA], "Tuesday group", [SCENARIO], note=f"A note, {FREE_TEXT}.")
    zoes, = svc.assign(p[TOM], "Thursday group", [SCENARIO])
    store = svc.store
    ana_free, ana_task = _session(store, p[ANA], None, 1), _session(store, p[ANA], task.id, 2)
    ben_done, zoe_task = _session(store, p[BEN], None, 1, submit=True), _session(store, p[ZOE], zoes.id, 1)
    _, rows = _export(capsys, tmp_path, ANA)
    assert [(r["session"], r["trainee"], r["turn"]) for r in rows] == \
        [(str(ana_free), ANA, "1"), (str(ana_task), ANA, "1"), (str(ana_task), ANA, "2")]
    first = rows[1]
    assert (first["scenario"], first["culture"], first["assignment"], first["submitted"]) == \
        (SCENARIO, "German", str(task.id), "no")
    assert (first["empathy"], first["cultural_context"], first["fluency"]) == ("4", "2", "")
    assert first["strategies"] == "Questions;Reflection of Feelings" and first["drafts"] == "2"
    assert first["reply"] == f"'=cmd| {FREE_TEXT} reply 1 of {ANA}"  # no formula for a spreadsheet to run
    assert first["client"] == f"Client {FREE_TEXT} 1."
    _, rows = _export(capsys, tmp_path, SARA)  # her cohort's assigned and submitted sessions; no free practice
    assert [(r["session"], r["trainee"]) for r in rows] == \
        [(str(ana_task), ANA), (str(ana_task), ANA), (str(ben_done), BEN)]
    _, rows = _export(capsys, tmp_path, TOM)
    assert [(r["session"], r["trainee"]) for r in rows] == [(str(zoe_task), ZOE)]
    text, rows = _export(capsys, tmp_path, SARA, "--deidentified")
    for word in [FREE_TEXT, *(part for name, _ in PEOPLE for part in name.split()), "cmd", "Opening", "Client"]:
        assert word.lower() not in text.lower(), word
    assert "reply" not in rows[0] and "client" not in rows[0]
    assert [r["session"] for r in rows] == [str(ana_task), str(ana_task), str(ben_done)]
    pseudonyms = [r["trainee"] for r in rows]
    assert all(re.fullmatch(r"trainee-[0-9a-f]{8}", x) for x in pseudonyms)
    assert pseudonyms[0] == pseudonyms[1] != pseudonyms[2]
    assert rows[0]["empathy"] == "4" and rows[0]["strategies"] == "Questions;Reflection of Feelings"
    assert _export(capsys, tmp_path, SARA, "--deidentified")[0] == text  # stable across runs
    _, rows = _export(capsys, tmp_path, IDA, "--deidentified")
    assert {r["session"] for r in rows} == {str(s) for s in (ana_free, ana_task, ben_done, zoe_task)}
    assert {r["trainee"] for r in rows} >= set(pseudonyms)
    code, _, err = run(capsys, "export", "sessions", "--as", "Nobody Here")
    assert code == 2 and err.startswith("error: no user 'Nobody Here'") and err.count("\n") == 1


def test_play_save_records_a_scripted_session_as_that_user(store, data_index, tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text("That sounds exhausting, caring for your mother on your own.\n"
                      "What does a day with her look like?\n", encoding="utf-8")
    code, out, err = run(capsys, "play", SCENARIO, "--script", str(script), "--as", ANA, "--save")
    assert code == 0, err
    assert re.search(rf"saved: session \d+ of {ANA} \(2 turn\(s\)\)", out)
    mine = store.sessions_of(store.actor(ANA))
    assert len(mine) == 1 and mine[0].user == ANA and mine[0].turns_sent == 2 and mine[0].summary is not None
    assert all(d.feedback and d.feedback.scores and d.feedback.strategies for d in mine[0].drafts if d.sent)
    assert store.sessions_of(store.actor(BEN)) == [] and store.sessions_of(store.actor(SARA)) == []
    _, rows = _export(capsys, tmp_path, ANA)
    assert [r["turn"] for r in rows] == ["1", "2"] and all(r["empathy"] and r["strategies"] for r in rows)
    for argv, message in [(["--as", "Nobody Here", "--save"], "no user 'Nobody Here' who can log in"),
                          (["--save"], "--save and --as USER go together"),
                          (["--as", ANA], "--save and --as USER go together")]:
        code, _, err = run(capsys, "play", SCENARIO, "--script", str(script), *argv)
        assert code == 2 and message in err and err.count("\n") == 1
    assert len(store.sessions_of(store.actor(IDA))) == 1


def test_in_single_user_mode_a_new_name_may_record_but_not_export(db_url, monkeypatch):
    from trainer.cli.common import InputError
    from trainer.cli.export import acting_user
    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    svc = services.build_services()
    assert acting_user(svc, " New  Person ", create=True).name == "New Person"  # as the app's sidebar would
    with pytest.raises(InputError, match="no user 'Someone Else'"):
        acting_user(svc, "Someone Else")
    assert acting_user(svc, "New Person").role == "trainee"


def test_two_starts_at_once_use_one_attempt_each(world):
    import threading
    svc, practice, p, _ = world
    task, = svc.assign(p[SARA], "Tuesday group", [SCENARIO], attempts=1)
    barrier, started, refused = threading.Barrier(3), [], []

    def start() -> None:
        barrier.wait()
        try:
            started.append(svc.start(p[ANA], practice, task.id))
        except AssignmentError as e:
            refused.append(str(e))

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(started) == 1 and len(refused) == 2 and all("attempt(s)" in r for r in refused), (started, refused)
