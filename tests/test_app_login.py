"""The app's two modes through Streamlit's AppTest: single-user mode says what it means; in accounts
mode no page but the login form is shown until a login succeeds, and a login ends on Log out, after
the idle time, or when the account is disabled or its password changed."""
import time

import pytest
import streamlit as st
from argon2 import PasswordHasher
from helpers import ROOT
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from trainer import config, services
from trainer.accounts import BAD_LOGIN, LOCK_AFTER

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fresh(monkeypatch, library):
    """Cheap argon2, each test's own services (its data dir, its database), and the session's scenario
    library (loaded once, not once a test)."""
    monkeypatch.setattr(services, "password_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr("app_pages.shared.library", lambda: library)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def accounts():
    """Accounts mode: Ann (trainee) can log in."""
    acc = services.build_services().accounts
    acc.add("Ann", "trainee", PASSWORD)
    return acc


@pytest.fixture
def listening(monkeypatch):
    """Pretend the server listens on an address (`--server.address`), restored afterwards."""
    before = st_config.get_option("server.address")

    def listen(address: str | None) -> None:
        st_config.set_option("server.address", address)
    yield listen
    st_config.set_option("server.address", before)


def _app(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in state.items():
        at.session_state[k] = v
    return at


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def _log_in(at: AppTest, name: str, password: str) -> AppTest:
    next(t for t in at.text_input if t.label == "User name").input(name)
    next(t for t in at.text_input if t.label == "Password").input(password)
    next(b for b in at.button if b.label == "Log in").click()
    return at.run()


def _errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def test_single_user_mode_says_anyone_sees_every_session():
    at = _app(trainee="Sam").run()
    assert not at.exception and _titles(at) == ["Scenario library"]
    assert any(c.value == "24 of 24 scenarios" for c in at.caption)
    notice = at.sidebar.info[0].value
    assert "Single-user mode:** anyone who can open this address sees every session" in notice
    assert "python -m trainer users add NAME --role admin" in notice
    assert [t.label for t in at.sidebar.text_input] == ["Your name"]


def test_single_user_mode_beyond_this_machine_shows_nothing_unless_opened_deliberately(listening, monkeypatch):
    listening("0.0.0.0")  # e.g. started in accounts mode, then the last account was disabled
    at = _app(trainee="Sam").run()
    assert not at.exception and _titles(at) == []
    assert "No account can log in, and this app listens on 0.0.0.0" in _errors(at)[0]
    monkeypatch.setenv("TRAINER_LISTEN_ADDRESS", "0.0.0.0")
    config.get_settings.cache_clear()
    st.cache_resource.clear()
    at = _app(trainee="Sam").run()
    assert not at.exception and _titles(at) == ["Scenario library"]


def test_accounts_mode_shows_nothing_but_the_login_form(accounts):
    at = _app(trainee="Ann").run()  # a name typed in single-user mode is no login
    assert not at.exception and _titles(at) == ["Log in"]
    assert "Your name" not in [t.label for t in at.text_input] and not at.sidebar.info
    for page in ("app_pages/library.py", "app_pages/practice.py", "app_pages/progress.py"):
        with pytest.raises(ValueError, match=r"Known pages: \['[^']*app_pages/login.py'\]"):
            at.switch_page(page)  # not even registered until a login succeeds
    _log_in(at, "Ann", "wrong password")
    assert _titles(at) == ["Log in"] and _errors(at) == [BAD_LOGIN]
    _log_in(at, "Nobody", PASSWORD)
    assert _titles(at) == ["Log in"] and _errors(at) == [BAD_LOGIN]  # the same words: no hint who exists


def test_login_shows_the_app_and_log_out_ends_it(accounts):
    at = _log_in(_app().run(), "Ann", PASSWORD)
    assert not at.exception and _titles(at) == ["Scenario library"] and not at.error
    assert at.sidebar.markdown[0].value == "Logged in as **Ann** (trainee)"
    assert at.session_state["login"]["name"] == "Ann" and "password" not in str(at.session_state["login"])
    at.session_state["scenario_id"] = "de-pflege-mutter-ostsee"
    next(b for b in at.sidebar.button if b.label == "Log out").click().run()
    assert not at.exception and _titles(at) == ["Log in"]
    assert "scenario_id" not in at.session_state and "login" not in at.session_state  # nothing left for the next person


def test_a_disabled_account_is_refused_and_its_open_login_ends(accounts):
    at = _log_in(_app().run(), "Ann", PASSWORD)
    assert _titles(at) == ["Scenario library"]
    accounts.add("Bea", "admin", PASSWORD)
    accounts.disable("Ann")
    at.run()
    assert _titles(at) == ["Log in"] and "account was disabled" in at.info[0].value
    _log_in(at, "Ann", PASSWORD)
    assert _titles(at) == ["Log in"] and _errors(at) == [BAD_LOGIN]


def test_a_new_password_ends_an_open_login(accounts):
    at = _log_in(_app().run(), "Ann", PASSWORD)
    accounts.reset_password("Ann", "another password")
    at.run()
    assert _titles(at) == ["Log in"] and "password was changed" in at.info[0].value


def test_the_login_ends_after_the_idle_time(accounts, monkeypatch):
    monkeypatch.setenv("TRAINER_SESSION_IDLE_MINUTES", "30")
    config.get_settings.cache_clear()
    at = _log_in(_app().run(), "Ann", PASSWORD)
    at.session_state["login"] = {**at.session_state["login"], "seen": time.time() - 29 * 60}
    at.run()
    assert _titles(at) == ["Scenario library"]  # a click within the idle time keeps it
    at.session_state["login"] = {**at.session_state["login"], "seen": time.time() - 31 * 60}
    at.run()
    assert _titles(at) == ["Log in"] and "logged out after 30 minutes without activity" in at.info[0].value


def test_five_wrong_passwords_lock_the_account(accounts):
    at = _app().run()
    for _ in range(LOCK_AFTER):
        _log_in(at, "Ann", "wrong password")
    _log_in(at, "Ann", PASSWORD)
    assert _titles(at) == ["Log in"] and "Too many failed logins" in _errors(at)[0]


def _who() -> None:
    """A page that shows who it acts for, as the pages ask it."""
    import streamlit as st

    from app_pages.shared import actor, trainee_name
    st.text(repr(actor()))
    st.text(repr(trainee_name()))


def test_actor_is_the_typed_name_in_single_user_mode_and_the_login_in_accounts_mode(monkeypatch):
    from trainer.accounts import Actor
    page = AppTest.from_function(_who, default_timeout=60)
    assert [t.value for t in page.run().text] == ["None", "''"]
    page.session_state["trainee"] = " Kim "
    store = services.build_services().store
    assert [t.value for t in page.run().text] == [repr(Actor(store.account("Kim").id, "Kim", "trainee")), "'Kim'"]
    acc = services.build_services().accounts
    acc.add("Ann", "supervisor", PASSWORD)  # accounts mode: a typed name is nobody
    assert [t.value for t in page.run().text] == ["None", "''"]
    at = _log_in(_app().run(), "Ann", PASSWORD)
    page.session_state["login"] = at.session_state["login"]
    assert [t.value for t in page.run().text] == [repr(Actor(store.account("Ann").id, "Ann", "supervisor")), "'Ann'"]
