"""Scenario library: filter, read the persona, start practising."""
import streamlit as st

from app_pages.assignments_view import assignments, show_error
from app_pages.shared import actor, library, plain, practice, services
from trainer.accounts import Actor
from trainer.assignments import AssignmentError, AssignmentStatus, due_text
from trainer.store import StoreError


def open_session(session_id: int, scenario_id: str) -> None:
    st.session_state["scenario_id"] = scenario_id
    st.session_state["session_id"] = session_id
    st.switch_page("app_pages/practice.py")


def my_assignments(me: Actor, mine: list[AssignmentStatus]) -> None:
    """Each assignment with its status, due date, attempts and note, and Start / Resume / Open."""
    st.header("My assignments")
    linked = {s.id: s for s in services().store.linked_sessions(me, [a.id for a in mine], user=me.name)}
    for a in mine:
        r = a.assignment
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{plain(a.title)}**")
            left.text(f"Status: {a.status} · due {due_text(r.due)} · {a.attempts_text}"
                      + (f" · counts: {', '.join(r.criteria)}" if r.criteria else ""))
            if r.note:
                left.markdown(f"*Note from {plain(r.created_by)}:* {plain(r.note)}")
            last = linked.get(a.sessions[-1]) if a.sessions else None
            if last is not None and last.submitted_at is None:
                if right.button("Resume", key=f"assignment-resume-{a.id}", type="primary",
                                help="Go on with your attempt (or submit it, once ended)"):
                    open_session(last.id, r.scenario_id)
            elif last is not None and right.button("Open", key=f"assignment-open-{a.id}",
                                                   help="Read the attempt you submitted"):
                open_session(last.id, r.scenario_id)
            if last is None or last.ended_at is not None:
                if right.button("Start" if last is None else "Start again", key=f"assignment-start-{a.id}",
                                type="primary" if last is None else "secondary"):
                    try:
                        sid = assignments().start(me, practice(), a.id)
                    except AssignmentError as e:
                        show_error(e)
                    else:
                        open_session(sid, r.scenario_id)


lib = library()
st.title("Scenario library")
try:  # the library works without a usable database; only the assignments need one
    me = actor()
    mine = assignments().assignments_for(me) if me is not None else []
except StoreError:
    me, mine = None, []
if me is not None and mine:
    my_assignments(me, mine)
    st.divider()
    st.header("Free practice")
st.caption("Practise culturally sensitive support with clients built from real situations. "
           "Pick a client, read who they are, and start.")
cols = st.columns(5)
culture = cols[0].selectbox("Culture", ["All"] + lib.cultures())
difficulty = cols[1].selectbox("Difficulty", ["All", "beginner", "intermediate", "advanced"])
source = cols[2].selectbox("Source", ["All", "authored", "imported"])
risk = cols[3].selectbox("Risk flag", ["All", "with risk", "without"])
tags = sorted({t for s in lib.scenarios.values() for t in s.tags})
tag = cols[4].selectbox("Tag", ["All"] + tags)
rows = lib.filter(culture=None if culture == "All" else culture,
                  difficulty=None if difficulty == "All" else difficulty,
                  source=None if source == "All" else source,
                  risk=None if risk == "All" else risk == "with risk",
                  tag=None if tag == "All" else tag)
st.caption(f"{len(rows)} of {len(lib.scenarios)} scenarios")
for b in lib.broken:
    st.error(f"Broken file, skipped: {plain(b)}")
for s in rows[:60]:
    with st.container(border=True):
        left, right = st.columns([5, 1])
        left.markdown(f"**{plain(s.title)}**")
        left.text(f"{s.culture} · {s.difficulty} · {'authored' if s.authored else 'CultureCare post'}"
                  + (" · risk flag: assess safety" if s.risk_flags else ""))
        left.text(s.persona.one_line())
        if s.learning_objectives:
            left.text("Practise: " + " · ".join(s.learning_objectives[:3]))
        who = s.persona.name or f"{s.culture} post {s.source.split(':')[-1]}"
        if right.button(f"Start with {plain(who)}", key=f"start-{s.id}", help=f"Start a session: {plain(s.title)}"):
            st.session_state["scenario_id"] = s.id
            st.session_state.pop("session_id", None)
            st.switch_page("app_pages/practice.py")
if len(rows) > 60:
    st.caption("Showing the first 60; narrow the filters to see the rest.")
