"""Practice: talk with the client, get feedback on each draft before sending, end with a summary."""
import time

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.assignments_view import me as acting
from app_pages.shared import library, plain, practice, services, source_link
from trainer.assignments import due_text
from trainer.export import session_markdown, session_pdf
from trainer.practice import DraftError
from trainer.records import CriterionMean, SessionSummary


def profile_chart(rows: list[CriterionMean]) -> alt.LayerChart:
    """Horizontal bars from 1 to the mean score, the criterion's name left of each bar, the
    score at its end."""
    df = pd.DataFrame({"criterion": [r.name for r in rows], "mean score": [r.mean for r in rows]})
    y = alt.Y("criterion:N", sort="-x", title=None,
              axis=alt.Axis(labelLimit=320, labelFontSize=13, labelPadding=8, labelColor="#31333f"))
    x = alt.X("mean score:Q", scale=alt.Scale(domain=[1, 5]), axis=alt.Axis(values=[1, 2, 3, 4, 5]))
    base = alt.Chart(df).encode(y=y, tooltip=["criterion", "mean score"])
    bars = base.mark_bar(height=22).encode(x=x, x2=alt.datum(1))  # from 1: never under the labels
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x=x, text=alt.Text("mean score:Q", format=".2f"))
    return (bars + text).properties(height=34 * len(rows) + 20)


lib = library()
st.title("Practice")
me = acting(": your sessions are saved under it")
name = me.name
svc = practice().as_(me)  # every session read and write is scoped by who acts

if "session_id" not in st.session_state:
    sid = st.session_state.get("scenario_id")
    mine = [r for r in svc.history() if not r.ended]
    if mine:
        labels = {f"#{r.id} · {r.title} · {r.turns} turns": r.id for r in mine}
        pick = st.selectbox("Resume an unfinished session", ["—"] + list(labels))
        if pick != "—" and st.button("Resume"):
            st.session_state["session_id"] = labels[pick]
            st.rerun()
    if not sid:
        st.write("Choose a client in the **Scenario library** to begin.")
        st.page_link("app_pages/library.py", label="Open the scenario library", icon=":material/menu_book:")
        st.stop()
    s = lib.get(sid)
    st.subheader(plain(s.title))
    st.text(s.persona.one_line())
    st.markdown(plain(s.presenting_concern))
    if s.learning_objectives:
        st.markdown("**Practise:** " + " · ".join(plain(o) for o in s.learning_objectives))
    if st.button("Begin session", type="primary"):
        st.session_state["session_id"] = svc.start(s.id)
        st.rerun()
    st.stop()

session_id = st.session_state["session_id"]
try:
    rec = svc.record(session_id)
except KeyError:  # not this person's (or gone): say nothing more about it
    st.session_state.pop("session_id", None)
    st.error(f"There is no session #{session_id} for {plain(name)}. Choose one from the list.")
    st.stop()
s = lib.get(rec.scenario_id)
st.subheader(plain(s.title))
task = services().store.assignment(me, rec.assignment_id) if rec.assignment_id else None
if task is not None:
    st.caption(f"Assigned by {plain(task.created_by)} · due {due_text(task.due)}"
               + (f" · counts: {plain(', '.join(task.criteria))}" if task.criteria else ""))
    if task.note:
        st.markdown(f"*Note:* {plain(task.note)}")
with st.expander("Who this client is", expanded=False):
    p = s.persona
    for label, value in [("Person", p.one_line()), ("Family", p.family), ("Work", p.work),
                         ("Migration", p.migration), ("Religion", p.religion),
                         ("Languages", ", ".join(p.languages))]:
        if value:
            st.markdown(f"**{label}:** {plain(value)}")
    if s.risk_flags:
        st.caption("This client may be at risk. Listen for cues and ask about safety directly.")

