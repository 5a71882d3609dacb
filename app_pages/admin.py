"""Accounts (admin): list users, create one with a role and an initial password, set a role, disable
or enable. trainer.accounts checks every step; a password is never shown back."""
import pandas as pd
import streamlit as st

from app_pages.assignments_view import require_role, show_error, when
from app_pages.shared import accounts, plain
from trainer.accounts import ROLES, AccountError

who = require_role("admin")
acc = accounts()
st.title("Accounts")
done = st.session_state.pop("admin-done", None)
if done:
    st.success(plain(done), icon=":material/check:")

users = [a for a in acc.store.accounts() if a.password_hash]  # names without a password: single-user leftovers
st.dataframe(pd.DataFrame([{"name": a.name, "role": a.role, "status": "disabled" if a.disabled else "active",
                            "created": when(a.created_at)} for a in users]), hide_index=True)

st.subheader("New user")
with st.form("new-user", clear_on_submit=True):  # cleared: no password stays in a widget
    a, b = st.columns(2)
    name = a.text_input("User name", max_chars=120)
    role = b.selectbox("Role", ROLES)
    password = a.text_input("Initial password", type="password", autocomplete="new-password", key="new-password")
    again = b.text_input("Password again", type="password", autocomplete="new-password", key="new-password-again")
    if st.form_submit_button("Create user", type="primary"):
        for key in ("new-password", "new-password-again"):  # gone from this session's state, whatever the outcome
            st.session_state.pop(key, None)
        if password != again:
            st.error("The two passwords differ; nothing was created.")
        else:
            try:
                made = acc.add(name, role, password)
            except AccountError as e:
                show_error(e)
            else:
                st.session_state["admin-done"] = (f"Created {made.name} ({made.role}). "
                                                  "Give them the password by a channel of its own.")
                st.rerun()

others = [a.name for a in users if a.name != who.name]  # not yourself: an admin does not lock themself out here
if not others:
    st.stop()
st.subheader("Change a user")
with st.form("change-user"):
    a, b = st.columns(2)
    target = a.selectbox("User", others)
    new_role = b.selectbox("New role", ROLES)
    c1, c2, c3 = st.columns(3)
    set_role, disable, enable = (c1.form_submit_button("Set role"), c2.form_submit_button("Disable"),
                                 c3.form_submit_button("Enable"))
if set_role or disable or enable:
    try:
        if set_role:
            acc.set_role(target, new_role)
        elif disable:
            acc.disable(target)
        else:
            acc.enable(target)
    except AccountError as e:
        show_error(e)
    else:
        st.session_state["admin-done"] = (f"{target}: role {new_role}." if set_role else
                                          f"{target}: {'disabled' if disable else 'enabled'}.")
        st.rerun()
