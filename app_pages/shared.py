"""Resources shared by all pages, built once per process (read-only), and small view helpers."""
import re

import streamlit as st

from trainer.config import get_settings
from trainer.llm import BackendStatus, status
from trainer.practice import Practice
from trainer.scenarios import Library
from trainer.services import Services, build_services
from trainer.store import StoreError

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


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


def trainee_name() -> str:
    return st.session_state.get("trainee", "").strip()


def require_trainee(why: str) -> str:
    """The trainee's name, or a prompt to enter it and the end of this page's run."""
    name = trainee_name()
    if not name:
        st.info(f"Enter your name in the sidebar {why}.")
        st.stop()
    return name


def plain(text: str) -> str:
    """Show user or model text as text, never as Markdown or HTML."""
    return _MD.sub(r"\\\1", text or "").replace("\n", "  \n")


def show_store_error(e: StoreError) -> None:
    """The database could not be used: say so and what to do, instead of a traceback."""
    st.error("**Sessions cannot be saved or loaded: the session database is not usable.**\n\n"
             f"{plain(str(e))}.\n\nFix that, then reload this page. The scenario library still works.",
             icon=":material/error:")
