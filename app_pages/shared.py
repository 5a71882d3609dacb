"""Resources shared by all pages, built once per process (read-only), who is acting (`actor()`), and
small view helpers."""
import hashlib
import re
import time
from urllib.parse import quote, urlsplit

import streamlit as st

from trainer.accounts import Account, Accounts, Actor
from trainer.config import get_settings, is_loopback
from trainer.llm import BackendStatus, status
from trainer.markup import escape
from trainer.practice import Practice
from trainer.scenarios import Library
from trainer.services import Services, build_services
from trainer.store import StoreError

# What the browser's Markdown makes live even when escaped: links from http(s)://, www. and e-mail
# addresses (GitHub-flavoured), and Streamlit's :red[...], :material/...: and :emoji: codes. An
# invisible word joiner after "http:", "www", "@" and a colon before a letter keeps them text.
_LIVE = re.compile(r"(?i)(https?:(?=//)|www(?=\.)|@|:(?=[a-z]))")
_WORD_JOINER = "\u2060"


@st.cache_resource(show_spinner=False)
def services() -> Services:
    """The composition root for this process; each part is built on first use."""
    return build_services(get_settings())


@st.cache_resource(show_spinner="Loading the scenario library…")
def library() -> Library:
    return services().library


@st.cache_resource(show_spinner="Loading the feedback engine and the exemplar index…")
def practice() -> Practice:
    """The practice service: feedback engine, simulated client and store, built once."""
    return services().practice


@st.cache_resource(ttl=60, show_spinner=False)
def backend_status() -> BackendStatus:
    return status(get_settings(), probe=True)


# --- who is acting ------------------------------------------------------------------------------
# Single-user mode (no account can log in): the name typed in the sidebar. Accounts mode: the account
# logged in in this browser session, kept in st.session_state[LOGIN] as {id, name, key, seen} (key: a
# fingerprint of the password hash, so that a new password ends older logins; seen: the last click).
LOGIN = "login"
LOGIN_NOTE = "login_note"  # why the last login ended, shown on the login form


def accounts() -> Accounts:
    return services().accounts


def single_user_mode() -> bool:
    """No account can log in: the app works as on one person's machine (StoreError: database unusable)."""
    return accounts().single_user()


def actor() -> Actor | None:
    """Who this page acts for: the logged-in account, or in single-user mode the person whose name is
    typed in the sidebar; None when nobody is (the page then asks for a login or a name and stops)."""
    if single_user_mode():
        st.session_state.pop(LOGIN, None)
        name = st.session_state.get("trainee", "").strip()
        if not name:
            return None
        store = services().store
        store.user_id(name)
        a = store.account(name)
        return Actor(a.id, a.name, a.role) if a else None
    return _logged_in()


def _key(a: Account) -> str:
    return hashlib.sha256((a.password_hash or "").encode()).hexdigest()[:16]


def _logged_in() -> Actor | None:
    """The account logged in in this browser session, read again from the database (a role change
    applies at once; a disabled account or a new password ends the login), unless idle too long."""
    login = st.session_state.get(LOGIN)
    if not login:
        return None
    now, idle = time.time(), services().settings.session_idle_minutes
    if now - login["seen"] > idle * 60:
        log_out(f"You were logged out after {idle:g} minutes without activity. Log in again to go on.")
        return None
    a = services().store.account(login["name"])
    if a is None or a.id != login["id"] or a.disabled or not a.password_hash or _key(a) != login["key"]:
        log_out("Your login has ended: the account was disabled or its password was changed. "
                "Log in again, or ask an admin.")
        return None
    login["seen"] = now
    return Actor(a.id, a.name, a.role)


def log_in(name: str, password: str) -> Actor:
    """Log in this browser session (trainer.accounts.LoginError when refused); what an earlier login
    left in the session state is cleared."""
    who = accounts().login(name, password)
    a = services().store.account(who.name)
    assert a is not None
    st.session_state.clear()
    st.session_state[LOGIN] = {"id": a.id, "name": a.name, "key": _key(a), "seen": time.time()}
    return who


def log_out(note: str | None = None) -> None:
    """End this browser session's login and forget everything it held (its session, drafts, choices)."""
    st.session_state.clear()
    if note:
        st.session_state[LOGIN_NOTE] = note


def exposed() -> str | None:
    """The address this server listens on when single-user mode must not serve it: beyond this machine
    without TRAINER_LISTEN_ADDRESS having opened it deliberately (e.g. started in accounts mode, then
    the last account was disabled). None when it may."""
    address = st.get_option("server.address")
    if not address or is_loopback(address) or services().settings.listen_address:
        return None
    return str(address)


def trainee_name() -> str:
    """The name sessions are saved under: the logged-in account's, or in single-user mode the name
    typed in the sidebar; "" when nobody is logged in or no name is typed."""
    if single_user_mode():
        return st.session_state.get("trainee", "").strip()
    who = actor()
    return who.name if who else ""


def require_trainee(why: str) -> str:
    """The trainee's name, or a prompt to enter it and the end of this page's run."""
    name = trainee_name()
    if not name:
        st.info(f"Enter your name in the sidebar {why}." if single_user_mode() else "Log in to go on.")
        st.stop()
    return name


def plain(text: str | None) -> str:
    """User, client, model or imported text as Markdown that shows it as typed: no heading, list,
    link, image, HTML, formula, colour or icon (trainer.markup escapes the syntax; `$`, autolinks
    and colon codes are the browser's own). Line breaks stay line breaks. Use it for every such
    piece of text on a page."""
    text = _LIVE.sub(lambda m: m.group(1) + _WORD_JOINER, text or "")
    return escape(text).replace("$", "\\$")


def source_link(url: str | None) -> str:
    """A Markdown link "source post" to an http(s) URL from the data, its target quoted so that it
    cannot end the link; "" for anything else."""
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return ""
    target = quote(url, safe="/:?#=&%+,;~@")  # brackets, parentheses, spaces, <>, quotes, backslash: encoded
    return f"[source post]({target})"


def show_store_error(e: StoreError) -> None:
    """The database could not be used: say so and what to do, instead of a traceback."""
    st.error("**Sessions cannot be saved or loaded: the session database is not usable.**\n\n"
             f"{plain(str(e))}.\n\nFix that, then reload this page. The scenario library still works.",
             icon=":material/error:")
