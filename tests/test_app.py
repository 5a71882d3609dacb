"""Every page through Streamlit's AppTest: library, a full practice session, resume after a
restart, progress with data, and bad input. Practice tests get a copy of the session's index
(`data_index`), so no page builds one."""
import re
import shutil
from dataclasses import replace

import pytest
import streamlit as st
from helpers import ROOT, free_port, record, write_jsonl
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from trainer import dataset
from trainer.config import load_settings
from trainer.models import CoverageItem, Feedback, RetrievedExemplar, Score, StrategyUse
from trainer.practice import SessionSummaryRow
from trainer.records import CriterionMean, Cue, Draft, Recommendation, SessionSummary, Turn
from trainer.store import SessionRecord

REPLIES = ["That sounds exhausting, and tired may be only part of it. What has it been like since she moved in?",
           "It makes sense you feel worn out. How does your family see you caring for her?",
           "I can hear how much you carry. What does being the one who stays mean to you?"]


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _app(name="Sam", **state):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["trainee"] = name
    for k, v in state.items():
        at.session_state[k] = v
    return at


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _chat(at):
    return [m.markdown[0].value for m in at.chat_message]


def test_library_page_lists_and_filters(tmp_path):
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [record("t1")])
    dataset.import_dir(tmp_path / "src", load_settings().imported_dir)
    at = _app().run()
    assert not at.exception and at.title[0].value == "Scenario library"
    total = next(c.value for c in at.caption if " scenarios" in c.value)
    assert total == "25 of 25 scenarios"
    assert "not a crisis service" in at.sidebar.warning[0].value
    assert "offline" in at.sidebar.caption[0].value
    at.selectbox[2].select("imported").run()
    assert next(c.value for c in at.caption if " scenarios" in c.value).startswith("1 of ")
    at.selectbox[2].select("All").run()
    at.selectbox[3].select("with risk").run()
    assert next(c.value for c in at.caption if " scenarios" in c.value).startswith("8 of ")
    at.selectbox[3].select("All").run()
    at.selectbox[0].select("Jewish").run()
    assert next(c.value for c in at.caption if " scenarios" in c.value).startswith("6 of ")


def test_broken_scenario_file_is_shown_and_the_rest_works(tmp_path, monkeypatch):
    sdir = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", sdir)
    (sdir / "zz-broken.yaml").write_text("id: zz-broken\ntitle: [unclosed\n")
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(sdir))
    at = _app().run()
    assert any("zz-broken.yaml" in e.value and "not valid YAML" in e.value for e in at.error)
    assert next(c.value for c in at.caption if " scenarios" in c.value) == "24 of 24 scenarios"


def test_full_practice_session_resume_and_progress(monkeypatch, data_index):
    at = _app(scenario_id="de-pflege-mutter-ostsee")
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception
    _button(at, "Begin session").click().run()
    assert _chat(at)[0].startswith("My GP said")
    # draft, feedback, revise, feedback again: both versions kept
    at.text_area[0].input("Just put her in a home.").run()
    _button(at, "Get feedback").click().run()
    assert [m.label for m in at.metric][0] == "Empathy" and any("Tip" in i.value for i in at.info)
    at.text_area[0].input(REPLIES[0]).run()
    _button(at, "Get feedback").click().run()
    assert any("Draft versions for this reply (2)" in e.label for e in at.expander)
    for i, reply in enumerate(REPLIES):
        if i:
            at.text_area[0].input(reply).run()
        _button(at, "Send").click().run()
        assert not at.exception and len(at.chat_message) == 3 + 2 * i
    # a restart: a new app process state, the same database
    st.cache_resource.clear()
    again = _app(scenario_id="de-pflege-mutter-ostsee")
    again.switch_page("app_pages/practice.py").run()
    resume = again.selectbox[0]
    assert len(resume.options) == 2
    resume.select(resume.options[1]).run()
    _button(again, "Resume").click().run()
    assert len(again.chat_message) == 7 and _chat(again)[1].startswith("That sounds exhausting")
    _button(again, "End session").click().run()
    assert again.header[0].value == "Session summary"
    assert any(i.value.startswith("Next:") for i in again.info)
    assert {d.label for d in again.get("download_button")} == {"Export Markdown", "Export PDF"}
    prog = _app()
    prog.switch_page("app_pages/progress.py").run()
    assert not prog.exception and [s.value for s in prog.subheader][:2] == ["Sessions", "Scores over time, per criterion"]
    assert len(prog.dataframe) == 3


