"""The PDF export is fpdf2's own layout of the session's Markdown (as HTML): real headings, bold,
drafts as block quotes, the summary as a table; Hebrew and Arabic through DejaVu with shaping.
The text is read back from the PDF through each font's ToUnicode map (no PDF library needed)."""
from __future__ import annotations

import re
import zlib

import pytest

from trainer import export
from trainer.export import session_html, session_markdown, session_pdf
from trainer.markup import escape
from trainer.records import Cue, Draft, DraftFeedback, DraftScore, Recommendation, SessionSummary, Turn
from trainer.store import SessionRecord

NAMES = {"empathy": "Empathy", "cultural_context": "Cultural context", "exploration": "Open exploration",
         "risk_assessment": "Risk assessment"}
HEBREW = "שלום, ואיך המשפחה רואה את זה?"
ARABIC = "أشعر بالتعب كل يوم"


def _session() -> SessionRecord:
    fb = DraftFeedback(scores=[DraftScore(criterion=c, name=n, score=3) for c, n in NAMES.items()],
                       tip_goal="Ask what the tiredness means to her family.")
    summary = SessionSummary(
        turns=2, profile={"empathy": 3.5, "cultural_context": 2.0, "exploration": 4.0, "risk_assessment": 2.0},
        names=NAMES, strongest=["exploration"], weakest=["cultural_context", "risk_assessment"],
        reached=[Cue(kind="family", says="x")], held_back=[Cue(kind="faith", says="y")],
        next=Recommendation(scenario_id="jw-x", title="Night shifts", skill="s", why="Your lowest score was Risk"))
    return SessionRecord(
        id=7, user="Sam", scenario_id="ar-coptic-depression-jersey-city", culture="Arab", backend="offline",
        seed=0, started_at=1.7e9, ended_at=1.7e9 + 600, client_state={}, summary=summary,
        turns=[Turn(idx=0, role="client", text=f"My doctor put me on something. {ARABIC}."),
               Turn(idx=1, role="trainee", text="It sounds like you have been running on empty."),
               Turn(idx=1, role="client", text="In my family we don't talk about this."),
               Turn(idx=2, role="trainee", text=HEBREW),
               Turn(idx=2, role="client", text="They see it as weakness, I think.")],
        drafts=[Draft(turn_idx=1, version=1, text="<b>Everyone</b> feels flat sometimes.", sent=False, feedback=fb),
                Draft(turn_idx=1, version=2, text="It sounds like you have been running on empty.", sent=True,
                      feedback=fb),
                Draft(turn_idx=2, version=1, text=HEBREW, sent=True)])


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Each object's dictionary and its (inflated) stream, read by /Length."""
    objs: dict[int, tuple[bytes, bytes | None]] = {}
    pos = 0
    while m := re.compile(rb"(\d+) 0 obj").search(pdf, pos):
        end, at = pdf.index(b"endobj", m.end()), pdf.find(b"stream", m.end())
        if at == -1 or at > end:
            objs[int(m.group(1))], pos = (pdf[m.end():end], None), end
            continue
        head = pdf[m.end():at]
        length = re.search(rb"/Length (\d+)", head)
        assert length, head
        start = at + len(b"stream") + (2 if pdf[at + 6:at + 8] == b"\r\n" else 1)
        data = pdf[start:start + int(length.group(1))]
        objs[int(m.group(1))] = (head, zlib.decompress(data) if b"/FlateDecode" in head else data)
        pos = start + int(length.group(1))
    return objs


_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(s: bytes) -> bytes:
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                  else _ESC.get(m.group(1), m.group(1)), s, flags=re.S)


def pdf_text(pdf: bytes) -> str:
    """The text a reader extracts: every Tj string decoded through its font's ToUnicode map,
    a line break at each text object's end."""
    objs = _objects(pdf)
    cmaps: dict[int, dict[bytes, str]] = {}
    for n, (head, _) in objs.items():
        if ref := re.search(rb"/ToUnicode (\d+) 0 R", head):
            cmap = objs[int(ref.group(1))][1] or b""
            cmaps[n] = {bytes.fromhex(k.decode()): bytes.fromhex(v.decode()).decode("utf-16-be")
                        for k, v in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)}
    fonts = {name: cmaps.get(int(obj), {}) for head, _ in objs.values()
             for name, obj in re.findall(rb"/(F\d+) (\d+) 0 R", head)}
    out, cmap = [], {}
    for _, data in objs.values():
        if data is None or b"BT" not in data:
            continue
        for font, string, end in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj|\b(ET)\b", data, re.S):
            if font:
                cmap = fonts[font]
            elif end:
                out.append("\n")
            else:
                raw = _literal(string)
                out += [cmap.get(raw[i:i + 2], "?") for i in range(0, len(raw), 2)] if cmap else [raw.decode("latin-1")]
    return "".join(out)


def test_summary_table_and_drafts_are_html_not_markdown_markup():
    html = session_html(_session(), "Session #7")
    assert "<table " in html and '<td align="left">Cultural context</td>' in html
    assert "<blockquote>Draft 2 (sent): It sounds like" in html
    assert "&lt;b&gt;Everyone&lt;/b&gt;" in html  # a draft's HTML stays text
    assert "**" not in html and "<br />\nScores: Empathy 3" in html


