"""Resources shared by all pages, built once per process (read-only), and small view helpers."""
import streamlit as st

from trainer.config import get_settings
from trainer.llm import BackendStatus, status
from trainer.practice import Practice
from trainer.scenarios import Library
from trainer.services import Services, build_services


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
