"""Streamlit router: who is acting (a login, or a name in single-user mode), navigation, the sidebar
(who, backend badge, safety notice). Thin."""
import streamlit as st

from app_pages.shared import actor, backend_status, exposed, log_out, plain, show_store_error, single_user_mode
from trainer.store import StoreError

st.set_page_config(page_title="CultureCare Trainer", page_icon=":material/diversity_3:", layout="wide")

try:
    single: bool | None = single_user_mode()
    me = None if single else actor()
except StoreError:  # no session can be read or written: the library still works, the other pages say why
    single, me = None, None

pages: dict[str, list] = {}
if single is False and me is None:  # accounts mode: nothing but the login form until a login succeeds
    pages[""] = [st.Page("app_pages/login.py", title="Log in", icon=":material/login:", default=True)]
else:
    pages[""] = [st.Page("app_pages/library.py", title="Scenario library", icon=":material/menu_book:", default=True),
                 st.Page("app_pages/practice.py", title="Practice", icon=":material/forum:"),
                 st.Page("app_pages/progress.py", title="My progress", icon=":material/monitoring:")]
if me is not None:  # accounts mode: another role's pages stay registered but hidden (they say "not for your role")
    for section, path, title, icon, roles in [
            ("Supervise", "app_pages/supervise.py", "Cohorts", ":material/groups:", ("supervisor", "admin")),
            ("Supervise", "app_pages/review.py", "Review queue", ":material/rate_review:", ("supervisor", "admin")),
            ("Admin", "app_pages/admin.py", "Accounts", ":material/manage_accounts:", ("admin",))]:
        mine = me.role in roles
        pages.setdefault(section if mine else "", []).append(
            st.Page(path, title=title, icon=icon, visibility="visible" if mine else "hidden"))
nav = st.navigation(pages)

with st.sidebar:
    if me is not None:
        st.markdown(f"Logged in as **{plain(me.name)}** ({me.role})")
        st.button("Log out", on_click=log_out, icon=":material/logout:")
    elif single is not False:
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
    if single:
        st.info("**Single-user mode:** anyone who can open this address sees every session. To require a "
                "login, create the first admin on the server: `python -m trainer users add NAME --role admin`",
                icon=":material/person:")

address = exposed() if single else None
if address:
    st.error(f"**No account can log in, and this app listens on {plain(address)}**, beyond this machine: in "
             "single-user mode anyone who can reach it would see every session, so it shows nothing. Add an "
             "admin (`python -m trainer users add NAME --role admin`), or restart with `make run` (single-user "
             "mode listens on 127.0.0.1), or set TRAINER_LISTEN_ADDRESS to open it deliberately.",
             icon=":material/lock:")
    st.stop()

try:
    nav.run()
except StoreError as e:  # the one place a page meets an unusable database
    show_store_error(e)
