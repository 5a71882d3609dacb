"""Accounts and roles: the core (trainer.accounts over the store, on SQLite and PostgreSQL, with a fake
clock) and the command line (`python -m trainer users ...`, `serve-address`). argon2 runs with a cheap
cost here (`fast_hasher`); production keeps the library's default."""
import io
import logging
import sys
import threading

import pytest
from argon2 import PasswordHasher
from helpers import ROOT

from trainer import services
from trainer.accounts import BAD_LOGIN, LOCK_AFTER, ROLES, AccountError, Accounts, Actor, LoginError
from trainer.cli import main
from trainer.config import is_loopback, serve_address
from trainer.store import Store

PASSWORD = "correct horse battery"
CHEAP = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
PRODUCTION_HASHER = services.password_hasher  # before fast_hasher replaces it


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """argon2 at its lowest cost (~0.1 ms a hash instead of ~0.2 s) for every account this test makes."""
    monkeypatch.setattr(services, "password_hasher", lambda: PasswordHasher(**CHEAP))


class Clock:
    def __init__(self, t: float = 1_800_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, minutes: float) -> None:
        self.t += minutes * 60


@pytest.fixture
def store(db_url) -> Store:
    return Store(db_url)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store, clock) -> Accounts:
    return Accounts(store, PasswordHasher(**CHEAP), clock=clock)


@pytest.fixture
def cli_db(db_url, monkeypatch) -> str:
    """The CLI's database: this test's SQLite file or PostgreSQL database."""
    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    return db_url


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))


