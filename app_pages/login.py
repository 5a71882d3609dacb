"""Log in (accounts mode): the only page shown until a login succeeds."""
import streamlit as st

from app_pages.shared import LOGIN_NOTE, log_in, plain
from trainer.accounts import LoginError

st.title("Log in")
note = st.session_state.pop(LOGIN_NOTE, None)
if note:
    st.info(note, icon=":material/logout:")
with st.form("login-form", clear_on_submit=True):
    name = st.text_input("User name", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Log in", type="primary")
if submitted:
    try:
        log_in(name, password)
    except LoginError as e:
        st.error(plain(str(e)), icon=":material/lock:")
    else:
        st.rerun()
st.caption("Forgotten your password? An admin can set a new one: `python -m trainer users reset-password NAME`.")
