"""Resources shared by all pages, loaded once per process (read-only)."""
import streamlit as st

from trainer.config import get_settings
from trainer.scenarios import Library, load_library


@st.cache_resource(show_spinner="Loading the scenario library…")
def library() -> Library:
    return load_library(get_settings())