def users(monkeypatch, capsys, *args: str, password: str | None = None) -> tuple[int, str, str]:
    """`python -m trainer users ARGS` (the password on standard input); exit status, stdout, stderr."""
    if password is not None:
        _stdin(monkeypatch, password + "\n")
        args += ("--password-stdin",)
    code = main(["users", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the core ---------------------------------------------------------------------------------------

def test_login_gives_the_actor_and_one_message_for_unknown_user_and_wrong_password(accounts):
    a = accounts.add("  Ann  Lee ", "supervisor", PASSWORD)
    assert accounts.login("Ann Lee", PASSWORD) == Actor(a.id, "Ann Lee", "supervisor")
    with pytest.raises(LoginError) as wrong:
        accounts.login("Ann Lee", PASSWORD + "!")
    with pytest.raises(LoginError) as unknown:
        accounts.login("Nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == BAD_LOGIN
    assert not accounts.single_user()


def test_five_failures_in_fifteen_minutes_lock_for_fifteen_minutes(accounts, clock):
    accounts.add("ann", "trainee", PASSWORD)
    for _ in range(LOCK_AFTER):
        clock.advance(0.1)
        with pytest.raises(LoginError, match="Unknown user or wrong password"):
            accounts.login("ann", "wrong password")
    clock.advance(0.5)
    with pytest.raises(LoginError, match="locked for 15 more minute"):  # the right password too
        accounts.login("ann", PASSWORD)
    clock.advance(14)
    with pytest.raises(LoginError, match="locked for 1 more minute"):
        accounts.login("ann", PASSWORD)
    clock.advance(0.51)
    assert accounts.login("ann", PASSWORD).name == "ann"


def test_the_lock_lasts_fifteen_minutes_after_the_fifth_failure(accounts, clock):
    accounts.add("ann", "trainee", PASSWORD)
    for _ in range(LOCK_AFTER):
        clock.advance(2)  # five failures within 8 minutes
        with pytest.raises(LoginError, match="wrong password"):
            accounts.login("ann", "wrong password")
    clock.advance(14.5)
    with pytest.raises(LoginError, match="locked for 1 more minute"):
        accounts.login("ann", PASSWORD)


def test_failures_spread_beyond_fifteen_minutes_do_not_lock(accounts, clock):
    accounts.add("ann", "trainee", PASSWORD)
    for _ in range(LOCK_AFTER + 2):
        clock.advance(4)  # never five within fifteen minutes
        with pytest.raises(LoginError, match="wrong password"):
            accounts.login("ann", "wrong password")
    assert accounts.login("ann", PASSWORD).name == "ann"


def test_a_success_resets_the_count(accounts, clock):
    accounts.add("ann", "trainee", PASSWORD)
    for round_ in range(2):  # 8 failures in all, never 5 without a success between
        for _ in range(LOCK_AFTER - 1):
            clock.advance(0.1)
            with pytest.raises(LoginError, match="wrong password"):
                accounts.login("ann", "wrong password")
        clock.advance(0.1)
        assert accounts.login("ann", PASSWORD).name == "ann", round_
    for _ in range(LOCK_AFTER):
        clock.advance(0.1)
        with pytest.raises(LoginError, match="wrong password"):
            accounts.login("ann", "wrong password")
    with pytest.raises(LoginError, match="locked"):
        accounts.login("ann", PASSWORD)


def test_an_unknown_name_locks_like_a_known_one(accounts):
    """Lockout says nothing about whether a name exists."""
    for _ in range(LOCK_AFTER):
        with pytest.raises(LoginError, match="wrong password"):
            accounts.login("nobody", "wrong password")
    with pytest.raises(LoginError, match="locked"):
        accounts.login("nobody", "wrong password")


def test_a_disabled_account_cannot_log_in_and_single_user_mode_returns(accounts):
    accounts.add("ann", "admin", PASSWORD)
    accounts.disable("ann")
    with pytest.raises(LoginError) as e:
        accounts.login("ann", PASSWORD)
    assert str(e.value) == BAD_LOGIN
    assert accounts.single_user()
    accounts.enable("ann")
    assert accounts.login("ann", PASSWORD).name == "ann" and not accounts.single_user()


def test_two_logins_at_once(accounts, clock):
    accounts.add("ann", "trainee", PASSWORD)
    accounts.add("bob", "trainee", PASSWORD)
    barrier, got, errors = threading.Barrier(4), [], []

    def login(name: str, password: str) -> None:
        barrier.wait()
        try:
            got.append(accounts.login(name, password).name)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=login, args=a) for a in
               [("ann", PASSWORD), ("ann", PASSWORD), ("bob", PASSWORD), ("bob", "wrong password")]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(got) == ["ann", "ann", "bob"]
    assert [str(e) for e in errors] == [BAD_LOGIN]


def test_two_adds_of_one_name_at_once_make_one_account(accounts):
    barrier, done, refused = threading.Barrier(2), [], []

    def add(password: str) -> None:
        barrier.wait()
        try:
            done.append((accounts.add("cem", "trainee", password), password))
        except AccountError as e:
            refused.append(str(e))

    threads = [threading.Thread(target=add, args=(p,)) for p in (PASSWORD, PASSWORD + "-other")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(done) == 1 and len(refused) == 1 and "exists" in refused[0]
    assert accounts.login("cem", done[0][1]).name == "cem"  # the one reported added is the one that works


def test_guesses_sent_in_parallel_get_five_tries_not_more(store, clock):
    accounts = Accounts(store, PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1), clock=clock)  # ~5 ms
    accounts.add("ann", "trainee", PASSWORD)
    barrier, answers = threading.Barrier(12), []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            accounts.login("ann", f"wrong password {i}")
        except LoginError as e:
            answers.append("locked" if "locked" in str(e) else "wrong")

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert answers.count("wrong") == LOCK_AFTER and answers.count("locked") == 12 - LOCK_AFTER, answers
    with pytest.raises(LoginError, match="locked for 15 more minute"):  # the right password waits too
        accounts.login("ann", PASSWORD)


def test_login_attempts_are_kept_only_as_long_as_the_lock_needs_them(accounts, store, clock):
    accounts.add("ann", "trainee", PASSWORD)
    with pytest.raises(LoginError):
        accounts.login("my secret password", "oops")  # typed into the name field
    clock.advance(31)
    with pytest.raises(LoginError):
        accounts.login("ann", "wrong password")
    from trainer.store import login_attempts
    with store.engine.connect() as c:
        assert [r.name for r in c.execute(login_attempts.select())] == ["ann"]


def test_failures_from_two_threads_at_once_count_together(accounts):
    accounts.add("ann", "trainee", PASSWORD)
    barrier = threading.Barrier(2)

    def fail() -> None:
        barrier.wait()
        for _ in range(3):
            with pytest.raises(LoginError):
                accounts.login("ann", "wrong password")

    threads = [threading.Thread(target=fail) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with pytest.raises(LoginError, match="locked"):
        accounts.login("ann", PASSWORD)


def test_production_hashes_at_argon2s_default_cost():
    h = PRODUCTION_HASHER()
    default = PasswordHasher()
    assert (h.time_cost, h.memory_cost, h.parallelism) == (default.time_cost, default.memory_cost, default.parallelism)
    assert h.memory_cost >= 65536


# --- the command line -------------------------------------------------------------------------------

def test_users_add_list_set_role_reset_password_disable(cli_db, monkeypatch, capsys):
    code, out, err = users(monkeypatch, capsys, "add", "Ann", "--role", "admin", password=PASSWORD)
    assert (code, err) == (0, "") and out.startswith("added Ann (admin)\n") and "accounts mode" in out
    assert users(monkeypatch, capsys, "add", "Bob", "--role", "trainee", password="bob's password")[0] == 0
    code, out, _ = users(monkeypatch, capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["name", "role", "disabled", "sessions", "login"]
    assert lines[1].split() == ["Ann", "admin", "no", "0", "yes"] and lines[2].split() == ["Bob", "trainee", "no", "0", "yes"]
    assert lines[-1] == "2 account(s) can log in: accounts mode"
    code, out, _ = users(monkeypatch, capsys, "set-role", "Bob", "supervisor")
    assert code == 0 and out.startswith("Bob: role supervisor (was trainee)")
    code, out, _ = users(monkeypatch, capsys, "reset-password", "Bob", password="a new password")
    assert code == 0 and out.startswith("password of Bob changed")
    acc = services.build_services().accounts
    assert acc.login("Bob", "a new password") == Actor(acc.store.account("Bob").id, "Bob", "supervisor")
    with pytest.raises(LoginError):
        acc.login("Bob", "bob's password")
    code, out, err = users(monkeypatch, capsys, "disable", "Bob")
    assert code == 0 and out.startswith("disabled Bob") and err == ""
    with pytest.raises(LoginError):
        acc.login("Bob", "a new password")
    import json
    assert users(monkeypatch, capsys, "list", "--json")[1].strip() == json.dumps([
        {"name": "Ann", "role": "admin", "disabled": False, "login": True, "sessions": 0},
        {"name": "Bob", "role": "supervisor", "disabled": True, "login": True, "sessions": 0}])
    code, _, err = users(monkeypatch, capsys, "disable", "Ann")  # the last one who could log in
    assert code == 0 and "back in single-user mode" in err


def _refused(code: int, out: str, err: str, needle: str) -> None:
    assert code == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, (code, out, err)
    assert needle in err, err


def test_refusals_exit_2_with_one_line(cli_db, monkeypatch, capsys):
    code, out, err = users(monkeypatch, capsys, "add", "Ann", "--role", "boss", password=PASSWORD)
    _refused(code, out, err, "unknown role 'boss'; the roles are: trainee, supervisor, admin")
    assert all(r in err for r in ROLES)
    assert users(monkeypatch, capsys, "add", "Ann", "--role", "admin", password=PASSWORD)[0] == 0
    _refused(*users(monkeypatch, capsys, "add", "Ann", "--role", "trainee", password=PASSWORD), "user 'Ann' exists")
    _refused(*users(monkeypatch, capsys, "add", "Bob", "--role", "trainee", password="short"), "at least 8 characters")
    _refused(*users(monkeypatch, capsys, "add", "  ", "--role", "trainee", password=PASSWORD), "1 to 120 characters")
    _refused(*users(monkeypatch, capsys, "set-role", "Ann", "root"), "the roles are: trainee, supervisor, admin")
    for args in (("set-role", "Zed", "admin"), ("disable", "Zed")):
        _refused(*users(monkeypatch, capsys, *args), "no user 'Zed'; `users list` shows who exists")
    _refused(*users(monkeypatch, capsys, "reset-password", "Zed", password=PASSWORD), "no user 'Zed'")
    _stdin(monkeypatch, PASSWORD + "\n")  # not a terminal, and no --password-stdin: never echo it
    _refused(*users(monkeypatch, capsys, "add", "Bob", "--role", "trainee"), "give --password-stdin")
    _stdin(monkeypatch, "")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    _refused(*users(monkeypatch, capsys, "add", "Bob", "--role", "trainee"), "the two passwords differ")
    assert [a.name for a in services.build_services().store.accounts()] == ["Ann"]  # nothing of Bob was kept


def test_the_password_is_asked_twice_without_echo(cli_db, monkeypatch, capsys):
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASSWORD

    _stdin(monkeypatch, "")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", getpass)
    code, out, _ = users(monkeypatch, capsys, "add", "Ann", "--role", "trainee")
    assert code == 0 and prompts == ["New password for Ann: ", "The same password again: "]
    assert services.build_services().accounts.login("Ann", PASSWORD).name == "Ann"


def test_a_password_never_appears_in_output_or_logs(cli_db, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "Tr0ub4dor&3-never-shown"
    seen = []
    seen += users(monkeypatch, capsys, "add", "Ann", "--role", "admin", password=secret)[1:]
    seen += users(monkeypatch, capsys, "add", "Bob", "--role", "root", password=secret)[1:]
    seen += users(monkeypatch, capsys, "reset-password", "Ann", password=secret + "2")[1:]
    seen += users(monkeypatch, capsys, "add", "Ann", "--role", "admin", password=secret)[1:]
    seen += users(monkeypatch, capsys, "list")[1:] + users(monkeypatch, capsys, "list", "--json")[1:]
    with pytest.raises(LoginError):
        services.build_services().accounts.login("Ann", secret)
    shown = "\n".join(seen + [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records])
    assert "Ann" in shown and secret not in shown and "argon2" not in shown  # not even its hash


def test_a_single_user_name_and_its_sessions_become_the_account(cli_db, monkeypatch, capsys):
    store = Store(cli_db)
    uid = store.user_id("Kim")
    for scenario in ("de-pflege-mutter-ostsee", "jw-kaddish-widower-montreal"):
        store.start_session(Actor(uid, "Kim", "trainee"), scenario, "German", "offline", 0, "Hello.", {"trust": 0.3})
    code, out, _ = users(monkeypatch, capsys, "add", "Kim", "--role", "trainee", password=PASSWORD)
    assert code == 0 and "attached 2 earlier session(s) of Kim" in out
    assert store.account("Kim").id == uid
    assert users(monkeypatch, capsys, "list")[1].splitlines()[1].split() == ["Kim", "trainee", "no", "2", "yes"]
    code, out, _ = users(monkeypatch, capsys, "add", "Lee", "--role", "trainee", password=PASSWORD)
    assert code == 0 and "attached" not in out


# --- where the app listens ----------------------------------------------------------------------------

@pytest.mark.parametrize("configured, single, address", [
    (None, True, "127.0.0.1"), (None, False, "0.0.0.0"), ("", True, "127.0.0.1"),
    ("0.0.0.0", True, "0.0.0.0"), ("127.0.0.1", False, "127.0.0.1"), (" 10.0.0.5 ", False, "10.0.0.5")])
def test_serve_address_decision(configured, single, address):
    assert serve_address(configured, single) == address


def test_loopback_addresses():
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.5", "example.org", None]))


def test_serve_address_command(monkeypatch, capsys):
    assert main(["serve-address"]) == 0
    out = capsys.readouterr()
    assert out.out == "127.0.0.1\n" and "single-user mode" in out.err
    monkeypatch.setenv("TRAINER_LISTEN_ADDRESS", "0.0.0.0")
    assert main(["serve-address"]) == 0
    out = capsys.readouterr()
    assert out.out == "0.0.0.0\n" and out.err.startswith("warning: single-user mode on 0.0.0.0")
    monkeypatch.delenv("TRAINER_LISTEN_ADDRESS")
    assert users(monkeypatch, capsys, "add", "Ann", "--role", "admin", password=PASSWORD)[0] == 0
    assert main(["serve-address"]) == 0
    out = capsys.readouterr()
    assert out.out == "0.0.0.0\n" and "accounts mode" in out.err


def test_make_run_listens_where_serve_address_says_and_keeps_xsrf_protection():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "-m trainer serve-address" in run and "--server.address \"$$addr\"" in run
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "enableXsrfProtection" not in makefile + config and "enableCORS" not in makefile + config


def test_accounts_are_refused_before_a_password_is_asked(cli_db, monkeypatch, capsys):
    """A refusal that does not depend on the password comes before the prompt (nothing to retype)."""
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked for a password"))
    _stdin(monkeypatch, "")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    _refused(*users(monkeypatch, capsys, "add", "Ann", "--role", "boss"), "unknown role")
    _refused(*users(monkeypatch, capsys, "reset-password", "Ann"), "no user 'Ann'")
