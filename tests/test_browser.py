"""The real app in a real browser: `streamlit run app.py` as a subprocess, driven by Debian's
Chromium through Playwright. One full session (name, library, practice with feedback and a
revision, two sent turns, one of them by keyboard only, summary, progress), no traceback and an
accessible name on every control of every page, and a full-page screenshot of each page in tests/artifacts/.

Playwright cannot download its own browsers here, so this uses /usr/bin/chromium (`make test`
installs the Debian package when it is missing) and skips when it is not there."""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, copy_index, free_port

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 # The app is on 127.0.0.1: never route it through a proxy from the environment.
                 "--no-proxy-server"]
STARTUP_S = 90          # until the server answers its health check
FIRST_RENDER_MS = 120_000  # first page load and first practice load build the library and the index
STEP_MS = 60_000        # one rerun (feedback, send, end) on a slow CI machine

SCENARIO_TITLE = "Caring for a mother with dementia"  # de-pflege-mutter-ostsee
NAME = "Robin Browser"
DRAFT_1 = "That sounds hard."
DRAFT_1_REVISED = ("That sounds exhausting, and tired may be only part of it. "
                   "What has it been like since your mother moved in with you?")
DRAFT_2 = "How does your family see you caring for her on your own?"

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


# --- the app and the browser ---------------------------------------------------------------

def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy for loopback
    try:
        with opener.open(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, built_index, built_cache):
    """`streamlit run app.py` on a free loopback port with its own data dir (holding copies of the
    session's index and embedding cache), only the 24 authored scenarios (the CultureCare dir does not exist) and the
    offline engines. Always terminated."""
    tmp = tmp_path_factory.mktemp("browser-app")
    copy_index(built_index, tmp / "data")
    shutil.copytree(built_cache, tmp / "data" / "cache")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINER_")}
    env.update(TRAINER_DATA_DIR=str(tmp / "data"), TRAINER_CULTURECARE_DIR=str(tmp / "no-culturecare"),
               TRAINER_BACKEND="offline", TRAINER_CONFIG=str(tmp / "absent.toml"),  # not ./trainer.toml
               HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    port = free_port()
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def tail() -> str:
        log.flush()
        return "\n".join((tmp / "streamlit.log").read_text(errors="replace").splitlines()[-30:])

    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_S
        while not _answers(f"{url}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {STARTUP_S} s:\n{tail()}")
            time.sleep(0.25)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: the group is this server only
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless. Not pytest-playwright's fixtures: those want a downloaded browser."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def app_page(chromium, app_url):
    """A fresh browser context (its own Streamlit session) on the app."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, base_url=app_url)
    context.add_init_script(RECORD_MUTATIONS)
    pg = context.new_page()
    pg.set_default_timeout(STEP_MS)       # actions (click, fill)
    expect.set_options(timeout=STEP_MS)   # expectations; their default is 5 s
    try:
        yield pg
    finally:
        expect.set_options(timeout=None)
        context.close()


# --- helpers -------------------------------------------------------------------------------

# Streamlit sends a rerun's elements one by one, and its "Running…" widget shows only after a
# moment: "nothing stale, no spinner" alone can hold before the last element has arrived. So the
# page also records when its DOM last changed, and settle() waits for a short quiet spell.
RECORD_MUTATIONS = """
window.__lastMutation = performance.now();
new MutationObserver(() => { window.__lastMutation = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
QUIET_MS = 400


def settle(page, timeout=STEP_MS):
    """Wait until Streamlit has finished the current rerun: no "Running…" status widget, no
    element left over (stale) from the previous run, no spinner, and no DOM change for QUIET_MS.
    Call it after an expectation that proves the rerun started, since before it starts the page
    also looks idle."""
    page.wait_for_function(
        """(quiet) => !document.querySelector(
                 '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSpinner"]')
                 && performance.now() - window.__lastMutation > quiet""",
        arg=QUIET_MS, timeout=timeout, polling=100)


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def name_box(page):
    # exact: the "?" help button next to it is named "Help for Your name".
    return page.get_by_role("textbox", name="Your name", exact=True)


def chat(page):
    return page.get_by_test_id("stChatMessage")


def screenshot(page, name: str) -> Path:
    """A full-page screenshot. Streamlit scrolls inside its main pane, not the document, so
    `full_page=True` alone shows one viewport: make the viewport as tall as the content first."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent'].map(
        id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight || 0))""")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 20_000)})
    settle(page)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


