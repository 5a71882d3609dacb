"""Scenario library: filter and browse authored and imported scenarios."""
import streamlit as st

from app_pages.shared import library

lib = library()
st.title("Scenario library")
cols = st.columns(4)
culture = cols[0].selectbox("Culture", ["All"] + lib.cultures())
difficulty = cols[1].selectbox("Difficulty", ["All", "beginner", "intermediate", "advanced"])
source = cols[2].selectbox("Source", ["All", "authored", "imported"])
risk = cols[3].selectbox("Risk flag", ["All", "with risk", "without"])
rows = lib.filter(culture=None if culture == "All" else culture,
                  difficulty=None if difficulty == "All" else difficulty,
                  source=None if source == "All" else source,
                  risk=None if risk == "All" else risk == "with risk")
st.caption(f"{len(rows)} of {len(lib.scenarios)} scenarios")
for b in lib.broken:
    st.error(f"Broken file, skipped: {b}")
for s in rows[:100]:
    with st.container(border=True):
        st.markdown(f"**{s.title}**", help=s.id)
        st.text(f"{s.culture} · {s.difficulty} · {'authored' if s.authored else 'CultureCare'}"
                + (" · risk flag" if s.risk_flags else ""))
        st.text(s.persona.one_line())
        if s.learning_objectives:
            st.text("Objectives: " + "; ".join(s.learning_objectives))
if len(rows) > 100:
    st.caption("Showing the first 100; narrow the filters to see the rest.")
