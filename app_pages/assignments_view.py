"""View helpers for the pages of cohorts, assignments and review: who acts, the role a page is for,
and the assignments service over this process's store and library. No page of its own."""
import time

import streamlit as st

from app_pages.shared import actor, library, plain, require_trainee, services
from trainer.accounts import Actor
from trainer.assignments import Assignments

STAFF = ("supervisor", "admin")


def assignments() -> Assignments:
    """The cohorts-and-assignments service (cheap: the store and library are built once per process)."""
    return Assignments(services().store, library())


def me(why: str) -> Actor:
    """Who this page acts for; without a login (or a typed name) a prompt and the end of the run."""
    who = actor()
    if who is None:
        require_trainee(why)  # stops with the prompt
        st.stop()
    assert who is not None
    return who


def require_role(*roles: str) -> Actor:
    """The acting person if their role is one of `roles`; otherwise "not for your role" and the end of
    this page's run. Only a convenience: the core refuses anyway."""
    who = me("to go on")
    if who.role not in roles:
        st.error(f"This page is not for your role ({who.role}): it is for {' or '.join(roles)}s.",
                 icon=":material/block:")
        st.stop()
    return who


def when(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else "-"


def title(scenario_id: str) -> str:
    s = library().scenarios.get(scenario_id)
    return s.title if s else scenario_id


def show_error(e: Exception) -> None:
    st.error(plain(str(e)), icon=":material/error:")
