"""Streamlit router: navigation, the sidebar (who, backend badge, safety notice). Thin."""
import streamlit as st

from app_pages.shared import backend_status, plain, show_store_error
from trainer.store import StoreError

st.set_page_config(page_title="CultureCare Trainer", page_icon=":material/diversity_3:", layout="wide")

pages = [st.Page("app_pages/library.py", title="Scenario library", icon=":material/menu_book:", default=True),
         st.Page("app_pages/practice.py", title="Practice", icon=":material/forum:"),
         st.Page("app_pages/progress.py", title="My progress", icon=":material/monitoring:")]
nav = st.navigation(pages)

with st.sidebar:
    st.text_input("Your name", key="trainee", help="Sessions are saved under this name.",
                  placeholder="e.g. Sam", persist_state="session")
    b = backend_status()
    if b.backend == "offline":
        st.caption("Client and feedback: **offline** engines. Nothing leaves this machine.")
    elif b.reachable is False:
        st.caption(f"Chat backend **unreachable** ({plain(b.detail)}); the session goes on with the offline engines.")
    else:
        st.caption(f"Chat backend: **{plain(b.model)}**. {b.privacy_note}")
    st.warning("**For training only — not a crisis service.** If someone is in danger, call your local "
               "emergency number (112 in the EU, 911 in the US, 999 in the UK) or a crisis line such as "
               "988 (US) or 116 123 (Samaritans, UK/IE).", icon=":material/warning:")

try:
    nav.run()
except StoreError as e:  # the one place a page meets an unusable database
    show_store_error(e)
