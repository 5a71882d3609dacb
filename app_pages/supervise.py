"""Cohorts (supervisor, admin): create a cohort, add and remove trainees, assign scenarios to the
cohort or one trainee. trainer.assignments checks every step; this page reads widgets and shows
what it says."""
import pandas as pd
import streamlit as st

from app_pages.assignments_view import assignments, require_role, show_error, title
from app_pages.shared import accounts, library, plain
from trainer.assignments import AssignmentError, due_text

who = require_role("supervisor", "admin")
svc = assignments()
lib = library()
st.title("Cohorts")

with st.expander("New cohort", expanded=False), st.form("new-cohort", clear_on_submit=True):
    name = st.text_input("Cohort name", max_chars=120)
    if who.role == "admin":
        staff = [a.name for a in accounts().store.accounts()
                 if a.role in ("supervisor", "admin") and a.password_hash and not a.disabled]
        supervisor = st.selectbox("Supervisor", staff, index=staff.index(who.name) if who.name in staff else 0)
    else:
        supervisor = who.name
        st.caption(f"You supervise it: {plain(who.name)}.")
    if st.form_submit_button("Create cohort", type="primary"):
        try:
            svc.create_cohort(who, name, supervisor or "")
        except AssignmentError as e:
            show_error(e)
        else:
            st.session_state["cohort"] = " ".join(name.split())
            st.toast(f"Cohort {' '.join(name.split())} created.")

cohorts = {c.name: c for c in svc.cohorts(who)}
if not cohorts:
    st.info("No cohorts of yours yet: create one above.", icon=":material/groups:")
    st.stop()
if st.session_state.get("cohort") not in cohorts:
    st.session_state["cohort"] = next(iter(cohorts))
picked = st.selectbox("Cohort", list(cohorts), key="cohort")
c = cohorts[picked]
st.caption(f"Supervisor: {plain(c.supervisor)} · {len(c.members)} trainee(s) · {c.assignments} assignment(s)")

st.subheader("Trainees")
st.markdown(", ".join(plain(m) for m in c.members) if c.members else "No trainees yet.")
left, right = st.columns(2)
with left.form("add-members", clear_on_submit=True):
    typed = st.text_input("Add trainees by name", placeholder="e.g. Ann, Ben", help="Separate names with commas.")
    if st.form_submit_button("Add"):
        try:
            added, already = svc.add_members(who, c.name, [n for n in typed.split(",") if n.strip()])
        except AssignmentError as e:
            show_error(e)
        else:
            st.toast(f"Added: {', '.join(added) or 'nobody'}" + (f"; already in: {', '.join(already)}" if already else ""))
            st.rerun()
with right.form("remove-members"):
    gone = st.multiselect("Remove trainees", list(c.members),
                          help="Their sessions stay theirs; you no longer see them.")
    if st.form_submit_button("Remove") and gone:
        try:
            svc.remove_members(who, c.name, gone)
        except AssignmentError as e:
            show_error(e)
        else:
            st.rerun()

st.subheader("Assign scenarios")
with st.form("assign", clear_on_submit=True):
    scenario_ids = st.multiselect("Scenarios", sorted(lib.scenarios, key=title), format_func=title)
    target = st.selectbox("To", ["the whole cohort"] + list(c.members))
    a, b = st.columns(2)
    due = a.date_input("Due (end of that day)", value=None)
    attempts = b.number_input("Attempts allowed (0: no limit)", min_value=0, max_value=99, value=0, step=1)
    names = lib.criterion_names()
    criteria = st.multiselect("Criteria that count (none chosen: all)", list(names), format_func=lambda x: names[x])
    note = st.text_area("Note to the trainee", max_chars=2000)
    if st.form_submit_button("Assign", type="primary"):
        try:
            made = svc.assign(who, c.name, scenario_ids, due=due.isoformat() if due else None,
                              attempts=int(attempts) or None, criteria=criteria or None, note=note,
                              trainee=None if target == "the whole cohort" else target)
        except AssignmentError as e:
            show_error(e)
        else:
            st.toast(f"Assigned {len(made)} scenario(s).")
            st.rerun()

rows = svc.assignments_of(who, c.name)
st.subheader(f"Assigned in {plain(c.name)}")
if rows:
    st.dataframe(pd.DataFrame([{"scenario": title(r.scenario_id), "to": r.trainee or "whole cohort",
                                "due": due_text(r.due), "attempts": r.attempts or "no limit",
                                "criteria": ", ".join(r.criteria) if r.criteria else "all",
                                "note": r.note or "", "by": r.created_by} for r in rows]), hide_index=True)
else:
    st.caption("Nothing assigned yet.")
