"""The app in a real browser, run by hand after `make run` has prepared the data:
    .venv/bin/python bench/app.py [--repeat 5]
Starts `streamlit run app.py` on a free port, then with Debian's Chromium (Playwright):
cold start to the first rendered page (process start -> library title visible), Get feedback
-> feedback visible (offline), and the app process's peak RSS (VmHWM)."""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import expect, sync_playwright
    port = free_port()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(ROOT / ".venv/bin/streamlit"), "run", "app.py", "--server.headless", "true",
                                 "--browser.gatherUsageStats", "false", "--server.port", str(port),
                                 "--server.address", "127.0.0.1"], cwd=ROOT, env=dict(os.environ),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            page.goto(f"http://127.0.0.1:{port}/")
            expect(page.get_by_role("heading", name="Scenario library")).to_be_visible(timeout=60000)
            cold = time.perf_counter() - t0
            print(f"cold start to first rendered page: {cold:.2f} s")
            page.get_by_role("textbox", name="Your name").fill("Bench")
            page.get_by_role("textbox", name="Your name").press("Enter")
            page.get_by_role("button", name="Start with ").first.click()
            page.get_by_role("button", name="Begin session").click(timeout=120000)
            box = page.get_by_label("Your reply to the client")
            times = []
            for i in range(args.repeat):
                box.fill(f"That sounds exhausting. What has it been like for you lately? ({i})")
                box.press("Control+Enter")  # commit the text area's value before the click
                page.wait_for_timeout(300)
                t = time.perf_counter()
                page.get_by_role("button", name="Get feedback").click()
                expect(page.get_by_text(f"Draft versions for this reply ({i + 1})")).to_be_visible(timeout=30000)
                expect(page.get_by_text("Feedback on your draft")).to_be_visible(timeout=30000)
                times.append(time.perf_counter() - t)
            print(f"Get feedback -> feedback visible: median {statistics.median(times):.2f} s, "
                  f"max {max(times):.2f} s over {len(times)} (first {times[0]:.2f} s)")
            print(f"peak RSS of the app process: {peak_rss_mb(proc.pid):.0f} MB")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
