"""The composition root: settings -> embedder -> index -> feedback engine -> simulated client
-> store -> practice service. The app, the CLI and bench/ get their services here and
nowhere else; each part is built once, on first use."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .config import Settings, get_settings
from .embeddings import Embedder, get_embedder
from .llm import build_chat
from .protocols import ChatModel, SimulatedClient
from .redact import Redactor

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from vectorstore.index import ExemplarIndex, IndexStatus

    from .accounts import Accounts
    from .assignments import Assignments
    from .feedback.analysis import Analyser
    from .feedback.engine import FeedbackEngine
    from .practice import Practice
    from .scenarios import Library
    from .store import Store

Progress = Callable[[int, int], None]


def password_hasher() -> "PasswordHasher":
    """argon2 with its default cost (~0.1-0.2 s a hash here) for every account. The tests replace this
    function with a cheap hasher (monkeypatch `trainer.services.password_hasher`); nothing else may."""
    from argon2 import PasswordHasher
    return PasswordHasher()


def _to_stderr(note: str) -> None:
    print(f"note: {note}", file=sys.stderr)


@dataclass
class Services:
    settings: Settings
    notify: Callable[[str], None] = field(default=_to_stderr)

    @cached_property
    def library(self) -> "Library":
        from .scenarios import load_library
        return load_library(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        return get_embedder(self.settings.embedding_model)

    @cached_property
    def analyser(self) -> "Analyser":
        from .feedback.analysis import Analyser
        return Analyser(self.embedder, cache_dir=self.settings.data_dir / "cache")

    @cached_property
    def redact(self) -> Redactor:
        """Masks the configured API key (and credential-looking tokens) in notes and errors."""
        return Redactor.from_settings(self.settings)

    @cached_property
    def chat(self) -> ChatModel | None:
        return build_chat(self.settings)

    def open_index(self, force: bool = False, progress: Progress | None = None) -> tuple["ExemplarIndex", "IndexStatus"]:
        """The exemplar index, built or rebuilt when its inputs changed (or forced)."""
        from vectorstore.index import ExemplarIndex
        index = ExemplarIndex.from_settings(self.settings, self.embedder)
        status = index.ensure(self.library.exemplars, force=force, progress=progress)
        for note in index.notes:
            self.notify(note)
        self.__dict__["index"] = index
        return index, status

    def index_status(self) -> "IndexStatus":
        """The index's state without building it."""
        from vectorstore.index import ExemplarIndex, content_hash
        index = ExemplarIndex.from_settings(self.settings, self.embedder)
        return index.status(content_hash(self.library.exemplars, self.embedder.fingerprint()))

    @cached_property
    def index(self) -> "ExemplarIndex":
        return self.open_index()[0]

    @cached_property
    def feedback(self) -> "FeedbackEngine":
        from vectorstore.retrieve import Retriever

        from .feedback.engine import FeedbackEngine
        return FeedbackEngine(self.library, self.analyser, Retriever(self.index), self.chat, self.redact)

    @cached_property
    def client(self) -> SimulatedClient:
        """The configured simulated client: offline, or an LLM persona over the offline engine."""
        from .client.offline import OfflineClient
        offline = OfflineClient(self.analyser, self.library.rubrics)
        if self.chat is None:
            return offline
        from .client.llm_client import LLMClient
        return LLMClient(self.chat, offline, self.redact)

    @cached_property
    def store(self) -> "Store":
        return self.open_store()

    def open_store(self, migrate: bool = True) -> "Store":
        """The database; its schema brought up to date unless `migrate` is False (`db current`)."""
        from .store import Store
        return Store(self.settings.db_url, migrate=migrate)

    @cached_property
    def accounts(self) -> "Accounts":
        """Accounts, roles and login over the store (trainer.accounts)."""
        from .accounts import Accounts
        return Accounts(self.store, password_hasher())

    @cached_property
    def assignments(self) -> "Assignments":
        """Cohorts, assignments and the review queue over the store and the library (trainer.assignments)."""
        from .assignments import Assignments
        return Assignments(self.store, self.library)

    @cached_property
    def practice(self) -> "Practice":
        from .practice import Practice
        store = self.store  # first: an unusable database fails before the model and index load
        return Practice(self.library, self.feedback, self.client, store, self.redact)


def build_services(settings: Settings | None = None, notify: Callable[[str], None] | None = None) -> Services:
    """Everything wired from one Settings (the process's own when none is given)."""
    return Services(settings or get_settings(), notify or _to_stderr)
