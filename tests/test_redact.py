"""Secrets never reach a stored or shown note: an endpoint's error that echoes the API key."""
import pytest
from fakes import FakeChatModel

from trainer.client.llm_client import LLMClient
from trainer.client.offline import OfflineClient
from trainer.config import load_settings
from trainer.feedback.engine import FeedbackEngine
from trainer.practice import Practice
from trainer.redact import MASK, Redactor
from trainer.store import Store

KEY = "my-configured-key-5f3a9"
OTHER = "sk-proj-Zx81kQ7wLm30aa"


def _echo() -> RuntimeError:
    return RuntimeError(f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {KEY}. "
                        f"You can find your key at https://example.test; also seen: {OTHER}', 'code': 'invalid_api_key'}}}}")


@pytest.mark.parametrize("text,kept", [
    (f"key {KEY} and again {KEY}.", "key [redacted] and again [redacted]."),
    ("Incorrect API key provided: sk-abc1**********************wxyz.", "Incorrect API key provided: [redacted]."),
    ("Authorization: Bearer eyJhbGciOi.J9x-y_z", "Authorization: Bearer [redacted]"),
    ("cannot reach https://ann:hunter22@llm.example/v1", "cannot reach https://[redacted]@llm.example/v1"),
    ("the risk-taking and ask-me-anything words stay", "the risk-taking and ask-me-anything words stay"),
])
def test_redactor_masks_the_key_and_credential_patterns(text, kept):
    assert Redactor.of([KEY])(text) == kept


def test_a_tiny_or_missing_key_masks_nothing_else():
    assert Redactor.of(["x", None, ""]).secrets == ()
    assert Redactor.from_settings(load_settings(api_key=KEY)).secrets == (KEY,)


def test_an_error_echoing_the_key_reaches_neither_the_stored_note_nor_the_feedback(tmp_path, library, analyser):
    redact = Redactor.from_settings(load_settings(api_key=KEY))
    endpoint = FakeChatModel(_echo(), _echo())  # the judge's call, then the client's
    svc = Practice(library, FeedbackEngine(library, analyser, chat=endpoint, redact=redact),
                   LLMClient(endpoint, OfflineClient(analyser, library.rubrics), redact=redact),
                   Store(f"sqlite:///{tmp_path / 'p.db'}"), redact)
    svc = svc.as_(svc.store.actor("Sam"))
    sid = svc.start("de-pflege-mutter-ostsee")
    draft = "That sounds exhausting. What is it like for you?"
    fb = svc.feedback(sid, draft)
    turn = svc.send(sid, draft, 1)
    assert len(endpoint.prompts) == 2 and not endpoint.queue  # both calls failed as queued
    assert fb.scorer == "offline" and "401" in fb.scorer_note and MASK in fb.scorer_note
    assert turn is not None and turn.backend == "offline" and "401" in turn.note and MASK in turn.note
    rec = svc.record(sid)
    stored = fb.model_dump_json() + turn.note + "".join(
        (t.note or "") + t.text for t in rec.turns) + "".join(d.feedback.model_dump_json() for d in rec.drafts)
    assert rec.turns[-1].note == turn.note
    assert KEY not in stored and "Zx81kQ7wLm30aa" not in stored
