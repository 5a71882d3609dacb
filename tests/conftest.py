import ipaddress
import json
import socket
from pathlib import Path

import pytest

from trainer import config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "culturecare"


def _is_local(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_remote_network(monkeypatch):
    """Tests may only talk to this machine; any other host fails the test."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            pytest.fail(f"test tried to reach a remote host: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No TRAINER_* from the developer's shell; the data dir is the test's own."""
    import os
    for k in list(os.environ):
        if k.startswith("TRAINER_"):
            monkeypatch.delenv(k)
    monkeypatch.setenv("TRAINER_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAINER_CULTURECARE_DIR", str(tmp_path / "no-source"))
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


@pytest.fixture
def settings():
    return config.load_settings()


def record(post_id="p1", culture="Testish", distress=None, signals=None, support=None,
           empathy="4 quite empathetic", demo=None, **extra):
    """One CultureCare-shaped record, with sensible defaults."""
    rec = {
        "culture": culture, "post_id": post_id,
        "post": {
            "text": f"https://www.reddit.com/comments/{post_id}",
            "emotional_distress": distress if distress is not None else [
                {"phrase": "I feel so alone since I moved here.", "intensity": "light"},
                {"phrase": "I cry every night and can't sleep.", "intensity": "high"}],
            "cultural_signals": signals if signals is not None else [
                {"phrase": "My mother expects me to call every Friday.", "type": "Norms and Morals"}],
            "demographic_info": demo if demo is not None else {"age": "24", "gender": "F", "religion": "unknown"},
        },
        "response": {
            "emotional_support": support if support is not None else [
                {"phrase": "That sounds so lonely.", "strategy": "Reflection of Feelings"},
                {"phrase": "What do the Friday calls mean to you?", "strategy": "Questions"}],
            "cultural_signals": [], "empathy_score": empathy,
        },
    }
    rec.update(extra)
    return rec


def write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