def test_bad_input_in_the_practice_page(monkeypatch, data_index):
    at = _app(scenario_id="jw-kaddish-widower-montreal")
    at.switch_page("app_pages/practice.py").run()
    _button(at, "Begin session").click().run()
    _button(at, "Send").click().run()
    assert "empty" in at.error[0].value and len(at.chat_message) == 1
    _button(at, "Get feedback").click().run()
    assert any("empty" in w.value for w in at.warning)
    typed = "<script>alert(1)</script> **I am sorry** about your wife."
    at.text_area[0].input(typed).run()
    _button(at, "Send").click().run()
    assert _rendered(_chat(at)[1]) == (typed, [])  # shown as typed: no HTML, no bold


def test_unreachable_llm_endpoint_turns_the_badge_and_the_session_goes_on(monkeypatch, data_index):
    port = free_port()
    monkeypatch.setenv("TRAINER_BACKEND", "openai")
    monkeypatch.setenv("TRAINER_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("TRAINER_TIMEOUT", "1")
    monkeypatch.setenv("TRAINER_MAX_RETRIES", "0")
    at = _app(scenario_id="de-pflege-mutter-ostsee")
    at.switch_page("app_pages/practice.py").run()
    assert "unreachable" in at.sidebar.caption[0].value
    _button(at, "Begin session").click().run()
    at.text_area[0].input(REPLIES[0]).run()
    _button(at, "Get feedback").click().run()
    assert any("LLM judge was not used" in c.value for c in at.caption)
    _button(at, "Send").click().run()
    assert len(at.chat_message) == 3 and any("offline client" in c.value for c in at.caption)


def test_name_is_needed_before_practice():
    at = _app(name="")
    at.switch_page("app_pages/practice.py").run()
    assert "Enter your name" in at.info[0].value


class FakePractice:
    """The practice service as the page sees it, holding one session; no engine is built."""

    def __init__(self, rec: SessionRecord, history: list[SessionSummaryRow] = ()):
        self.rec, self.rows = rec, list(history)

    def as_(self, actor) -> "FakePractice":
        self.actor = actor
        return self

    def history(self, user: str | None = None) -> list[SessionSummaryRow]:
        return self.rows

    def record(self, session_id: int) -> SessionRecord:
        assert session_id == self.rec.id
        return self.rec

    def submit(self, session_id: int) -> None:
        self.rec.submitted_at = 1.7e9 + 120


def _record(summary: SessionSummary | None = None, **kw) -> SessionRecord:
    return SessionRecord(id=7, user="Sam", scenario_id="jw-reservist-after-oct7", culture="Jewish", backend="offline",
                         seed=0, started_at=1.7e9, ended_at=1.7e9 + 60 if summary else None,
                         client_state={"rapport": 0.3, "disclosed": []}, summary=summary,
                         turns=[Turn(idx=0, role="client", text="I sleep three hours a night.")], **kw)


@pytest.fixture
def fake_practice(monkeypatch):
    def install(rec: SessionRecord, history=()) -> FakePractice:
        fake = FakePractice(rec, history)
        monkeypatch.setattr("app_pages.shared.practice", lambda: fake)
        return fake
    return install


def test_summary_shows_names_and_every_tie(fake_practice):
    summary = SessionSummary(
        turns=2, profile={"empathy": 2.0, "cultural_context": 4.5, "fluency": 4.5, "risk_assessment": 2.0},
        names={"empathy": "Empathy", "cultural_context": "Cultural context", "fluency": "Fluency",
               "risk_assessment": "Risk assessment"},
        strongest=["cultural_context", "fluency"], weakest=["empathy", "risk_assessment"])
    fake_practice(_record(summary))
    at = _app(session_id=7)
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception and at.header[0].value == "Session summary"
    assert any(m.value == "Strongest: **Cultural context, Fluency** · weakest: **Empathy, Risk assessment**"
               for m in at.markdown)
    assert list(at.dataframe[0].value["criterion"]) == ["Empathy", "Cultural context", "Fluency", "Risk assessment"]
    import json
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["field"] == "criterion" and bars["encoding"]["x2"] == {"datum": 1}


def test_an_ended_session_is_submitted_for_review_and_then_frozen(fake_practice):
    fake = fake_practice(_record(SessionSummary(turns=1)))
    at = _app(session_id=7)
    at.switch_page("app_pages/practice.py").run()
    _button(at, "Submit for review").click().run()
    assert not at.exception and fake.rec.submitted_at
    assert any("frozen" in i.value for i in at.info) and not at.text_area
    assert not [b for b in at.button if b.label == "Submit for review"]
    fake.rec.ended_at = None  # submitted from elsewhere before it ended: still frozen, no reply box
    at.run()
    assert any("frozen" in i.value for i in at.info) and not at.text_area and not at.exception


@pytest.mark.parametrize("status, shown", [("asked", "success"), ("not_asked", "error")])
def test_risk_note_colour_follows_risk_status(fake_practice, status, shown):
    fake_practice(_record(drafts=[Draft(turn_idx=1, version=1, text="Do you sleep?", sent=False)]))
    fb = Feedback(draft="Do you sleep?", scores=[Score(criterion="sociopolitical", name="Socio-political influence",
                                                       score=3, reason="r")],
                  risk_note="A note whose wording the page does not read.", risk_status=status, risk_stage="answered",
                  tip_goal="g", tip_reply="r")
    at = _app(session_id=7, **{"fb-7": fb})
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception
    assert [x.value for x in at.get(shown)] == ["A note whose wording the page does not read."]
    assert any(c.value.startswith("Risk conversation so far") and "**answered**" in c.value for c in at.caption)
    assert [m.label for m in at.metric] == ["Socio-political"]  # the rubric's short label
    assert any("Draft versions for this reply (1)" in e.label for e in at.expander)


def test_resume_picker_lists_unfinished_sessions_from_history(fake_practice):
    rows = [SessionSummaryRow(id=3, scenario_id="x", title="Done", culture="German", started_at=1.0, ended=True,
                              turns=4, profile=[CriterionMean(criterion="empathy", name="Empathy", mean=3.0)]),
            SessionSummaryRow(id=5, scenario_id="y", title="Half way", culture="Jewish", started_at=2.0,
                              ended=False, turns=3, profile=[])]
    fake_practice(_record(), rows)
    at = _app()
    at.switch_page("app_pages/practice.py").run()
    assert at.selectbox[0].options == ["—", "#5 · Half way · 3 turns"]


@pytest.mark.parametrize("page", ["app_pages/practice.py", "app_pages/progress.py"])
def test_unusable_database_says_what_to_do_instead_of_a_traceback(monkeypatch, tmp_path, page):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # the database's folder is a file: it cannot be created or opened
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{blocker}/trainer.db")
    at = _app()
    at.switch_page(page).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")  # the message is shown escaped
    assert "session database is not usable" in shown
    assert "check TRAINER_DATABASE_URL" in shown and "reload this page" in shown


EVIL = "See [x](http://evil.example/) and ![i](http://evil.example/a.png)"
SHOWN = ("[x](http://evil.example/)", "![i](http://evil.example/a.png)")
# The browser's Markdown (react-markdown with remark-gfm, in Streamlit's bundle) also turns bare
# URLs and e-mail addresses in text into links (mdast-util-gfm-autolink-literal's two patterns),
# and Streamlit's own codes into colours, icons and emoji (:red[...], :material/home:, :smile:).
LIVE_IN_TEXT = [re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I),
                re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"), re.compile(r":[a-z][\w/-]*[\[:]", re.I)]


def _rendered(md: str) -> tuple[str, list[str]]:
    """A Markdown string as a CommonMark + GFM renderer shows it: its text, and what in it is
    live (a link, an image, raw HTML, or text the browser would autolink)."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    text, live = [], []
    for tok in tokens:
        if tok.type == "html_block":
            live.append(tok.content)
        for c in tok.children or []:
            if c.type in ("link_open", "image"):
                live.append(f"{c.type}: {c.attrs.get('href') or c.attrs.get('src')}")
            elif c.type == "html_inline":
                live.append(c.content)
            elif c.type in ("text", "code_inline"):
                text.append(c.content)
                live += [m.group(0) for rx in LIVE_IN_TEXT for m in rx.finditer(c.content)]
    return "".join(text).replace("\u2060", ""), live  # a word joiner is invisible


def _markdown_shown(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown: text elements, and widget labels and help."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "success", "warning", "error")
    out = [e.value for kind in kinds for e in at.get(kind)]
    out += [x for b in at.button for x in (b.label, b.help) if x] + [e.label for e in at.expander]
    return out


def _assert_literal(at: AppTest, links: tuple[str, ...] = ()) -> None:
    """No link, image or HTML on the page but the given links; the phrase shown as typed."""
    assert not at.exception
    rendered = [_rendered(md) for md in _markdown_shown(at)]
    assert [x for _, live in rendered for x in live if x not in links] == []
    assert any(all(x in text for x in SHOWN) for text, _ in rendered), "the phrase is not on the page"


@pytest.fixture
def evil_scenario(tmp_path) -> str:
    rec = record("evil", distress=[{"phrase": EVIL, "intensity": "high"}],
                 signals=[{"phrase": f"My family. {EVIL}", "type": "Norms and Morals"}],
                 support=[{"phrase": EVIL, "strategy": "Questions"}])
    write_jsonl(tmp_path / "src" / "Testish_data.jsonl", [rec])
    dataset.import_dir(tmp_path / "src", load_settings().imported_dir)
    return "cc-testish-evil"


def test_imported_links_and_images_show_as_text_in_the_library(evil_scenario):
    at = _app().run()
    _assert_literal(at)
    assert any(EVIL in _rendered(b.help or "")[0] for b in at.button)  # the tooltip too


def test_imported_links_and_images_show_as_text_before_a_session(evil_scenario):
    at = _app(scenario_id=evil_scenario)
    at.switch_page("app_pages/practice.py").run()
    _assert_literal(at)


def test_client_user_and_imported_text_show_as_text_in_a_session(evil_scenario, fake_practice):
    turns = [Turn(idx=0, role="client", text=EVIL),
             Turn(idx=1, role="trainee", text=f"Hello.\n\n## Summary\n{EVIL} :red[x] :material/home: :smile:"),
             Turn(idx=1, role="client", text="Fine.", meta={"note": f"The LLM client failed: {EVIL}"})]
    rec = replace(_record(drafts=[Draft(turn_idx=2, version=1, text=EVIL, sent=False)]),
                  scenario_id=evil_scenario, turns=turns)
    fb = Feedback(draft=EVIL, scores=[Score(criterion="empathy", name="Empathy", score=2, reason=EVIL,
                                            evidence=[EVIL])],
                  strategies=[StrategyUse(sentence=EVIL, strategy="Questions", confidence=0.9)],
                  coverage=[CoverageItem(kind="distress", phrase=EVIL, label="high", engaged=True, evidence=[EVIL])],
                  reliability_notes=[EVIL], risk_note=EVIL, risk_status="asked", risk_stage="cue",
                  tip_goal=EVIL, tip_reply=EVIL, adapted_reply=EVIL,
                  exemplars=[RetrievedExemplar(id="x", text=EVIL, culture="Testish", role="model", source="culturecare:x",
                                               provenance="culturecare_peer", heading=EVIL, similarity=0.5, why=EVIL,
                                               source_url="https://www.reddit.com/x)![i](http://evil.example/b.png)")])
    fake_practice(rec)
    at = _app(session_id=7, **{"fb-7": fb})
    at.switch_page("app_pages/practice.py").run()
    source = "link_open: https://www.reddit.com/x%29%21%5Bi%5D%28http://evil.example/b.png%29"  # quoted: one link
    _assert_literal(at, links=(source,))
    at.toggle[0].set_value(True).run()  # the client's view: what the client still holds back
    _assert_literal(at, links=(source,))
    assert sum(EVIL in t for t, _ in map(_rendered, _markdown_shown(at))) >= 16  # each field above (the signal that repeats the opening is one plan item)


def test_summary_shows_imported_text_as_text(evil_scenario, fake_practice):
    summary = SessionSummary(turns=1, profile={"empathy": 2.0}, names={"empathy": "Empathy"}, strongest=["empathy"],
                             weakest=["empathy"], reached=[Cue(kind="distress", says=EVIL)],
                             next=Recommendation(scenario_id=evil_scenario, title=EVIL, skill="s", why=EVIL))
    rec = replace(_record(summary), scenario_id=evil_scenario)
    fake_practice(rec)
    at = _app(session_id=7)
    at.switch_page("app_pages/practice.py").run()
    _assert_literal(at)


def test_a_judge_disagreement_and_the_judge_notes_are_shown_as_plain_text(fake_practice):
    fake_practice(_record(drafts=[Draft(turn_idx=1, version=1, text="Just stop worrying.", sent=False)]))
    fb = Feedback(draft="Just stop worrying.", scorer="llm", tip_goal="g", tip_reply="r",
                  scores=[Score(criterion="empathy", name="Empathy", score=5, reason="Warm.", evidence=["“Just stop”"],
                                offline_score=1, offline_reason="Minimises what the client feels.")],
                  judge_notes=["Empathy: the judge quoted words that are not in your draft (“**I hear you**”); they were dropped."])
    at = _app(session_id=7, **{"fb-7": fb})
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception
    assert [t.value for t in at.text] == [
        "Empathy: the LLM judge gives 5/5, the offline scorer 1/5 (Minimises what the client feels.). "
        "They disagree by 4 points: weigh both."]
    assert any(r"“\*\*I hear you\*\*”" in c.value and "dropped" in c.value for c in at.caption)  # escaped
