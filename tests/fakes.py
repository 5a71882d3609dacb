"""Test doubles for the chat backend.

- `FakeChatModel`: an in-process `trainer.protocols.ChatModel` (like simonw/llm's
  `MockModel.enqueue`): the test queues replies, the code under test gets them as LangChain
  messages, and every prompt is recorded. For judge and client logic, where HTTP is beside the point.
- `FakeOpenAI`: a local OpenAI-compatible HTTP server on loopback, for the transport and fault
  tests (timeouts, status codes, rate limits, broken JSON, streams cut short)."""
from __future__ import annotations

import http.server
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from pydantic import BaseModel


@dataclass
class Stream:
    """A queued streamed reply: its pieces, and whether it ends properly (finish_reason)."""
    pieces: list[str]
    finished: bool = True


class FakeChatModel:
    """Replies come from a queue the test fills with `enqueue(...)`. An item is a str (the reply),
    a `Stream`, a dict or pydantic object (a structured reply; JSON text for plain `invoke`), or
    an exception, which is raised. Each call records its messages in `prompts`."""

    def __init__(self, *replies: Any, structured: bool = True):
        self.queue: deque[Any] = deque(replies)
        self.prompts: list[list[BaseMessage]] = []
        self.structured = structured
        self.schemas: list[Any] = []

    def enqueue(self, *replies: Any) -> "FakeChatModel":
        self.queue.extend(replies)
        return self

    def _next(self, messages: Any) -> Any:
        self.prompts.append(list(messages))
        if not self.queue:
            raise AssertionError("FakeChatModel: nothing queued for this call")
        item = self.queue.popleft()
        if isinstance(item, BaseException):
            raise item
        return item

    @staticmethod
    def _text(item: Any) -> str:
        if isinstance(item, Stream):
            return "".join(item.pieces)
        if isinstance(item, BaseModel):
            return item.model_dump_json()
        return item if isinstance(item, str) else json.dumps(item)

    def invoke(self, input: Any, *args: Any, **kwargs: Any) -> AIMessage:
        return AIMessage(content=self._text(self._next(input)), response_metadata={"finish_reason": "stop"})

    def stream(self, input: Any, *args: Any, **kwargs: Any) -> Iterator[AIMessageChunk]:
        item = self._next(input)
        s = item if isinstance(item, Stream) else Stream([self._text(item)])
        for piece in s.pieces:
            yield AIMessageChunk(content=piece)
        if s.finished:
            yield AIMessageChunk(content="", response_metadata={"finish_reason": "stop"})

    def with_structured_output(self, schema: Any, **kwargs: Any) -> "_Structured":
        if not self.structured:
            raise NotImplementedError("this fake model has no structured output")
        self.schemas.append(schema)
        return _Structured(self, schema, include_raw=kwargs.get("include_raw", False))


class _Structured:
    """What `with_structured_output` returns: `invoke` gives the next queued item, a dict made
    into the schema when the schema is a pydantic model (as LangChain does); with include_raw,
    LangChain's {"raw", "parsed", "parsing_error"} (parsed None when a str reply is not JSON)."""

    def __init__(self, model: FakeChatModel, schema: Any, include_raw: bool = False):
        self.model, self.schema, self.include_raw = model, schema, include_raw

    def invoke(self, input: Any, *args: Any, **kwargs: Any) -> Any:
        item = raw = self.model._next(input)
        if isinstance(item, str):
            try:
                item = json.loads(item)
            except json.JSONDecodeError:
                if not self.include_raw:
                    raise
                item = None
        if isinstance(self.schema, type) and issubclass(self.schema, BaseModel) and isinstance(item, dict):
            item = self.schema.model_validate(item)
        if self.include_raw:
            return {"raw": AIMessage(content=FakeChatModel._text(raw)), "parsed": item, "parsing_error": None}
        return item


class FakeOpenAI:
    """A local OpenAI-compatible server whose replies a test queues up.
    Each queued item: ("text", content) | ("status", code, body) | ("sleep", seconds, content)
    | ("raw", body_str) | ("stream", [pieces], cut: bool) | ("retry_after", seconds)."""

    def __init__(self):
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
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
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


class FakeRetriever:
    """A `trainer.protocols.ExemplarRetriever` that records each call and returns the queued
    exemplars (none by default)."""

    def __init__(self, exemplars: list | None = None):
        self.exemplars = list(exemplars or [])
        self.calls: list[dict[str, Any]] = []

    def retrieve(self, query_vec: Any, scenario: Any, risk_live: bool = False, client_text: str = "") -> list:
        self.calls.append({"query_vec": query_vec, "scenario": scenario, "risk_live": risk_live, "client_text": client_text})
        return list(self.exemplars)
