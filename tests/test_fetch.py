import http.server
import threading
from functools import partial

import pytest
from helpers import free_port, record, write_jsonl

from trainer import dataset
from trainer.cli import main

CULTURES = ("Arabic", "Chinese", "German", "Jewish")


@pytest.fixture
def upstream(tmp_path):
    """A local HTTP server holding four upstream-shaped files."""
    root = tmp_path / "upstream"
    for c in CULTURES:
        write_jsonl(root / f"{c}_data.jsonl", [record(f"{c[:2].lower()}1", culture=c)])
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/data", root
    srv.shutdown()


def test_fetch_from_a_url_imports_four_cultures(upstream, tmp_path, capsys, settings):
    url, root = upstream
    # The server serves its root; the URL path "data" must map onto it.
    (root / "data").mkdir()
    for f in root.glob("*.jsonl"):
        (root / "data" / f.name).write_bytes(f.read_bytes())
    assert main(["data", "fetch", "--source", url]) == 0
    out = capsys.readouterr().out
    assert "fetched 4 files" in out
    for c in CULTURES:
        assert f"{c}: 1 posts" in out
    assert sorted(dataset.stats(settings.imported_dir)) == sorted(CULTURES)


def test_fetch_from_a_directory(upstream, settings):
    _, root = upstream
    assert main(["data", "fetch", "--source", str(root)]) == 0
    assert dataset.stats(settings.imported_dir)["Jewish"]["posts"] == 1


def test_without_network_fails_in_one_line(capsys):
    assert main(["data", "fetch", "--source", f"http://127.0.0.1:{free_port()}/x"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "could not download" in err and "data import DIR" in err


def test_missing_file_on_server_is_clear(upstream, capsys):
    url, root = upstream
    assert main(["data", "fetch", "--source", url + "/nowhere"]) == 1
    assert "404" in capsys.readouterr().err
