"""The walls are in the core: every cross-user read and write through the store and the practice
service is refused, on SQLite and on PostgreSQL; a page that hides a button is not the wall."""
import pytest
from turn_writer import Engine, Library, SlowClient

from trainer.accounts import Actor
from trainer.client.state import ClientState
from trainer.practice import DraftError, Practice
from trainer.records import SessionSummary
from trainer.store import Store, assignments


@pytest.fixture
def world(db_url):
    """Ana and Ben (trainees) in Sara's cohort, Tom a supervisor of another cohort, Ida an admin;
    Ana has a free-practice session, a submitted one and an assigned one."""
    store = Store(db_url)
    for name, role in [("Ana", "trainee"), ("Ben", "trainee"), ("Sara", "supervisor"), ("Tom", "supervisor"),
                       ("Ida", "admin")]:
        store.add_account(name, role, "$argon2id$not-a-real-hash")
    store.set_members(store.add_cohort("Tuesday group", "Sara"), add=["Ana", "Ben"])
    store.set_members(store.add_cohort("Thursday group", "Tom"), add=["Zoe"])
    ana = store.actor("Ana")
    practice = Practice(Library(), Engine(), SlowClient(), store)  # type: ignore[arg-type]
    with store.engine.begin() as c:
        task = c.execute(assignments.insert().values(cohort_id=store.cohort_id("Tuesday group"), scenario_id="x",
                                                     created_by=store.actor("Sara").id, created_at=1.0)
                         ).inserted_primary_key[0]
    state = ClientState("x").to_dict()
    free, submitted, assigned = (store.start_session(ana, "x", "German", "fake", 0, "Opening.", state, a)
                                 for a in (None, None, task))
    assert store.submit_session(ana, submitted)
    return store, practice, {"free": free, "submitted": submitted, "assigned": assigned}, \
        {n: store.actor(n) for n in ["Ana", "Ben", "Sara", "Tom", "Ida"]}


def _ids(store: Store, who: Actor) -> set[int]:
    return {r.id for r in store.sessions_of(who)}


def test_a_trainee_reaches_only_their_own_sessions(world):
    store, practice, s, p = world
    ben = practice.as_(p["Ben"])
    assert _ids(store, p["Ben"]) == set() and ben.history() == [] and ben.history("Ana") == []
    for sid in s.values():
        with pytest.raises(KeyError):
            ben.record(sid)                    # resuming another's session id
        with pytest.raises(KeyError):
            ben.send(sid, "Hello?", 1)
        with pytest.raises(KeyError):
            store.add_draft(p["Ben"], sid, 1, "forged", None)
        assert not store.commit_turn(p["Ben"], sid, 1, "forged", "forged", {}, {}, 0)
        assert not store.end_session(p["Ben"], sid, SessionSummary(), {})
        assert not store.submit_session(p["Ben"], sid)
    assert _ids(store, p["Ana"]) >= set(s.values())


def test_a_supervisor_reads_only_shared_sessions_of_their_cohorts_and_writes_none(world):
    store, practice, s, p = world
    assert _ids(store, p["Sara"]) == {s["submitted"], s["assigned"]}  # free practice stays private
    sara = practice.as_(p["Sara"])
    assert sara.record(s["submitted"]).user == "Ana"
    with pytest.raises(DraftError, match="another person's session"):
        sara.send(s["submitted"], "Let me answer for her", 1)
    assert not store.commit_turn(p["Sara"], s["submitted"], 1, "forged", "forged", {}, {}, 1)
    with pytest.raises(KeyError):
        store.add_draft(p["Sara"], s["submitted"], 1, "forged", None)
    assert _ids(store, p["Tom"]) == set()     # another cohort's supervisor sees nothing
    with pytest.raises(KeyError):
        practice.as_(p["Tom"]).record(s["submitted"])


def test_an_admin_sees_everything_and_a_submitted_session_is_frozen(world):
    store, practice, s, p = world
    assert _ids(store, p["Ida"]) >= set(s.values())
    ana = practice.as_(p["Ana"])
    with pytest.raises(DraftError, match="frozen"):
        ana.send(s["submitted"], "One more thing", 1)
    with pytest.raises(DraftError, match="frozen"):
        ana.feedback(s["submitted"], "One more draft")
    assert ana.send(s["free"], "Still mine", 1) is not None


def test_no_one_acting_reaches_nothing(world):
    _, practice, s, _ = world
    with pytest.raises(PermissionError):
        practice.record(s["free"])


def test_a_supervisor_sees_work_for_their_assignments_not_a_moved_trainees_past(world):
    store, _, s, p = world
    tuesday, thursday = store.cohort_id("Tuesday group"), store.cohort_id("Thursday group")
    store.set_members(tuesday, remove=["Ana"])
    store.set_members(thursday, add=["Ana"])  # Ana moves to Tom's cohort
    assert s["assigned"] not in _ids(store, p["Tom"])   # work for Sara's assignment stays Sara's
    assert s["assigned"] in _ids(store, p["Sara"])
    assert s["submitted"] in _ids(store, p["Tom"]) and s["submitted"] not in _ids(store, p["Sara"])  # free practice


def test_a_session_links_only_to_an_assignment_given_to_its_trainee(world):
    store, _, _, p = world
    with store.engine.begin() as c:
        theirs = c.execute(assignments.insert().values(cohort_id=store.cohort_id("Thursday group"), scenario_id="x",
                                                       created_by=p["Tom"].id, created_at=1.0)).inserted_primary_key[0]
    with pytest.raises(KeyError):  # Ana is not in Tom's cohort: no linking her work to his assignment
        store.start_session(p["Ana"], "x", "German", "fake", 0, "Opening.", {}, theirs)

