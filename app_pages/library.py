"""Scenario library: filter, read the persona, start practising."""
import streamlit as st

from app_pages.shared import library, plain

lib = library()
st.title("Scenario library")
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