for t in rec.turns:
    with st.chat_message("user" if t.role == "trainee" else "assistant",
                         avatar=":material/psychology:" if t.role == "trainee" else ":material/person:"):
        st.markdown(plain(t.text))
        if t.note:
            st.caption(plain(t.note))

frozen = bool(rec.submitted_at)
if frozen:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(rec.submitted_at))
    st.info(f"Submitted for review on {when}" + (" and reviewed" if rec.reviewed_at else "")
            + ": this session is frozen - no more drafts or replies.", icon=":material/lock:")
    if not rec.ended_at:
        st.stop()

if rec.ended_at or frozen:
    summary = rec.summary or SessionSummary()
    st.header("Session summary")
    rows = summary.rows()
    if rows:
        st.altair_chart(profile_chart(rows), width="stretch")
        st.dataframe(pd.DataFrame([{"criterion": r.name, "mean score": r.mean} for r in rows]), hide_index=True)
        st.write(f"Strongest: **{plain(', '.join(summary.strongest_names))}** · "
                 f"weakest: **{plain(', '.join(summary.weakest_names))}**")
    st.write(f"Cues and details the client shared: {len(summary.reached)}; "
             f"still held back: {len(summary.held_back)}.")
    for r in summary.reached:
        st.markdown(f"- *{r.kind}*: {plain(r.says)}")
    nxt = summary.next
    if nxt:
        st.info(f"Next: **{plain(nxt.title)}** — {plain(nxt.why)}")
        if st.button("Start the recommended scenario"):
            st.session_state["scenario_id"] = nxt.scenario_id
            st.session_state.pop("session_id", None)
            st.rerun()
    c1, c2 = st.columns(2)
    c1.download_button("Export Markdown", session_markdown(rec, s.title), f"session-{rec.id}.md", "text/markdown")
    c2.download_button("Export PDF", session_pdf(rec, s.title), f"session-{rec.id}.pdf", "application/pdf")
    if not frozen and rec.user == name and st.button("Submit for review", help="Your supervisor sees it in their "
                                                      "review queue; the session is frozen from then on."):
        try:
            svc.submit(session_id)
        except DraftError as e:
            st.error(plain(str(e)))
        st.rerun()
    if st.button("Back to the library"):
        st.session_state.pop("session_id", None)
        st.switch_page("app_pages/library.py")
    st.stop()

turn_idx = rec.next_turn
draft = st.text_area("Your reply to the client", key=f"draft-{session_id}-{turn_idx}", height=120,
                     max_chars=4000, placeholder="Write your reply. Ask for feedback before you send it.")
b1, b2, b3, b4 = st.columns([1, 1, 1, 2])
get_fb = b1.button("Get feedback", type="primary")
send = b2.button("Send")
end = b3.button("End session")
show_client = b4.toggle("Client's view (for debriefing)", value=False)

if get_fb:
    fb = svc.feedback(session_id, draft)
    st.session_state[f"fb-{session_id}"] = fb
if send:
    try:
        box = st.empty()
        streamed = []
        turn = svc.send(session_id, draft, turn_idx,
                        on_token=lambda t: (streamed.append(t), box.markdown(plain("".join(streamed)))))
        if turn is None:
            st.toast("That reply was already sent.")
        st.session_state.pop(f"fb-{session_id}", None)
        st.rerun()
    except DraftError as e:
        st.error(plain(str(e)))
if end:
    svc.end(session_id)
    st.rerun()

if show_client:
    cs = rec.client_state
    st.progress(min(1.0, float(cs.get("rapport", 0))), text=f"Client's trust: {cs.get('rapport', 0):.2f}")
    held = [p for p in s.disclosure_plan if p.id not in cs.get("disclosed", [])]
    st.caption(f"Shared so far: {len(cs.get('disclosed', []))} · still held back: {len(held)}")
    for p in held:
        st.markdown(f"- *{p.kind}* (needs trust {p.min_rapport:.2f}): {plain(p.says)}")

