import pytest
from helpers import owner

from trainer.client.offline import OfflineClient
from trainer.export import session_markdown, session_pdf
from trainer.feedback.engine import FeedbackEngine
from trainer.models import Criterion, Rubric
from trainer.practice import DraftError, Practice, recommend, score_profile
from trainer.records import SessionSummary
from trainer.scenarios import Library
from trainer.store import Store, turns


@pytest.fixture
def svc(tmp_path, library, embedder, analyser):
    engine = FeedbackEngine(library, analyser)
    return Practice(library, engine, OfflineClient(analyser, library.rubrics),
                    Store(f"sqlite:///{tmp_path / 'p.db'}"))


def test_send_is_idempotent_per_turn_and_checks_input(svc):
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start("de-pflege-mutter-ostsee", seed=1)
    with pytest.raises(DraftError, match="empty"):
        svc.send(sid, "   ", 1)
    with pytest.raises(DraftError, match="limit"):
        svc.send(sid, "x" * 4001, 1)
    first = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)
    again = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)  # a double click
    assert first is not None and again is None
    rec = svc.record(sid)
    assert [t.role for t in rec.turns] == ["client", "trainee", "client"] and rec.next_turn == 2


def test_summary_profile_cues_and_recommendation(svc, library):
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start("zh-gaokao-fudu-henan")
    for i, reply in enumerate(["Keep going, you can do it! Just study harder.",
                               "Everyone feels this before exams, don't worry."], 1):
        svc.feedback(sid, reply)
        svc.send(sid, reply, i)
    summary = svc.end(sid)
    assert summary.turns == 2 and summary.weakest == ["risk_assessment"]
    assert summary.weakest_names == ["Risk assessment"] and summary.profile["risk_assessment"] == 1.0
    assert summary.names["empathy"] == "Empathy"
    nxt = summary.next
    assert library.get(nxt.scenario_id).risk_flags and nxt.scenario_id != "zh-gaokao-fudu-henan"
    assert "suicide" in nxt.skill and nxt.why.startswith("Your lowest score was Risk assessment")
    assert svc.end(sid) == summary  # ending twice changes nothing
    with pytest.raises(DraftError, match="ended"):
        svc.send(sid, "Hello?", 3)


def test_export_markdown_and_pdf_hold_the_whole_session(svc):
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start("ar-coptic-depression-jersey-city")
    svc.feedback(sid, "<b>Everyone</b> feels flat sometimes.")
    svc.feedback(sid, "It sounds like you've been running on empty. What does it mean to you?")
    svc.send(sid, "It sounds like you've been running on empty. What does it mean to you?", 1)
    svc.send(sid, "شكرا لك. ما معنى ذلك بالنسبة لك؟ ואיך המשפחה רואה את זה?", 2)
    svc.end(sid)
    rec = svc.record(sid)
    md = session_markdown(rec, "Test")
    assert "Draft 1: \\<b>Everyone\\</b> feels flat sometimes." in md and "Draft 2 (sent)" in md  # HTML escaped
    assert "**Client:** My doctor put me on something" in md and "## Summary" in md and "Scores: Empathy" in md
    pdf = session_pdf(rec, "Test")
    assert pdf.startswith(b"%PDF") and len(pdf) > 3000


def test_client_lines_are_embedded_as_they_are_said(svc):
    cache = svc.engine.analyser._phrases
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start("de-pflege-mutter-ostsee", seed=1)
    opening = svc.record(sid).turns[0].text
    assert opening in cache  # the first feedback of the turn does not pay for it
    turn = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)
    assert turn.text.strip() and all(line in cache for line in turn.text.splitlines() if line.strip())


def test_score_profile_lists_every_tie_with_names():
    p = score_profile([{"empathy": 4, "fluency": 2, "helpfulness": 4, "communication": 2},
                       {"empathy": 2, "fluency": 2, "helpfulness": 2, "communication": 2}],
                      {"empathy": "Empathy", "helpfulness": "Helpfulness", "fluency": "Fluency"})
    assert p.profile == {"empathy": 3.0, "fluency": 2.0, "helpfulness": 3.0, "communication": 2.0}
    assert p.strongest == ["empathy", "helpfulness"] and p.weakest == ["fluency", "communication"]
    assert p.strongest_names == ["Empathy", "Helpfulness"]
    assert p.weakest_names == ["Fluency", "communication"]  # no name known: its id
    assert [(r.name, r.mean) for r in p.rows()][:2] == [("Empathy", 3.0), ("Fluency", 2.0)]
    empty = score_profile([], {})
    assert empty.profile == {} and empty.strongest == [] and empty.weakest == []


