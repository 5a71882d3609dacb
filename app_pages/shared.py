"""Resources shared by all pages, built once per process (read-only), and small view helpers."""
import re
from urllib.parse import quote, urlsplit

import streamlit as st

from trainer.config import get_settings
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


def trainee_name() -> str:
    return st.session_state.get("trainee", "").strip()


def require_trainee(why: str) -> str:
    """The trainee's name, or a prompt to enter it and the end of this page's run."""
    name = trainee_name()
    if not name:
        st.info(f"Enter your name in the sidebar {why}.")
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
