from streamlit.testing.v1 import AppTest

from conftest import ROOT, record, write_jsonl
from trainer import dataset
from trainer.config import load_settings


def _app():
    from app_pages.shared import library
    library.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_library_page_lists_and_filters(tmp_path):
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [record("t1")])
    dataset.import_dir(tmp_path / "src", load_settings().imported_dir)
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Scenario library"
    total = next(c.value for c in at.caption if "scenarios" in c.value)
    n = int(total.split()[2])
    assert n >= 2
    assert "not a crisis service" in at.sidebar.warning[0].value
    at.selectbox[2].select("imported").run()
    shown = next(c.value for c in at.caption if "scenarios" in c.value)
    assert shown.startswith("1 of ")
    at.selectbox[0].select("Testish").run()
    assert any("Testish" in t.value for t in at.text)
