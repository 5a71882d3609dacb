import argparse
import json
import re
import subprocess
import sys

from helpers import ROOT, free_port, record, write_jsonl

from trainer.cli import build_parser, main

README = ROOT / "README.md"


def _closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/"


def test_import_prints_a_summary_per_culture_and_is_idempotent(tmp_path, capsys):
    src = tmp_path / "src"
    write_jsonl(src / "Testish_data.jsonl", [record("a"), "oops", record("b")])
    assert main(["data", "import", str(src)]) == 0
    out = capsys.readouterr().out
    assert "Testish: 2 posts, 4 distress phrases, 2 cultural signals, 4 support phrases, 6 exemplars, 1 skipped lines [updated]" in out
    assert "note: Testish_data.jsonl:2: not JSON" in out
    assert main(["data", "import", str(src)]) == 0
    assert "[unchanged]" in capsys.readouterr().out
    assert main(["data", "stats"]) == 0
    stats = capsys.readouterr().out.splitlines()
    assert stats[1].split()[:1] == ["Testish"] and "posts" in stats[0]


def test_import_of_a_non_jsonl_file_fails_in_one_line(tmp_path, capsys):
    (tmp_path / "Bad_data.jsonl").write_text("hello\nworld\n")
    assert main(["data", "import", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not JSONL" in err and "Bad_data.jsonl" in err


def test_a_bad_file_is_reported_and_the_others_are_imported(tmp_path, capsys):
    src = tmp_path / "src"
    write_jsonl(src / "A_data.jsonl", [record("a1", culture="A")])
    (src / "B_data.jsonl").write_text("culture,post_id\nB,1\n")
    bad = write_jsonl(src / "C_data.jsonl", [record("c1", culture="C"), record("c2", culture="C")])
    bad.write_bytes(bad.read_bytes().replace(b"c2", b"c\xe92"))  # Latin-1 on line 2
    write_jsonl(src / "D_data.jsonl", [record("d1", culture="D")])
    assert main(["data", "import", str(src)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"error: {src / 'B_data.jsonl'}: not JSONL - no line is a JSON object; expected "
                                "one CultureCare record per line (see ../shared/culturecare/README.md)",
                                f"error: {src / 'C_data.jsonl'}:2: not UTF-8 text (invalid continuation byte); "
                                "save the file as UTF-8"]
    assert [line.split(":")[0] for line in out.splitlines()] == ["A", "D", "2 of 4 files imported; 2 not (see the errors)"]
    assert main(["data", "stats"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]] == ["A", "D", "total"]


def test_import_of_a_missing_dir(tmp_path, capsys):
    assert main(["data", "import", str(tmp_path / "nope")]) == 1
    assert "no such directory" in capsys.readouterr().err


def test_scenarios_list_and_show(tmp_path, capsys):
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [record("t1")])
    main(["data", "import", str(tmp_path / "src")])
    capsys.readouterr()
    assert main(["scenarios", "list", "--culture", "German"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(" authored " in l and " German " in l for l in lines)
    assert main(["scenarios", "list", "--source", "imported", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["cc-testish-t1"] and rows[0]["source"] == "imported"
    assert main(["scenarios", "show", "cc-testish-t1"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == "culturecare:t1" and shown["opening_line"]
    assert main(["scenarios", "show", "nope"]) == 2


def test_validate_reports_file_line_field_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "x-bad.yaml"
    bad.write_text("id: x-bad\ntitle: T\nculture: German\ndifficulty: hard\n")
    assert main(["scenarios", "validate", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:1: persona: Field required (+")
    assert main(["rubrics", "validate", str(bad)]) == 2


def test_validate_passes_on_the_shipped_library(capsys):
    assert main(["scenarios", "validate"]) == 0
    assert main(["rubrics", "validate"]) == 0
    assert " 0 invalid" in capsys.readouterr().err


def _index_status(capsys) -> dict:
    assert main(["index", "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_prepare_without_source_or_network_goes_on(monkeypatch, data_index, capsys):
    monkeypatch.setenv("TRAINER_FETCH_URL", _closed_port_url())
    copied = _index_status(capsys)
    assert copied["built"] and not copied["stale"]
    assert main(["prepare"]) == 0
    out = capsys.readouterr().out
    assert "could not download" in out and "authored scenario library alone" in out
    assert "library: " in out and "authored + 0 imported" in out
    assert _index_status(capsys)["built_at"] == copied["built_at"], "an up-to-date index was rebuilt"


def test_prepare_imports_from_the_source_dir(monkeypatch, tmp_path, capsys):
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [record("t1")])
    monkeypatch.setenv("TRAINER_CULTURECARE_DIR", str(tmp_path / "src"))
    assert main(["prepare"]) == 0
    assert "authored + 1 imported" in capsys.readouterr().out


def test_module_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "trainer", "rubrics", "validate"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "ok:" in r.stdout
    r = subprocess.run([sys.executable, "-m", "trainer", "nonsense"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_index_build_status_and_feedback_commands(capsys):
    assert main(["index", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["stale"] is True and st["built"] is False
    assert main(["index", "build"]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "authored: Arabic 18, Chinese 18, German 18, Jewish 18" in out
    assert main(["index", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["stale"] is False and st["content_hash"] == st["expected_hash"]
    assert main(["feedback", "de-pflege-mutter-ostsee", "Just put her in a home, you deserve a life."]) == 0
    out = capsys.readouterr().out
    assert "Scores (offline):" in out and "1/5 Cultural context" in out and "Tip:" in out
    assert main(["feedback", "de-pflege-mutter-ostsee", "  ", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


def _subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every leaf command of the parser, e.g. "eval consistency", "prepare"."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return [c for name, sp in action.choices.items() for c in _subcommands(sp, prefix + (name,))]
    return [" ".join(prefix)]


def test_every_subcommand_is_in_the_readme_table():
    section = README.read_text().split("## Command line", 1)[1].split("\n## ", 1)[0]
    cells = re.findall(r"^\| (.+?) \| .+ \|$", section, re.M)
    documented = [span.split() for cell in cells for span in re.findall(r"`([^`]+)`", cell)]
    commands = _subcommands(build_parser())
    assert len(commands) >= 16
    missing = [c for c in commands if not any(words[:len(c.split())] == c.split() for words in documented)]
    assert missing == [], f"subcommands missing from README's command table: {', '.join(missing)}"
    unknown = [" ".join(w) for w in documented if w[0] not in {c.split()[0] for c in commands}]
    assert unknown == [], f"README's command table documents commands that do not exist: {unknown}"


def test_a_draft_cannot_drive_the_terminal(tmp_path, capsys):
    """Escape sequences and control characters in a draft (echoed by play, quoted as evidence)
    never reach the terminal raw."""
    script = tmp_path / "replies.txt"
    script.write_text("I hear you \x1b[31mRED\x1b[0m \x1b]0;pwned\x07 and\x08\x08 how \u202eit weighs on you.\n",
                      encoding="utf-8")
    assert main(["play", "de-pflege-mutter-ostsee", "--script", str(script)]) == 0
    out = capsys.readouterr()
    assert "RED" in out.out and "\ufffd" in out.out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out.out + out.err)
    script.write_bytes(b"Hello.\nIt sounds \xff hard.\n")
    assert main(["play", "de-pflege-mutter-ostsee", "--script", str(script)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {script}:2: not valid UTF-8")


def test_undecodable_input_is_one_line_not_a_traceback(monkeypatch, capsys):
    import io
    assert main(["feedback", "de-pflege-mutter-ostsee", "caring \udcff for her"]) == 2  # invalid UTF-8 argv
    e = capsys.readouterr().err
    assert e.startswith("error: argument 3 is not valid UTF-8") and e.count("\n") == 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Hello.\nIt sounds \xff hard.\n"), encoding="utf-8"))
    assert main(["feedback", "de-pflege-mutter-ostsee", "-"]) == 2
    e = capsys.readouterr().err
    assert e.startswith("error: standard input, line 2: not valid UTF-8") and e.count("\n") == 1
