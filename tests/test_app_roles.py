"""The pages of each role through Streamlit's AppTest, in one flow: an admin creates a supervisor; the
supervisor makes a cohort, adds a trainee and assigns a scenario with a note; the trainee sees it,
starts it, sends a reply, ends and submits; the supervisor reviews it, which the trainee then sees;
another supervisor sees nothing of it, and a trainee is refused the staff pages."""
import pytest
import streamlit as st
from argon2 import PasswordHasher
from helpers import ROOT
from streamlit.testing.v1 import AppTest

from trainer import services

PASSWORD = "correct horse battery"
SCENARIO = "de-pflege-mutter-ostsee"
NOTE = "Listen for **what she does not say**, then ask."
REPLY = "That sounds exhausting, and tired may be only part of it. What has it been like since she moved in?"


@pytest.fixture(autouse=True)
def fresh(monkeypatch, library):
    """Cheap argon2, each test's own services (its data dir and database), the session's library."""
    monkeypatch.setattr(services, "password_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr("app_pages.shared.library", lambda: library)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _app(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in state.items():
        at.session_state[k] = v
    return at


def _log_in(name: str) -> AppTest:
    at = _app().run()
    next(t for t in at.text_input if t.label == "User name").input(name)
    next(t for t in at.text_input if t.label == "Password").input(PASSWORD)
    next(b for b in at.button if b.label == "Log in").click()
    at.run()
    assert not at.exception and [t.value for t in at.title] == ["Scenario library"], [e.value for e in at.error]
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def _page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_each_role_walks_its_pages(data_index):
    single = _app(trainee="Sam").run()  # single-user mode: no staff page exists
    for page in ("app_pages/supervise.py", "app_pages/review.py", "app_pages/admin.py"):
        with pytest.raises(ValueError, match="Known pages"):
            single.switch_page(page)
    acc = services.build_services().accounts
    acc.add("Ada", "admin", PASSWORD)
    acc.add("Tom", "trainee", PASSWORD)
    acc.add("Sid", "supervisor", PASSWORD)

    # the admin creates a supervisor; the password is never shown back
    admin = _page(_log_in("Ada"), "app_pages/admin.py")
    assert [t.value for t in admin.title] == ["Accounts"]
    _widget(admin.text_input, "User name").input("Sue")
    _widget(admin.selectbox, "Role").select("supervisor")
    _widget(admin.text_input, "Initial password").input(PASSWORD)
    _widget(admin.text_input, "Password again").input(PASSWORD)
    _button(admin, "Create user").click().run()
    assert not admin.exception and not admin.error
    assert "Created Sue (supervisor)" in admin.success[0].value
    shown = [m.value for m in admin.markdown] + [m.value for m in admin.success] + [t.value for t in admin.text_input]
    assert PASSWORD not in str(shown)  # the form was cleared
    assert acc.login("Sue", PASSWORD).role == "supervisor"

    # the supervisor: a cohort, a trainee, an assignment with a note
    sue = _page(_log_in("Sue"), "app_pages/supervise.py")
    _widget(sue.text_input, "Cohort name").input("Ward A")
    _button(sue, "Create cohort").click().run()
    assert not sue.error and _widget(sue.selectbox, "Cohort").value == "Ward A"
    _widget(sue.text_input, "Add trainees by name").input("Tom")
    _button(sue, "Add").click().run()
    assert not sue.error and any(m.value == "Tom" for m in sue.markdown)
    _widget(sue.multiselect, "Scenarios").select(SCENARIO)
    _widget(sue.number_input, "Attempts allowed (0: no limit)").set_value(2)
    _widget(sue.text_area, "Note to the trainee").input(NOTE)
    _button(sue, "Assign").click().run()
    assert not sue.error
    table = sue.dataframe[0].value
    assert list(table["to"]) == ["whole cohort"] and list(table["note"]) == [NOTE]

    # the trainee: the assignment with its note and status, started, one reply, ended, submitted
    tom = _log_in("Tom")
    assert "My assignments" in [h.value for h in tom.header]
    assert any(t.startswith("Status: not started · due - · 0 of 2 attempts used") for t in _texts(tom))
    assert any("what she does not say" in m.value and "**" not in m.value.replace("\\*", "") for m in tom.markdown)
    _button(tom, "Start").click().run()
    assert not tom.exception and [t.value for t in tom.title] == ["Practice"]
    store = services.build_services().store
    tom_actor = store.actor("Tom")
    (session,) = store.sessions_of(tom_actor)
    assert session.assignment_id is not None  # linked to the assignment
    tom.text_area[0].input(REPLY).run()
    _button(tom, "Get feedback").click().run()
    _button(tom, "Send").click().run()
    assert not tom.exception and len(tom.chat_message) == 3
    _button(tom, "End session").click().run()
    _button(tom, "Submit for review").click().run()
    assert any("frozen" in i.value for i in tom.info)
    _page(tom, "app_pages/library.py")
    assert any(t.startswith("Status: submitted") for t in _texts(tom))

    # another supervisor sees nothing of it; a trainee is refused the staff pages
    sid = _page(_log_in("Sid"), "app_pages/review.py")
    assert "Nothing is waiting" in sid.info[0].value
    for page in ("app_pages/review.py", "app_pages/supervise.py", "app_pages/admin.py"):
        _page(tom, page)
        assert "not for your role (trainee)" in tom.error[0].value and not tom.dataframe

    # the supervisor reads it (no reply box) and marks it reviewed
    _page(sue, "app_pages/review.py")
    assert [t.value for t in sue.title] == ["Review queue"] and not sue.text_area
    assert len(sue.chat_message) == 3
    assert "/5" in sue.chat_message[1].caption[0].value  # the sent reply's feedback scores
    assert sue.header[0].value == "Session summary"
    _button(sue, "Mark reviewed").click().run()
    assert not sue.error and "Nothing is waiting" in sue.info[0].value

    _page(tom, "app_pages/library.py")
    assert any(t.startswith("Status: reviewed · due - · 1 of 2 attempts used") for t in _texts(tom))
    # a second attempt, ended; a third is refused with the core's words
    _button(tom, "Start again").click().run()
    assert not tom.exception and [t.value for t in tom.title] == ["Practice"]
    _page(tom, "app_pages/practice.py")  # AppTest goes back to the page it last switched to: stay here
    _button(tom, "End session").click().run()
    _page(tom, "app_pages/library.py")
    assert any(t.startswith("Status: reviewed · due - · 2 of 2 attempts used") for t in _texts(tom))
    _button(tom, "Start again").click().run()
    assert "all 2 attempt(s)" in tom.error[0].value and len(store.sessions_of(tom_actor)) == 2


def test_a_trainee_cannot_open_another_trainees_session_by_its_id(data_index):
    acc = services.build_services().accounts
    acc.add("Ana", "trainee", PASSWORD)
    acc.add("Ben", "trainee", PASSWORD)
    svc = services.build_services()
    theirs = svc.practice.as_(svc.store.actor("Ana")).start(SCENARIO)
    ben = _log_in("Ben")
    ben.session_state["session_id"] = theirs  # a forged or stale id in Ben's browser session
    ben = _page(ben, "app_pages/practice.py")
    assert any(f"no session #{theirs}" in e.value for e in ben.error) and not ben.text_area
    assert not [m for m in ben.markdown if svc.library.get(SCENARIO).opening_line[:30] in m.value]
