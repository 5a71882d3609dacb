import socket
import subprocess
import sys
import time

import pytest
from helpers import free_port

from trainer.models import Exemplar
from vectorstore.index import ExemplarIndex, content_hash
from vectorstore.retrieve import retrieve


def _ex(i, culture="German", score=5, grade=None, source=None, text=None):
    return Exemplar(id=f"x{i}", text=text or f"Reply number {i} about feeling alone after moving.",
                    culture=culture, strategies=["Reflection of Feelings"], signal_types=["Values"],
                    empathy_score=None if grade else score, grade=grade,
                    source=source or f"culturecare:p{i}", scenario_id=None)


@pytest.fixture
def small(library):
    return library.exemplars + [_ex(1), _ex(2, score=1, text="Just move out, problem solved."),
                                _ex(3, culture="Chinese", score=4, text="That sounds so lonely; what is it like for you?")]


def test_build_status_and_no_rebuild_when_inputs_are_unchanged(tmp_path, embedder, small):
    idx = ExemplarIndex(path=tmp_path / "index", embedder=embedder)
    calls = []
    st = idx.ensure(small, progress=lambda d, n: calls.append((d, n)))
    assert not st.stale and st.built and calls[-1] == (len(small), len(small))
    assert sum(st.counts["authored"].values()) == 72 and st.counts["culturecare"] == {"German": 2, "Chinese": 1}
    again = ExemplarIndex(path=tmp_path / "index", embedder=embedder)
    st2 = again.ensure(small, progress=lambda d, n: pytest.fail("rebuilt an up-to-date index"))
    assert st2.built_at == st.built_at and not again.notes
    st3 = again.ensure(small[:-1])
    assert st3.content_hash != st.content_hash and "inputs changed" in again.notes[0]


def test_hash_depends_on_content_and_model():
    a = [_ex(1)]
    assert content_hash(a, "m1") == content_hash(list(a), "m1")
    assert content_hash(a, "m1") != content_hash(a, "m2")
    assert content_hash(a, "m1") != content_hash([_ex(1, text="other")], "m1")


@pytest.mark.parametrize("damage", ["delete", "truncate", "garbage"])
def test_damaged_index_is_rebuilt_with_a_message(tmp_path, embedder, small, damage):
    path = tmp_path / "index"
    ExemplarIndex(path=path, embedder=embedder).ensure(small)
    from chromadb.api.shared_system_client import SharedSystemClient
    SharedSystemClient.clear_system_cache()
    db = path / "chroma.sqlite3"
    if damage == "delete":
        import shutil
        shutil.rmtree(path)
    elif damage == "truncate":
        db.write_bytes(db.read_bytes()[:4096])
    else:
        db.write_bytes(b"this is not a database" * 100)
    idx = ExemplarIndex(path=path, embedder=embedder)
    st = idx.ensure(small)
    assert st.built and not st.stale
    if damage != "delete":
        assert idx.notes and "rebuilding" in idx.notes[0]
    assert sum(st.counts["culturecare"].values()) == 3


def test_retrieval_offers_only_strong_models_and_labels_contrast(tmp_path, embedder, small, library):
    idx = ExemplarIndex(path=tmp_path / "index", embedder=embedder)
    idx.ensure(small)
    s = library.get("de-pflege-mutter-ostsee")
    q = embedder.encode([s.opening_line], query=True)[0]
    out = retrieve(idx, q, s)
    models = [e for e in out if e.role == "model"]
    assert len(models) == 3 and len({e.text for e in models}) == 3
    assert all(e.grade == "strong" or (e.empathy_score or 0) >= 4 for e in models)
    assert models[0].source == "authored:de-pflege-mutter-ostsee" and "written for this scenario" in models[0].why
    contrast = [e for e in out if e.role == "contrast"]
    assert [e.text for e in contrast] == ["Just move out, problem solved."]
    assert "lands less well" in contrast[0].why and "rated 1/5" in contrast[0].why


def test_provenance_is_computed_where_exemplars_are_retrieved(tmp_path, embedder, small, library):
    idx = ExemplarIndex(path=tmp_path / "index", embedder=embedder)
    idx.ensure(small)
    s = library.get("de-pflege-mutter-ostsee")
    q = embedder.encode([s.opening_line], query=True)[0]
    out = retrieve(idx, q, s, k=12)
    by = {e.provenance: e for e in out}
    assert set(by) == {"this_scenario", "other_scenario", "culturecare_peer", "contrast"}
    assert by["this_scenario"].heading == "Model reply to this client"
    assert by["this_scenario"].source_title == s.title
    other = library.get(by["other_scenario"].source.split(":", 1)[1])
    assert other.id != s.id and by["other_scenario"].source_title == other.title
    assert by["other_scenario"].heading == f"Model reply to another client ({other.persona.name})"
    assert by["culturecare_peer"].heading == f"Model reply from a CultureCare peer ({by['culturecare_peer'].culture})"
    assert by["contrast"].heading == "Contrast: a weaker peer reply (CultureCare)"
    assert all(e.provenance == "this_scenario" for e in out if e.source == f"authored:{s.id}")


def test_index_format_is_part_of_the_hash(monkeypatch):
    import vectorstore.index as index
    before = content_hash([_ex(1)], "m1")
    monkeypatch.setattr(index, "INDEX_FORMAT", index.INDEX_FORMAT + 1)
    assert content_hash([_ex(1)], "m1") != before


@pytest.mark.slow
def test_shared_chroma_server_through_the_setting(tmp_path, embedder, small):
    port = free_port()
    chroma = [sys.executable, "-c", "from chromadb.cli.cli import app; app()"]
    proc = subprocess.Popen(chroma + ["run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1",
                                      "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        idx = ExemplarIndex(url=f"http://127.0.0.1:{port}", embedder=embedder)
        st = idx.ensure(small)
        assert st.built and not st.stale and idx.location.startswith("http://")
        st2 = ExemplarIndex(url=f"http://127.0.0.1:{port}", embedder=embedder).ensure(small)
        assert st2.built_at == st.built_at
    finally:
        proc.terminate()
        proc.wait(timeout=20)