# Roles a person operates. Chromium's accessibility tree gives each one the name a screen reader
# announces (aria-label, aria-labelledby, an associated <label>, own text, title), with aria-hidden
# parts such as Streamlit's icon ligatures left out, and marks what is not exposed at all (hidden
# inputs, display:none, closed popovers, collapsed expander bodies) as ignored: those are skipped.
CONTROL_ROLES = {"button", "checkbox", "combobox", "link", "listbox", "menuitem", "radio", "searchbox",
                 "slider", "spinbutton", "switch", "tab", "textbox"}


def assert_controls_named(page, where: str) -> list[tuple[str, str]]:
    """Every input, textarea, select, combobox, switch, button and link the page exposes has a
    non-empty accessible name. Returns (role, name) of each."""
    settle(page)
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        controls, unnamed = [], []
        for n in nodes:
            role = (n.get("role") or {}).get("value")
            if n.get("ignored") or role not in CONTROL_ROLES:
                continue
            name = str((n.get("name") or {}).get("value") or "").strip()
            controls.append((role, name))
            if not name:
                node = cdp.send("DOM.describeNode", {"backendNodeId": n["backendDOMNodeId"]})["node"]
                unnamed.append(f"{role}: <{node['nodeName'].lower()} {node.get('attributes')}>")
    finally:
        cdp.detach()
    assert ("textbox", "Your name") in controls, f"{where}: the check did not see the page's controls"
    assert not unnamed, f"{where}: controls without an accessible name:\n" + "\n".join(unnamed)
    return controls


def check_page(page, where: str):
    """No traceback on the page, and every control has an accessible name."""
    settle(page)
    expect(page.get_by_test_id("stException"), f"{where}: the app raised").to_have_count(0)
    assert_controls_named(page, where)


def focused_text(page) -> str:
    return page.evaluate("() => (document.activeElement?.innerText || '').trim()")


