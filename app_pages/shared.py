"""Resources shared by all pages, built once per process (read-only), and small view helpers."""
import streamlit as st

from trainer.config import get_settings
from trainer.scenarios import Library, load_library


@st.cache_resource(show_spinner="Loading the scenario library…")
def library() -> Library:
    return load_library(get_settings())


@st.cache_resource(show_spinner="Loading the feedback engine and the exemplar index…")
def practice():
    """The practice service: feedback engine, simulated client and store, built once."""
    from trainer.cli_feedback import open_index
    from trainer.cli_play import build_client
    from trainer.embeddings import get_embedder
    from trainer.feedback.engine import FeedbackEngine
    from trainer.llm import build_chat
    from trainer.practice import Practice
    from trainer.store import Store
    s = get_settings()
    lib = library()
    idx, _ = open_index(s, lib, quiet=True)
    engine = FeedbackEngine(lib, get_embedder(s.embedding_model), idx, build_chat(s), s.data_dir / "cache")
    return Practice(lib, engine, build_client(s, lib, engine.analyser), Store(s.db_url))


@st.cache_resource(ttl=60, show_spinner=False)
def backend_status():
    from trainer.llm import status
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
