"""Streamlit router: navigation, shared cached resources, sidebar notices. Thin."""
import streamlit as st

from trainer.config import get_settings

st.set_page_config(page_title="CultureCare Trainer", page_icon="🌍", layout="wide")

with st.sidebar:
    st.caption(f"Chat backend: **{get_settings().backend}**")
    st.warning(
        "**For training only — not a crisis service.** If you or someone you are with is in "
        "danger, call your local emergency number (112 in the EU, 911 in the US, 999 in the UK) "
        "or a crisis line such as 988 (US) or 116 123 (Samaritans, UK/IE).", icon="⚠️")

nav = st.navigation([st.Page("app_pages/library.py", title="Scenario library", icon="📚", default=True)])
nav.run()
