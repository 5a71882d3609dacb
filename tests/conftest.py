import ipaddress
import json
import socket
from pathlib import Path

import pytest

from trainer import config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "culturecare"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


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


class FakeOpenAI:
    """A local OpenAI-compatible server whose replies a test queues up.
    Each queued item: ("text", content) | ("status", code, body) | ("sleep", seconds, content)
    | ("raw", body_str) | ("stream", [pieces], cut: bool) | ("retry_after", seconds)."""

    def __init__(self):
        import http.server
        import threading
        self.queue: list[tuple] = []
        self.requests: list[dict] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self):
                n = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(n) or b"{}")
                fake.requests.append(body)
                item = fake.queue.pop(0) if fake.queue else ("text", "{}")
                kind = item[0]
                if kind == "status":
                    self._send(item[1], {"error": {"message": item[2] if len(item) > 2 else "fail"}})
                elif kind == "retry_after":
                    self.send_response(429)
                    self.send_header("retry-after", str(item[1]))
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "slow down"}}')
                elif kind == "raw":
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(item[1].encode())
                elif kind == "sleep":
                    import time
                    time.sleep(item[1])
                    try:
                        self._send(200, fake.completion(item[2]))
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                elif kind == "stream":
                    self._stream(item[1], item[2] if len(item) > 2 else False)
                else:
                    if body.get("stream"):
                        self._stream([item[1]], False)
                    else:
                        self._send(200, fake.completion(item[1]))

            def _send(self, code, obj):
                data = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, pieces, cut):
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for p in pieces:
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                             "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                if cut:
                    self.wfile.write(b'data: {"id": "c1", "choi')
                    self.wfile.flush()
                    self.close_connection = True
                    return
                end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def completion(content: str) -> dict:
        return {"id": "x", "object": "chat.completion", "created": 0, "model": "fake-model",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_openai(monkeypatch):
    srv = FakeOpenAI()
    monkeypatch.setenv("TRAINER_BACKEND", "openai")
    monkeypatch.setenv("TRAINER_BASE_URL", srv.url)
    monkeypatch.setenv("TRAINER_MODEL", "fake-model")
    monkeypatch.setenv("TRAINER_TIMEOUT", "3")
    monkeypatch.setenv("TRAINER_MAX_RETRIES", "0")
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def embedder():
    from trainer.embeddings import get_embedder
    return get_embedder("e5")


@pytest.fixture(scope="session")
def library():
    """The shipped authored library (no imported data)."""
    from trainer.rubrics import load_rubrics
    from trainer.scenarios import Library, load_scenario
    rubrics, _ = load_rubrics(ROOT / "rubrics")
    lib = Library(rubrics=rubrics)
    for p in sorted((ROOT / "scenarios").glob("*.yaml")):
        s = load_scenario(p, rubrics)
        lib.scenarios[s.id] = s
    lib.exemplars = lib.authored_exemplars()
    return lib


@pytest.fixture(scope="session")
def analyser(embedder):
    from trainer.feedback.analysis import Analyser
    return Analyser(embedder)
