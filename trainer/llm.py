"""The one place that builds chat models: langchain-openai ChatOpenAI against any
OpenAI-compatible base_url (OpenAI, Ollama, vLLM, LM Studio), or offline (None)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import Settings
from .protocols import ChatModel


@dataclass
class BackendStatus:
    backend: str
    model: str | None
    reachable: bool | None
    detail: str
    privacy_note: str | None


def build_chat(settings: Settings, **overrides: Any) -> ChatModel | None:
    """A ChatOpenAI for the configured endpoint, or None when the backend is offline."""
    if settings.backend == "offline":
        return None
    from langchain_openai import ChatOpenAI
    kwargs: dict[str, Any] = dict(model=settings.model, base_url=settings.base_url,
                  api_key=settings.api_key.get_secret_value() if settings.api_key else "not-needed",
                  timeout=settings.timeout, max_retries=settings.max_retries, temperature=0.2)
    kwargs.update(overrides)
    return ChatOpenAI(**kwargs)


def status(settings: Settings, probe: bool = False) -> BackendStatus:
    if settings.backend == "offline":
        return BackendStatus("offline", None, None, "offline engines: nothing leaves this machine", None)
    where = settings.base_url or "https://api.openai.com/v1"
    note = f"Drafts and the conversation are sent to {where} ({settings.model})."
    if not probe:
        return BackendStatus("openai", settings.model, None, where, note)
    try:
        import openai
        client = openai.OpenAI(base_url=settings.base_url, timeout=min(settings.timeout, 5), max_retries=0,
                               api_key=settings.api_key.get_secret_value() if settings.api_key else "not-needed")
        client.models.list()
        return BackendStatus("openai", settings.model, True, where, note)
    except Exception as e:  # any failure means: not usable now
        return BackendStatus("openai", settings.model, False, f"{where} unreachable: {type(e).__name__}", note)