versions = [d for d in svc.record(session_id).drafts if d.turn_idx == turn_idx]  # incl. the one just kept
if versions:
    with st.expander(f"Draft versions for this reply ({len(versions)})"):
        for d in versions:
            scores = ", ".join(f"{x.name} {x.score}" for x in d.feedback.scores) if d.feedback else ""
            st.markdown(f"**v{d.version}** — {plain(d.text)}  \n{scores}")

fb = st.session_state.get(f"fb-{session_id}")
if fb is not None:
    st.divider()
    if not fb.ok:
        st.warning(plain(fb.message))
    else:
        st.subheader("Feedback on your draft")
        for n in fb.reliability_notes + ([fb.scorer_note] if fb.scorer_note else []) + fb.judge_notes:
            st.caption(plain(n))  # notes may quote the model or an endpoint: text, never Markdown
        if fb.risk_note:
            (st.success if fb.risk_status == "asked" else st.error)(plain(fb.risk_note))
            st.caption("Risk conversation so far: " + " → ".join(
                f"**{s}**" if s == fb.risk_stage else s for s in ("cue", "asked", "answered", "explored")))
        for h in fb.harms:
            st.error(("Possibly harmful (found by meaning, check it): " if h.by_meaning else "Harmful: ")
                     + plain(h.label) + " — " + plain(" · ".join(f"“{x}”" for x in h.evidence[:2])))
        criteria = lib.criteria
        if fb.scores:
            cols = st.columns(len(fb.scores))
            for c, sc in zip(cols, fb.scores):
                c.metric(criteria[sc.criterion].label if sc.criterion in criteria else sc.name, f"{sc.score}/5",
                         help=sc.name)
        for sc in fb.scores:
            st.markdown(f"**{plain(sc.name)} {sc.score}/5** — {plain(sc.reason)}")
            if sc.evidence:
                st.caption(plain(" · ".join(sc.evidence)))
            if sc.offline_score is not None:  # the judge and the offline scorer disagree: both, plainly
                st.text(f"{sc.name}: the LLM judge gives {sc.score}/5, the offline scorer {sc.offline_score}/5 "
                        f"({sc.offline_reason or 'no reason given'}). They disagree by {abs(sc.score - sc.offline_score)} "
                        "points: weigh both.")
        for w in fb.withheld:
            st.markdown(f"**{plain(w.name)}: not scored** — {plain(w.reason)}")
        left, right = st.columns(2)
        left.markdown("**Your strategies**")
        for u in fb.strategies:
            left.markdown(f"- {u.strategy} ({u.confidence:.0%}): {plain(u.sentence)}")
        right.markdown("**In the exemplars:** " + ", ".join(fb.exemplar_strategies))
        if fb.coverage:
            right.markdown("**What the client said, engaged or missed**")
            for c in fb.coverage:
                mark = "**engaged**" if c.engaged else "**missed**"
                right.markdown(f"- {mark} ({c.kind}, {plain(c.label)}): {plain(c.phrase)}"
                               + (f" — your words: {plain(', '.join(c.evidence[:3]))}" if c.engaged else ""))
        st.info(f"**Tip:** {plain(fb.tip_goal)}  \n_For example:_ {plain(fb.tip_reply)}")
        if fb.adapted_reply:
            st.markdown(f"**An adapted reply (LLM):** {plain(fb.adapted_reply)}")
        ex = fb.exemplars
        if ex:
            st.markdown("**Your draft beside exemplars**")
            cols = st.columns(len(ex) + 1)
            cols[0].markdown(f"*Your draft*  \n{plain(fb.draft)}")
            for c, e in zip(cols[1:], ex):
                c.markdown(f"*{plain(e.heading)}*  \n{plain(e.text[:600])}")
                link = source_link(e.source_url)
                c.caption(plain(e.why) + (f" · {link}" if link else
                                          f" · {plain(e.source_title)}" if e.source_title else ""))