def test_pdf_lays_out_headings_table_and_right_to_left_text():
    rec = _session()
    pdf = session_pdf(rec, "Session #7")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Session #7" in text and "Transcript" in text and "Summary" in text
    assert "**" in session_markdown(rec, "Session #7") and "**" not in text
    rows = [line for line in text.splitlines() if line.strip()]
    for name, mean in [("Empathy", "3.5"), ("Cultural context", "2.0"), ("Open exploration", "4.0"),
                       ("Risk assessment", "2.0")]:
        assert name in rows and mean in rows, name  # one table cell each, not a "| name | mean |" line
    assert "criterion" in rows and "mean score" in rows
    assert "Draft 1: <b>Everyone</b> feels flat sometimes." in text
    # An English line keeps its order; a Hebrew or Arabic run in it is laid out right to left
    # (a PDF holds glyphs in visual order, so the run reads reversed here).
    assert f"Client: My doctor put me on something. {ARABIC[::-1]}." in rows
    assert f"You: {HEBREW[:-1][::-1]}?" in rows and f"Draft 1 (sent): {HEBREW[:-1][::-1]}?" in rows
    assert "?" * 3 not in text  # no script fell back to the missing-glyph mark


def test_pdf_without_dejavu_falls_back_to_latin_1(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "FONT_DIR", tmp_path / "no-fonts")
    text = pdf_text(session_pdf(_session(), "Session #7"))
    assert "Cultural context" in text.splitlines() and "**" not in text
    assert "?" in text  # Hebrew and Arabic cannot be shown in Helvetica



FORGED = "I hear you.\n\n**Client:** I am fine now.\n\n## Summary\n| criterion | score |\n|---|---|\n| empathy | 5 |"
REAL_CLIENT = [f"My doctor put me on something. {ARABIC}.", "In my family we don't talk about this.",
               "They see it as weakness, I think."]
REAL_TABLE = ["criterion", "mean score", "Empathy", "3.5", "Cultural context", "2.0", "Open exploration", "4.0",
              "Risk assessment", "2.0"]


def _forging_session() -> SessionRecord:
    """The trainee's sent reply (and the draft it was sent from) tries to forge a client line and
    a score table."""
    rec = _session()
    fb = rec.drafts[1].feedback
    rec.turns[1] = Turn(idx=1, role="trainee", text=FORGED)
    rec.drafts[1] = Draft(turn_idx=1, version=2, text=FORGED, sent=True, feedback=fb)
    return rec


def _structure(md: str) -> tuple[list[str], list[str], list[list[str]]]:
    """What a CommonMark renderer makes of the export: its headings, its bold spans, its tables' cells."""
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    bold = [inline[i + 1].content for i, c in enumerate(inline) if c.type == "strong_open"]
    tables, cells = [], []
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            cells = []
        elif t.type in ("th_open", "td_open"):
            cells.append(tokens[i + 1].content)
        elif t.type == "table_close":
            tables.append(cells)
    return headings, bold, tables


def test_a_reply_cannot_forge_client_lines_or_the_summary_in_the_markdown():
    md = session_markdown(_forging_session(), "Session #7")
    headings, bold, tables = _structure(md)
    assert headings == ["Session #7", "Transcript", "Summary"]
    assert bold == ["Client:", "You:", "Client:", "You:", "Client:"]
    assert tables == [REAL_TABLE]
    assert [line.removeprefix("**Client:** ") for line in md.splitlines() if line.startswith("**Client:**")] == REAL_CLIENT
    # the reply's own lines stay inside its turn and its draft, readable
    you = md.split("**You:** ", 1)[1].split("\n\n", 1)[0]
    assert you.count("\\\n") == FORGED.count("\n") and "I am fine now." in you
    draft = md.split("> Draft 2 (sent): ", 1)[1].split("\n>  Scores", 1)[0]
    assert all(line.startswith("> ") for line in draft.splitlines()[1:]) and "| empathy |" in draft.replace("\\", "")


def test_a_reply_cannot_forge_client_lines_or_the_summary_in_the_pdf():
    rows = [line for line in pdf_text(session_pdf(_forging_session(), "Session #7")).splitlines() if line.strip()]
    client = [line for line in rows if line.startswith("Client:")]
    assert len(client) == 3 and client[1:] == [f"Client: {x}" for x in REAL_CLIENT[1:]]
    assert rows.count("Summary") == 1 and rows.count("**Client:** I am fine now.") == 2  # the reply, as typed
    assert rows.count("| empathy | 5 |") == 2 and "empathy" not in rows and "5" not in rows
    summary = rows[rows.index("Summary") + 1:]
    assert summary[:len(REAL_TABLE)] == REAL_TABLE


@pytest.mark.parametrize("text", [
    FORGED, "1. one\n- two\n+ three\n* four\n10) ten", "text\n===\nmore\n---\n***\n___", "> quote\n# heading\n```\nfence",
    "<b>bold</b> <!-- c --> &amp; &#42; <http://e.example/>", "[x](http://e.example/) ![i](http://e.example/a.png) [y][1]\n[1]: /u",
    "`code` ~~gone~~ _em_ *em* a trailing backslash\\", "| a | b |\n|---|---|\n| 1 | 2 |",
])
def test_escaped_text_renders_as_itself_in_one_paragraph(text):
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    kinds = {c.type for c in tokens[1].children or []}
    assert kinds <= {"text", "hardbreak"}, kinds
    shown = "".join("\n" if c.type == "hardbreak" else c.content for c in tokens[1].children or [])
    assert shown == text
