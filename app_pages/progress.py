"""My progress: sessions over time, per-criterion trends and per-culture coverage, with the numbers."""
import time

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.assignments_view import me
from app_pages.shared import practice

st.title("My progress")
who = me("to see your sessions")
rows, scores = [], []
for r in practice().as_(who).history():
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.started_at))
    rows.append({"session": r.id, "started": when, "scenario": r.title, "culture": r.culture,
                 "turns": r.turns, "ended": r.ended})
    scores += [{"session": f"#{r.id} {when}", "criterion": c.name, "mean score": c.mean} for c in r.profile]
if not rows:
    st.write("No sessions yet. Start one from the scenario library.")
    st.stop()
sessions = pd.DataFrame(rows)
st.subheader("Sessions")
st.dataframe(sessions, hide_index=True)
if scores:
    df = pd.DataFrame(scores)
    st.subheader("Scores over time, per criterion")
    st.altair_chart(alt.Chart(df).mark_line(point=alt.OverlayMarkDef(size=80, filled=True)).encode(
        x=alt.X("session:O", title="session", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean score:Q", scale=alt.Scale(domain=[1, 5]), axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        color="criterion:N", tooltip=["session", "criterion", "mean score"]), width="stretch")
    st.dataframe(df.pivot_table(index="criterion", columns="session", values="mean score"))
else:
    st.caption("Scores appear here once a session has ended with feedback on the replies you sent.")
st.subheader("Cultures practised")
cov = sessions.groupby("culture").agg(sessions=("session", "count"), turns=("turns", "sum")).reset_index()
st.altair_chart(alt.Chart(cov).mark_bar().encode(
    x=alt.X("sessions:Q", axis=alt.Axis(tickMinStep=1, format="d")), y=alt.Y("culture:N", sort="-x")),
                width="stretch")
st.dataframe(cov, hide_index=True)
