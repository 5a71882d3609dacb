import pytest

from trainer.client.offline import OfflineClient
from trainer.export import session_markdown, session_pdf
from trainer.feedback.engine import FeedbackEngine
from trainer.practice import DraftError, Practice
from trainer.store import Store


@pytest.fixture
def svc(tmp_path, library, embedder, analyser):
    engine = FeedbackEngine(library, analyser)
    return Practice(library, engine, OfflineClient(analyser, library.rubrics),
                    Store(f"sqlite:///{tmp_path / 'p.db'}"))


def test_send_is_idempotent_per_turn_and_checks_input(svc):
    sid = svc.start("Sam", "de-pflege-mutter-ostsee", seed=1)
    with pytest.raises(DraftError, match="empty"):
        svc.send(sid, "   ", 1)
    with pytest.raises(DraftError, match="limit"):
        svc.send(sid, "x" * 4001, 1)
    first = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)
    again = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)  # a double click
    assert first is not None and again is None
    rec = svc.record(sid)
    assert [t["role"] for t in rec.turns] == ["client", "trainee", "client"] and rec.next_turn == 2


def test_summary_profile_cues_and_recommendation(svc, library):
    sid = svc.start("Sam", "zh-gaokao-fudu-henan")
    for i, reply in enumerate(["Keep going, you can do it! Just study harder.",
                               "Everyone feels this before exams, don't worry."], 1):
        svc.feedback(sid, reply)
        svc.send(sid, reply, i)
    summary = svc.end(sid)
    assert summary["turns"] == 2 and summary["weakest"] == "risk_assessment"
    assert summary["profile"]["risk_assessment"] == 1.0
    nxt = summary["next"]
    assert library.get(nxt["scenario_id"]).risk_flags and nxt["scenario_id"] != "zh-gaokao-fudu-henan"
    assert "suicide" in nxt["skill"]
    assert svc.end(sid) == summary  # ending twice changes nothing
    with pytest.raises(DraftError, match="ended"):
        svc.send(sid, "Hello?", 3)


def test_export_markdown_and_pdf_hold_the_whole_session(svc):
    sid = svc.start("Sam", "ar-coptic-depression-jersey-city")
    svc.feedback(sid, "<b>Everyone</b> feels flat sometimes.")
    svc.feedback(sid, "It sounds like you've been running on empty. What does it mean to you?")
    svc.send(sid, "It sounds like you've been running on empty. What does it mean to you?", 1)
    svc.send(sid, "شكرا لك. ما معنى ذلك بالنسبة لك؟ ואיך המשפחה רואה את זה?", 2)
    svc.end(sid)
    rec = svc.record(sid)
    md = session_markdown(rec, "Test")
    assert "Draft 1: <b>Everyone</b> feels flat sometimes." in md and "Draft 2 (sent)" in md
    assert "**Client:** My doctor put me on something" in md and "## Summary" in md and "Scores: Empathy" in md
    pdf = session_pdf(rec, "Test")
    assert pdf.startswith(b"%PDF") and len(pdf) > 3000


def test_client_lines_are_embedded_as_they_are_said(svc):
    cache = svc.engine.analyser._phrases
    sid = svc.start("Sam", "de-pflege-mutter-ostsee", seed=1)
    opening = svc.record(sid).turns[0]["text"]
    assert opening in cache  # the first feedback of the turn does not pay for it
    turn = svc.send(sid, "That sounds exhausting. What is it like for you?", 1)
    assert turn.text.strip() and all(line in cache for line in turn.text.splitlines() if line.strip())
