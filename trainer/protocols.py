"""The seams between the core's parts: small interfaces, wired together in services.py."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from .client.state import ClientState, ClientTurn
    from .models import RetrievedExemplar, Scenario

OnToken = Callable[[str], None]


class TextEncoder(Protocol):
    """Sentence embeddings, L2-normalised (trainer.embeddings.Embedder)."""
    name: str
    dim: int

    def encode(self, texts: Sequence[str], query: bool = False) -> np.ndarray: ...

    def fingerprint(self) -> str: ...


class ChatModel(Protocol):
    """A LangChain chat model (ChatOpenAI, or a fake in tests): messages in, a message out."""

    def invoke(self, input: Any, *args: Any, **kwargs: Any) -> Any: ...

    def stream(self, input: Any, *args: Any, **kwargs: Any) -> Iterator[Any]: ...

    def with_structured_output(self, schema: Any, **kwargs: Any) -> Any: ...


class ExemplarRetriever(Protocol):
    """Model and contrast replies near a moment of a conversation (vectorstore.Retriever)."""

    def retrieve(self, query_vec: np.ndarray, scenario: "Scenario", risk_live: bool = False,
                 client_text: str = "") -> list["RetrievedExemplar"]:
        """risk_live: a risk cue the conversation has not yet explored (risk-assessment models only
        then, and no advice-only models); client_text: what the client has said so far (for what
        the models may assume about them)."""
        ...


class SimulatedClient(Protocol):
    """The client a trainee talks to: opens, answers each sent reply, says goodbye."""
    name: str

    def start(self, scenario: "Scenario", seed: int = 0) -> tuple["ClientState", "ClientTurn"]: ...

    def respond(self, scenario: "Scenario", state: "ClientState", trainee: str,
                on_token: OnToken | None = None) -> "ClientTurn": ...

    def close(self, scenario: "Scenario", state: "ClientState") -> "ClientTurn": ...
