"""A session as Markdown and as PDF: transcript, every draft version, feedback and scores."""
from __future__ import annotations

import time
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from .markup import HARD_BREAK, escape
from .records import Draft
from .store import SessionRecord

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _when(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else "-"


def session_markdown(rec: SessionRecord, title: str) -> str:
    """Every piece of text that is not the exporter's own (the trainee's name and drafts, the
    client's lines, titles, names, tips) is escaped (trainer.markup): a draft cannot forge a
    client line, a heading or a score table; its own line breaks stay inside its turn."""
    one_line = partial(escape, newline=" ")
    out = [f"# {one_line(title)}", "", f"Trainee: {one_line(rec.user)} · scenario `{rec.scenario_id}` "
           f"({one_line(rec.culture)}) · client: {rec.backend} · started {_when(rec.started_at)} · "
           f"ended {_when(rec.ended_at)}", "",
           "_Training material - not a clinical record and not a crisis service._", ""]
    drafts: dict[int, list[Draft]] = {}
    for d in rec.drafts:
        drafts.setdefault(d.turn_idx, []).append(d)
    out.append("## Transcript")
    for t in rec.turns:
        who = "Client" if t.role == "client" else "You"
        if t.role == "trainee":
            for d in drafts.get(t.idx, []):
                fb = d.feedback
                scores = ", ".join(f"{one_line(s.name)} {s.score}" for s in fb.scores) if fb else ""
                mark = " (sent)" if d.sent else ""
                out += ["", f"> Draft {d.version}{mark}: {escape(d.text, newline=HARD_BREAK + '> ')}"]
                if scores:
                    out.append(f">  Scores: {scores}")
                if fb and fb.tip_goal:
                    out.append(f">  Tip: {one_line(fb.tip_goal)}")
        out += ["", f"**{who}:** {escape(t.text)}"]
    if rec.summary:
        sm = rec.summary
        out += ["", "## Summary", "", "| criterion | mean score |", "|---|---|"]
        out += [f"| {one_line(r.name)} | {r.mean} |" for r in sm.rows()]
        out += ["", f"Strongest: {one_line(', '.join(sm.strongest_names)) or '-'} · "
                    f"weakest: {one_line(', '.join(sm.weakest_names)) or '-'}",
                f"Cues reached: {len(sm.reached)}; still held back: {len(sm.held_back)}"]
        if sm.next:
            out.append(f"Next: {one_line(sm.next.title)} - {one_line(sm.next.why)}")
    return "\n".join(out) + "\n"


def session_html(rec: SessionRecord, title: str) -> str:
    """The Markdown text as the HTML the PDF lays out: CommonMark with tables (raw HTML in a
    draft stays text, each line break is kept); a draft's lines sit directly in its block
    quote (fpdf2 indents a quote but not a paragraph inside one); the summary table is
    narrower than the page, criterion column wide."""
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    tokens = md.parse(session_markdown(rec, title))
    quoted = 0
    for tok in tokens:
        if tok.type in ("blockquote_open", "blockquote_close"):
            quoted += 1 if tok.type == "blockquote_open" else -1
        elif tok.type in ("paragraph_open", "paragraph_close") and quoted:
            tok.hidden = True
        elif tok.type == "table_open":
            tok.attrs.update({"width": "60%", "align": "left"})
        elif tok.type in ("th_open", "td_open"):
            tok.attrs["align"] = "left"
    for tok, width in zip([t for t in tokens if t.type == "th_open"], ("75%", "25%")):
        tok.attrs["width"] = width
    return md.renderer.render(tokens, md.options, {})


def _fonts(pdf: FPDF) -> tuple[str, str]:
    """Register DejaVu (Debian fonts-dejavu-core: Latin, Cyrillic, Hebrew, Arabic) with text
    shaping; (text family, code family), or the built-in Latin-1 fonts when it is missing."""
    if not (FONT_DIR / "DejaVuSans.ttf").exists():
        return "Helvetica", "Courier"
    for style, suffix in (("", ""), ("B", "-Bold"), ("I", "-Oblique"), ("BI", "-BoldOblique")):
        pdf.add_font("DejaVu", style, str(FONT_DIR / f"DejaVuSans{suffix}.ttf"))
    pdf.add_font("DejaVuMono", "", str(FONT_DIR / "DejaVuSansMono.ttf"))
    try:
        pdf.set_text_shaping(True)
    except Exception:  # uharfbuzz missing: unshaped text is still readable for Latin scripts
        pass
    return "DejaVu", "DejaVuMono"


@cache
def _pdf_class() -> type[FPDF]:
    """FPDF whose HTML layout runs the Unicode bidi algorithm on each piece of text, as
    multi_cell does (fpdf2 2.8's write_html does not): an English line with Hebrew or Arabic in
    it keeps its left-to-right order and each right-to-left run reads right to left."""
    from fpdf import FPDF
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import TextDirection
    from fpdf.html import HTML2FPDF

    class BidiHTML2FPDF(HTML2FPDF):
        def _write_paragraph(self, text: str, link: int | str | None = None) -> None:
            shaping = self.pdf.text_shaping
            if not shaping or not text.strip():
                super()._write_paragraph(text, link)
                return
            shaping["paragraph_direction"] = TextDirection.LTR
            for run, direction in BidiParagraph(text=text, base_direction=TextDirection.LTR).get_bidi_fragments():
                shaping["fragment_direction"] = direction  # captured by each fragment's graphics state
                super()._write_paragraph(run, link)

        def _ln(self, h: float | None = None) -> None:
            if self.table is None:  # the break asked for as a table opens lands after it: one is enough
                super()._ln(h)

    class SessionPDF(FPDF):
        HTML2FPDF_CLASS = BidiHTML2FPDF

    return SessionPDF


def session_pdf(rec: SessionRecord, title: str) -> bytes:
    """The Markdown text laid out by fpdf2's own HTML rendering: headings, bold, drafts as
    block quotes, the summary as a table. Scripts DejaVu lacks (Chinese) are left blank; with
    the built-in fonts (no DejaVu) everything outside Latin-1 becomes '?'."""
    from fpdf import FontFace, TextStyle
    pdf = _pdf_class()()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    family, mono = _fonts(pdf)
    html = session_html(rec, title)
    if family == "Helvetica":
        html = html.encode("latin-1", "replace").decode("latin-1")
    pdf.set_font(family, size=10)
    ink = "#1f2937"
    pdf.write_html(html, font_family=family, table_line_separators=True, tag_styles={
        "h1": TextStyle(font_family=family, font_style="B", font_size_pt=16, color=ink, t_margin=0, b_margin=1),
        "h2": TextStyle(font_family=family, font_style="B", font_size_pt=12.5, color=ink, t_margin=5, b_margin=1),
        "blockquote": TextStyle(color="#4b5563", l_margin=6, t_margin=2, b_margin=0),
        "p": TextStyle(t_margin=2),
        "code": FontFace(family=mono),
    })
    return bytes(pdf.output())
