"""A session as Markdown and as PDF: transcript, every draft version, feedback and scores."""
from __future__ import annotations

import time
from pathlib import Path

from .records import Draft
from .store import SessionRecord

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _when(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else "-"


def session_markdown(rec: SessionRecord, title: str) -> str:
    out = [f"# {title}", "", f"Trainee: {rec.user} · scenario `{rec.scenario_id}` ({rec.culture}) · "
           f"client: {rec.backend} · started {_when(rec.started_at)} · ended {_when(rec.ended_at)}", "",
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
                scores = ", ".join(f"{s.name} {s.score}" for s in fb.scores) if fb else ""
                mark = " (sent)" if d.sent else ""
                out += ["", f"> Draft {d.version}{mark}: {d.text}"]
                if scores:
                    out.append(f">  Scores: {scores}")
                if fb and fb.tip_goal:
                    out.append(f">  Tip: {fb.tip_goal}")
        out += ["", f"**{who}:** {t.text}"]
    if rec.summary:
        sm = rec.summary
        out += ["", "## Summary", "", "| criterion | mean score |", "|---|---|"]
        out += [f"| {r.name} | {r.mean} |" for r in sm.rows()]
        out += ["", f"Strongest: {', '.join(sm.strongest_names) or '-'} · weakest: {', '.join(sm.weakest_names) or '-'}",
                f"Cues reached: {len(sm.reached)}; still held back: {len(sm.held_back)}"]
        if sm.next:
            out.append(f"Next: {sm.next.title} - {sm.next.why}")
    return "\n".join(out) + "\n"


def session_pdf(rec: SessionRecord, title: str) -> bytes:
    """The Markdown text laid out as a PDF; DejaVu (Debian fonts-dejavu-core) covers Latin,
    Cyrillic, Hebrew and Arabic with text shaping; other scripts fall back to '?'."""
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    regular = FONT_DIR / "DejaVuSans.ttf"
    if regular.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        family = "DejaVu"
        try:
            pdf.set_text_shaping(True)
        except Exception:  # uharfbuzz missing: unshaped text is still readable for Latin scripts
            pass
    else:
        family = "Helvetica"
    for line in session_markdown(rec, title).splitlines():
        text = line.replace("**", "").replace("`", "")
        if family == "Helvetica":
            text = text.encode("latin-1", "replace").decode("latin-1")
        if line.startswith("# "):
            pdf.set_font(family, "B", 15)
            text = text[2:]
        elif line.startswith("## "):
            pdf.set_font(family, "B", 12)
            text = text[3:]
        else:
            pdf.set_font(family, "", 9.5)
        if not text.strip():
            pdf.ln(2)
            continue
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
