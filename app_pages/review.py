"""Review queue (supervisor, admin): the submitted sessions of one's cohorts, each opened read-only
(transcript, the feedback on every reply sent, the summary), and "Mark reviewed". No reply box:
nobody writes a trainee's turns (the store refuses anyway)."""
import pandas as pd
import streamlit as st

from app_pages.assignments_view import assignments, require_role, show_error, title, when
from app_pages.shared import library, plain, services
from trainer.assignments import AssignmentError

who = require_role("supervisor", "admin")
svc = assignments()
st.title("Review queue")
queue = svc.review_queue(who)
if not queue:
    st.info("Nothing is waiting for your review.", icon=":material/inbox:")
    st.stop()
labels = {f"#{q.id} · {q.user} · {title(q.scenario_id)} · submitted {when(q.submitted_at)}": q.id for q in queue}
st.caption(f"{len(queue)} submitted session(s), oldest first.")
session_id = labels[st.selectbox("Session", list(labels))]
try:
    rec = services().store.load(who, session_id)  # scoped by who reads: only what they may see
except KeyError:
    st.error(f"Session #{session_id} is no longer yours to read.")
    st.stop()

task = services().store.assignment(who, rec.assignment_id) if rec.assignment_id else None
st.subheader(plain(title(rec.scenario_id)))
st.caption(f"Trainee: {plain(rec.user)} · started {when(rec.started_at)} · submitted {when(rec.submitted_at)}"
           + (f" · assignment #{task.id}" if task else " · free practice"))
if task and task.criteria:
    st.caption(f"Criteria that count: {plain(', '.join(task.criteria))}")

sent = {d.turn_idx: d for d in rec.drafts if d.sent}
for t in rec.turns:
    trainee = t.role == "trainee"
    with st.chat_message("user" if trainee else "assistant",
                         avatar=":material/psychology:" if trainee else ":material/person:"):
        st.markdown(plain(t.text))
        d = sent.get(t.idx) if trainee else None
        if d is not None and d.feedback is not None:
            st.caption(plain(" · ".join(f"{s.name} {s.score}/5" for s in d.feedback.scores)) or "not scored")
        elif trainee:
            st.caption("No feedback was asked for this reply.")

st.header("Session summary")
if rec.summary is None:
    st.caption("The session was submitted before it was ended: no summary.")
else:
    summary = rec.summary
    names = library().criterion_names()
    summary.names = {c: summary.names.get(c) or names.get(c, c) for c in summary.profile}
    rows = summary.rows()
    if rows:
        st.dataframe(pd.DataFrame([{"criterion": r.name, "mean score": r.mean} for r in rows]), hide_index=True)
        st.markdown(f"Strongest: **{plain(', '.join(summary.strongest_names))}** · "
                    f"weakest: **{plain(', '.join(summary.weakest_names))}**")
    st.write(f"Cues and details the client shared: {len(summary.reached)}; still held back: {len(summary.held_back)}.")

if st.button("Mark reviewed", type="primary", icon=":material/done_all:"):
    try:
        svc.mark_reviewed(who, session_id)
    except AssignmentError as e:
        show_error(e)
    else:
        st.toast(f"Session #{session_id} marked reviewed.")
        st.rerun()
