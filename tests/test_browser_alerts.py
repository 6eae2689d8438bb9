"""What changed since you last looked, in a real headless Chromium against `dyadwatch watch --serve`.

A watcher process (the real pipeline) takes an invented report of talks from its folder in round 1 and
serves the dashboard with `--watch-actors JPN`. The browser opens the overview (its first visit: round 1,
no alert); then `dyadwatch ingest` hands the watcher an invented report of a Chinese threat against
Japan, which starts round 2; the browser opens the overview again: round 2 and the threat alert are
there, marked new, as are the events just stored. No request may leave localhost; no script error.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a watcher process loads spaCy: ~20-40 s

# The only skip: no browser on this machine, and nobody asked for one (CI sets DYADWATCH_REQUIRE_BROWSER).
if not CHROMIUM.exists():
    if os.environ.get("DYADWATCH_REQUIRE_BROWSER"):
        raise RuntimeError("/usr/bin/chromium is missing (apt-get install chromium)")
    pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)", allow_module_level=True)

TALKS = ("The foreign minister of Japan met officials from China on Monday to discuss fishing rights near the "
         "reef. Both sides agreed to hold a second round of talks within three weeks.\n")
THREAT = ("China threatened Japan with sanctions on Tuesday after a Japanese survey ship entered waters near "
          "the disputed reef.\n\nThe survey ship left the area on Wednesday, officials in Tokyo said.\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _rounds(base: str) -> list[dict]:
    try:
        return httpx.get(f"{base}/api/rounds", timeout=5).json()["rounds"]
    except httpx.HTTPError:
        return []


@pytest.fixture
def watcher(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    talks = folder / "talks.txt"
    talks.write_text(TALKS, encoding="utf-8")
    settled = time.time() - 120
    os.utime(talks, (settled, settled))
    db = tmp_path / "live.duckdb"
    port = _free_port()
    proc = subprocess.Popen(
        [*CLI, "watch", str(folder), "--db", str(db), "--every", "1h", "--serve", "--port", str(port),
         "--watch-actors", "JPN", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: any(r["finished_at"] for r in _rounds(base)) or proc.poll() is not None, 120, "round 1")
        assert proc.poll() is None, proc.communicate()[1]
        yield {"base": base, "db": db, "tmp": tmp_path}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def test_the_overview_shows_a_new_round_and_an_alert(watcher, browser):
    base = watcher["base"]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # one browser: one localStorage
    tab = context.new_page()
    outside, errors = [], []
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
              else (outside.append(route.request.url), route.abort()))
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # First visit: round 1 with its talks, no alert, nothing marked new.
    assert tab.goto(base + "/").status == 200
    assert tab.locator("#rounds tbody tr[data-round]").count() == 1
    assert tab.locator("#rounds tr[data-round='1'] td").nth(2).inner_text() == "1"  # items new
    assert tab.locator("#alerts li.alert").count() == 0
    assert tab.locator(".new-badge").count() == 0
    assert tab.locator("#since-last-visit").inner_text().startswith("First visit from this browser")

    # New reporting reaches the watcher: `dyadwatch ingest` hands it over, which starts round 2.
    story = watcher["tmp"] / "threat.txt"
    story.write_text(THREAT, encoding="utf-8")
    handed = subprocess.run([*CLI, "ingest", str(story), "--db", str(watcher["db"])], capture_output=True,
                            text=True, timeout=180)
    assert handed.returncode == 0 and "by the watcher's round 2" in handed.stderr + handed.stdout, handed
    round_two = _wait(lambda: next((r for r in _rounds(base) if r["round_id"] == 2 and r["finished_at"]), None),
                      60, "round 2")
    assert round_two["events_added"] > 0

    # Second visit: round 2 on top, marked new; the threat is an alert, marked new, with its sentence.
    tab.goto(base + "/")
    newest = tab.locator("#rounds tbody tr[data-round]").first
    assert newest.get_attribute("data-round") == "2"
    assert "new" in newest.locator(".new-badge").inner_text()
    assert tab.locator("#rounds tr[data-round='1'] .new-badge").count() == 0
    threat = tab.locator("#alerts li.alert", has_text="threat: CHN")
    assert threat.count() == 1
    assert "-> JPN" in threat.inner_text() and threat.locator(".new-badge").count() == 1
    assert "sanctions" in threat.locator(".evidence a").inner_text()
    marked_events = tab.locator("#stored-events tbody tr.is-new")
    assert marked_events.count() == round_two["events_added"]
    assert "marked new" in tab.locator("#since-last-visit").inner_text()
    tab.screenshot(path=str(ARTIFACTS / "overview-new-round-and-alert.png"), full_page=True)

    # The alert's evidence opens the sentence in its document.
    threat.locator(".evidence a").click()
    tab.wait_for_url("**/documents/**")
    current = tab.locator(".article .sent.current")
    current.wait_for(timeout=10000)
    assert "China threatened Japan" in current.inner_text()

    # Back on the overview at once: nothing is new any more.
    tab.goto(base + "/")
    assert tab.locator(".new-badge").count() == 0
    assert tab.locator("#since-last-visit").inner_text().startswith("Nothing new since your last visit")
    assert outside == [], f"requests left localhost: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"
    context.close()