def test_a_reply_of_markup_only_is_refused_at_send_as_at_feedback(svc):
    svc = svc.as_(svc.store.actor("Kim"))
    sid = svc.start("de-pflege-mutter-ostsee")
    for draft in ("<b></b>", "**  **", "<img src=x onerror=alert(1)>", "\u200b", "&#8203;", "***", "---", "|---|---|",
                  "\u202e"):
        with pytest.raises(DraftError, match="only markup"):
            svc.send(sid, draft, 1)
    assert svc.record(sid).turns_sent == 0


def test_history_counts_sent_replies_once(svc):
    svc = svc.as_(svc.store.actor("Kim"))
    a = svc.start("de-pflege-mutter-ostsee", seed=1)
    svc.feedback(a, "A draft that is never sent.")
    svc.send(a, "That sounds exhausting. What is it like for you?", 1)
    svc.send(a, "How does your family see it?", 2)
    b = svc.start("zh-gaokao-fudu-henan")
    with svc.store.engine.begin() as c:  # left by older code: sent, and the app killed before the answer
        c.execute(turns.insert().values(session_id=b, idx=1, role="trainee", text="Sent, never answered.",
                                        created_at=1.0))
    svc.end(a)
    rows = svc.history()
    assert [(r.id, r.turns, r.ended) for r in rows] == [(a, 2, True), (b, 1, False)]
    assert rows[0].title == svc.library.get("de-pflege-mutter-ostsee").title and rows[0].culture == "German"
    assert rows[0].profile == [] and svc.record(a).summary.turns == 2  # nothing scored was sent
    assert svc.as_(svc.store.actor("Nobody")).history() == []


def test_history_and_record_name_an_old_summary(svc):
    svc = svc.as_(svc.store.actor("Kim"))
    sid = svc.start("de-pflege-mutter-ostsee")
    old = SessionSummary.model_validate({"turns": 0, "profile": {"empathy": 2.5, "cultural_context": 4.0},
                                         "strongest": "cultural_context", "weakest": "empathy"})
    svc.store.end_session(owner(svc.store, sid), sid, old, {})
    rec = svc.record(sid)
    assert rec.summary.strongest_names == ["Cultural context"] and rec.summary.weakest_names == ["Empathy"]
    assert [(r.name, r.mean) for r in svc.history()[0].profile] == [("Empathy", 2.5), ("Cultural context", 4.0)]
    assert "| Cultural context | 4.0 |" in session_markdown(rec, "T")
    assert "Strongest: Cultural context · weakest: Empathy" in session_markdown(rec, "T")


def _criterion(cid: str, **meta) -> Criterion:
    levels = {str(i): f"level {i}" for i in range(1, 6)}
    return Criterion.model_validate({"id": cid, "name": cid.title(), "description": "d", "levels": levels, **meta})


def test_rubric_metadata_drives_the_recommendation(library):
    s = library.get("de-pflege-mutter-ostsee")
    tagged = library.get("ar-syrian-integrationskurs-gelsenkirchen")
    lib = Library(scenarios=library.scenarios, rubrics={"extra": Rubric(id="extra", title="R", description="d", criteria=[
        _criterion("humour", skill="finding lightness without mocking", trains_with_tags=["trauma"]),
        _criterion("safety", trains_with_risk_flags=True), _criterion("plain")])})
    nxt = recommend("humour", s, lib)
    assert nxt.scenario_id == tagged.id  # the one scenario tagged trauma
    assert nxt.skill == "finding lightness without mocking" and "practise finding lightness" in nxt.why
    assert library.get(recommend("safety", s, lib).scenario_id).risk_flags
    plain = recommend("plain", s, lib)  # no metadata: any other authored scenario, its name as the skill
    assert plain.scenario_id not in (s.id, tagged.id) and not library.get(plain.scenario_id).risk_flags
    assert plain.skill == "Plain"
    assert recommend("unknown_id", s, lib).skill == "unknown id"


def test_cli_play_ends_with_the_named_summary(tmp_path, library, analyser, capsys):
    import argparse

    from trainer.cli.play import cmd_play
    from trainer.config import load_settings
    from trainer.services import Services
    svc = Services(load_settings())
    svc.__dict__.update(library=library, feedback=FeedbackEngine(library, analyser),
                        client=OfflineClient(analyser, library.rubrics))
    script = tmp_path / "replies.txt"
    script.write_text("Keep going, you can do it! Just study harder.\nEveryone feels this before exams.\n")
    assert cmd_play(svc, argparse.Namespace(scenario="zh-gaokao-fudu-henan", script=str(script), seed=0,
                                            json=False, save=False, as_user=None)) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("summary: Empathy ") and "| weakest: Risk assessment" in last