def open_library(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Scenario library")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("24 of 24 scenarios")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_role("button", name="Start with ")).to_have_count(24, timeout=STEP_MS)
    settle(page)


def enter_name(page, name):
    box = name_box(page)
    box.fill(name)
    box.press("Enter")  # Streamlit commits a text input on Enter or blur
    expect(box).to_have_value(name)
    settle(page)


def start_scenario(page, title_start):
    # Each card is a row (stHorizontalBlock): the text on the left, its own Start on the right.
    card = page.get_by_test_id("stHorizontalBlock").filter(has_text=title_start)
    expect(card).to_have_count(1)
    card.get_by_role("button", name="Start with ").click()  # each names its client
    expect(page.get_by_role("heading", name="Practice", exact=True)).to_be_visible()


# --- tests ---------------------------------------------------------------------------------

def test_full_session_in_the_browser(app_page):
    page = app_page
    # Library: the 24 authored scenarios, every control named, a screenshot.
    open_library(page)
    enter_name(page, NAME)
    check_page(page, "library")
    screenshot(page, "1-library")

    # Start one scenario.
    start_scenario(page, SCENARIO_TITLE)
    begin = button(page, "Begin session")
    lost = page.get_by_text("Enter your name in the sidebar")
    expect(begin.or_(lost)).to_be_visible(timeout=FIRST_RENDER_MS)
    assert not lost.is_visible(), "the Practice page lost the name entered in the sidebar"
    expect(begin).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_role("heading", name=SCENARIO_TITLE)).to_be_visible()
    check_page(page, "practice, before the session")

    # Begin: the client opens; the first practice load builds the feedback engine and the index.
    begin.click()
    reply = page.get_by_label("Your reply to the client", exact=True)
    expect(reply).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(chat(page)).to_have_count(1, timeout=FIRST_RENDER_MS)
    settle(page, FIRST_RENDER_MS)

    # Turn 1 with the mouse: draft, feedback, revision, feedback again, send.
    reply.fill(DRAFT_1)
    button(page, "Get feedback").click()
    feedback = page.get_by_role("heading", name="Feedback on your draft")
    expect(feedback).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("Empathy", exact=True).first).to_be_visible()
    expect(page.get_by_text("Draft versions for this reply (1)")).to_be_visible()
    settle(page)

    reply.fill(DRAFT_1_REVISED)
    button(page, "Get feedback").click()
    expect(page.get_by_text("Draft versions for this reply (2)")).to_be_visible()
    expect(feedback).to_be_visible()
    expect(page.get_by_text("Your draft beside exemplars")).to_be_visible()
    settle(page)
    # The feedback is on the revision: the "Your draft" column quotes it.
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="Your draft")
           .filter(has_text="What has it been like since your mother moved in").first).to_be_visible()
    check_page(page, "practice, with feedback")
    screenshot(page, "2-practice-feedback")

    button(page, "Send").click()
    expect(chat(page)).to_have_count(3)  # client's opening, my reply, the client's answer
    expect(chat(page).nth(1)).to_contain_text("What has it been like since your mother moved in")
    settle(page)
    expect(chat(page).nth(2)).not_to_have_text("")
    expect(feedback).to_be_hidden()  # feedback belongs to the draft that was sent
    expect(reply).to_have_value("")  # a fresh box for the next turn

    # Turn 2 with the keyboard only: focus the box, type, Tab to "Get feedback", Enter;
    # Tab to "Send", Space.
    reply.focus()
    page.keyboard.type(DRAFT_2)
    page.keyboard.press("Tab")  # leaving the box commits the draft
    assert focused_text(page) == "Get feedback"
    page.keyboard.press("Enter")
    expect(feedback).to_be_visible()
    expect(page.get_by_text("Draft versions for this reply (1)")).to_be_visible()
    settle(page)
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="Your draft")
           .filter(has_text=DRAFT_2).first).to_be_visible()
    expect(button(page, "Get feedback")).to_be_focused()  # the rerun kept the focus in place
    page.keyboard.press("Tab")
    assert focused_text(page) == "Send"
    page.keyboard.press("Space")
    expect(chat(page)).to_have_count(5)
    expect(chat(page).nth(3)).to_contain_text(DRAFT_2)
    settle(page)
    expect(chat(page).nth(4)).not_to_have_text("")

    # End: the summary with the profile chart, the table and the exports.
    button(page, "End session").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(button(page, "Export Markdown")).to_be_visible()
    expect(page.get_by_text("Strongest:")).to_be_visible()
    expect(page.get_by_text("Cues and details the client shared:")).to_be_visible()
    expect(button(page, "Back to the library")).to_be_visible()  # the summary's last element
    expect(reply).to_have_count(0)
    check_page(page, "session summary")
    screenshot(page, "3-session-summary")

    # My progress (sidebar navigation): the ended session with its scores.
    page.get_by_role("link", name="My progress").click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    expect(page.get_by_role("heading", name="Scores over time, per criterion")).to_be_visible()
    expect(page.get_by_role("heading", name="Cultures practised")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(3)  # sessions, scores, cultures
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    check_page(page, "my progress")
    screenshot(page, "4-my-progress")


def test_start_keeps_the_trainee_name(app_page):
    page = app_page
    open_library(page)
    enter_name(page, NAME)
    start_scenario(page, SCENARIO_TITLE)
    begin, lost = button(page, "Begin session"), page.get_by_text("Enter your name in the sidebar")
    expect(begin.or_(lost)).to_be_visible(timeout=FIRST_RENDER_MS)
    settle(page)
    assert begin.is_visible(), "the Practice page asks for the name that the sidebar still shows"
