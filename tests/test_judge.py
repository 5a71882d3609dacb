"""The LLM judge's logic over an in-process fake chat model (no HTTP: the transport and its
faults are tested against the local stub server in test_feedback_engine.py)."""
import pytest

from trainer.feedback.engine import FeedbackEngine

CRITERIA = ("empathy", "helpfulness", "fluency", "sociopolitical", "cultural_knowledge", "communication",
            "cultural_context")
JUDGED = {"scores": [{"criterion": c, "score": 4, "reason": "Reflects well.", "evidence": ["sounds"]}
                     for c in CRITERIA],
          "tip_goal": "Ask about her brother.", "tip_reply": "What is it like when he calls?",
          "adapted_reply": "It sounds like you carry this alone."}
DRAFT = "That sounds hard."


def _review(fake_chat, library, analyser):
    s = library.get("de-pflege-mutter-ostsee")
    return FeedbackEngine(library, analyser, chat=fake_chat).review(DRAFT, s, [s.opening_line])


def _sent(fake_chat) -> str:
    (msgs,) = fake_chat.prompts
    return "\n".join(str(m.content) for m in msgs)


def test_one_call_scores_every_criterion_and_writes_the_tip(fake_chat, library, analyser):
    fake_chat.enqueue(JUDGED)
    fb = _review(fake_chat, library, analyser)
    assert fb.scorer == "llm" and fb.scorer_note is None
    assert [s.criterion for s in fb.scores] == list(CRITERIA) and all(s.score == 4 for s in fb.scores)
    assert fb.tip_goal == "Ask about her brother." and fb.adapted_reply.startswith("It sounds")
    sent = _sent(fake_chat)
    assert all(c in sent for c in CRITERIA) and DRAFT in sent
    assert library.get("de-pflege-mutter-ostsee").opening_line in sent


@pytest.mark.parametrize("reply,needle", [
    ({"scores": JUDGED["scores"][:3]}, "skipped"),
    ({"scores": [{**JUDGED["scores"][0], "score": "high"}] + JUDGED["scores"][1:]}, "empathy"),
    (TimeoutError("slow"), "could not be reached"),
])
def test_an_unusable_judgement_falls_back_to_offline_scores(fake_chat, library, analyser, reply, needle):
    fake_chat.enqueue(reply)
    fb = _review(fake_chat, library, analyser)
    assert fb.ok and fb.scorer == "offline" and needle in fb.scorer_note and len(fb.scores) == 7
    assert len(fake_chat.prompts) == 1


def test_the_fake_model_serves_structured_output_or_refuses_it():
    from pydantic import BaseModel

    from fakes import FakeChatModel

    class Out(BaseModel):
        tip_goal: str

    fake = FakeChatModel({"tip_goal": "a"}, Out(tip_goal="b"))
    runnable = fake.with_structured_output(Out)
    assert runnable.invoke("x") == Out(tip_goal="a") and runnable.invoke("y") == Out(tip_goal="b")
    assert fake.prompts == [["x"], ["y"]] and fake.schemas == [Out]
    with pytest.raises(NotImplementedError):
        FakeChatModel(structured=False).with_structured_output(Out)
