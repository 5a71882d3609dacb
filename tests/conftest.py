"""Fixtures shared by every test module: no remote network, a clean environment with the test's
own data dir, the embedder, the authored library (through the real loader) and its exemplar
index, built once per session. Helpers live in helpers.py, test doubles in fakes.py."""
import ipaddress
import os
import socket
from pathlib import Path

import pytest
from fakes import FakeChatModel, FakeOpenAI
from helpers import ROOT, SHARED, copy_index, record, write_jsonl  # noqa: F401  (SHARED, record, write_jsonl: for test_eval.py until it imports helpers)

from trainer import config


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


@pytest.fixture
def fake_openai(monkeypatch):
    """A local OpenAI-compatible server, configured as the backend; short timeouts."""
    srv = FakeOpenAI()
    monkeypatch.setenv("TRAINER_BACKEND", "openai")
    monkeypatch.setenv("TRAINER_BASE_URL", srv.url)
    monkeypatch.setenv("TRAINER_MODEL", "fake-model")
    monkeypatch.setenv("TRAINER_TIMEOUT", "1")
    monkeypatch.setenv("TRAINER_MAX_RETRIES", "0")
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def embedder():
    from trainer.embeddings import get_embedder
    return get_embedder("e5")


@pytest.fixture
def fake_chat() -> FakeChatModel:
    """An in-process chat model; the test queues its replies."""
    return FakeChatModel()


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    """The shipped authored library (no imported data), through the app's own loader."""
    from trainer.scenarios import load_library
    empty = tmp_path_factory.mktemp("library") / "data"
    lib = load_library(config.load_settings(data_dir=empty, scenarios_dir=ROOT / "scenarios",
                                            rubrics_dir=ROOT / "rubrics"))
    assert not lib.broken, lib.broken
    return lib


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, embedder, library) -> Path:
    """The exemplar index of the authored library, built once per session; copy it, never open it."""
    from chromadb.api.shared_system_client import SharedSystemClient

    from vectorstore.index import ExemplarIndex
    path = tmp_path_factory.mktemp("built-index") / "index"
    st = ExemplarIndex(path=path, embedder=embedder).ensure(library.exemplars)
    assert st.built and not st.stale
    SharedSystemClient.clear_system_cache()  # close it: copies must be whole files
    return path


@pytest.fixture(scope="session")
def built_cache(tmp_path_factory, embedder) -> Path:
    """A data dir's `cache/` holding the strategy detector's example embeddings, for app
    subprocesses (in this process the embedder's own cache already has them)."""
    from trainer.feedback.strategies import _compute_prototypes
    cache = tmp_path_factory.mktemp("built-cache") / "cache"
    _compute_prototypes(embedder, cache)
    assert list(cache.glob("emb-*.npy"))
    return cache


@pytest.fixture
def data_index(built_index, clean_env) -> Path:
    """The session's index copied into this test's data dir (TRAINER_DATA_DIR)."""
    return copy_index(built_index, Path(os.environ["TRAINER_DATA_DIR"]))


@pytest.fixture(scope="session")
def analyser(embedder):
    from trainer.feedback.analysis import Analyser
    return Analyser(embedder)


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session (tests/pg.py), started on first use (~2 s);
    the PostgreSQL tests are skipped, with the reason, only when no server can be run here."""
    import pg
    try:
        cluster = pg.start()
    except pg.Unavailable as e:
        pytest.skip(str(e))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new, empty database: a SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        (tmp_path / "db").mkdir(exist_ok=True)
        return f"sqlite:///{tmp_path / 'db' / 'trainer.db'}"
    return request.getfixturevalue("pg_cluster").fresh_database()
