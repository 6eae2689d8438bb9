"""The dashboard in a real headless Chromium, against the sample corpus ingested by `dyadwatch ingest`.

Loads every page, picks a dyad, follows an event to its document, checks that the sentence is
highlighted, and saves screenshots in test-artifacts/. No request may leave localhost.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from dyadwatch.analyse.story import country_name
from serve_fixtures import build_hand_db, build_sample_db

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # ingests the sample corpus: ~30-60 s

# The only skip: no browser on this machine, and nobody asked for one (CI sets DYADWATCH_REQUIRE_BROWSER).
if not CHROMIUM.exists():
    if os.environ.get("DYADWATCH_REQUIRE_BROWSER"):
        raise RuntimeError("/usr/bin/chromium is missing (apt-get install chromium)")
    pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn  # noqa: PLC0415

    from dyadwatch.serve.app import create_app  # noqa: PLC0415

    db = tmp_path_factory.mktemp("browser") / "samples.duckdb"
    if os.environ.get("DYADWATCH_BROWSER_DB") == "hand":  # a quicker run over hand-made rows, on request
        build_hand_db(db)
    else:
        build_sample_db(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.outside = []  # requests that tried to leave localhost
    tab.errors = []  # JavaScript errors

    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    assert tab.outside == [], f"requests left localhost: {tab.outside}"
    assert tab.errors == [], f"JavaScript errors: {tab.errors}"
    context.close()


def wait_until(check, timeout: float = 15.0, what: str = "condition") -> None:
    """Poll `check()` from Python: Playwright's wait_for_function evaluates its string with eval() while
    polling, which the dashboard's Content-Security-Policy (script-src 'self') rightly forbids."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def shot(tab, name: str) -> None:
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def top_dyad(server) -> dict:
    dyads = httpx.get(f"{server}/api/dyads?limit=1").json()["dyads"]
    assert dyads, "the sample database has no dyad with both actors coded"
    return dyads[0]


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("/", "overview", "Overview"),
        ("/events", "events", "Events"),
        ("/pledges", "pledges", "Pledge tracker"),
        ("/threads", "threads", "Proposals and answers"),
        ("/docs", "api-docs", None),
        ("/alliance", "alliance", "{a} – {b}"),  # no actors asked for: the database's busiest dyad
        ("/agreements", "agreements", "Agreement register"),
        ("/brief", "brief", "Brief {a} – {b}"),
    ],
)
def test_page_loads(page, server, path, name, heading):
    dyad = top_dyad(server)
    if heading and "{a}" in heading:
        names = (country_name, country_name) if path == "/alliance" else (str, str)
        heading = heading.format(a=names[0](dyad["a"]), b=names[1](dyad["b"]))
    res = page.goto(server + path)
    assert res.status == 200
    if heading:
        assert page.locator("h1").first.inner_text().startswith(heading)
    else:  # Swagger UI, served from the package
        page.wait_for_selector(".swagger-ui .info", timeout=15000)
    if path.startswith("/brief"):  # the brief is framed from /brief/raw
        frame = page.frame_locator("#brief")
        assert frame.locator("h1").first.inner_text(timeout=15000)
    shot(page, name)


def test_nav_opens_the_busiest_dyad(page, server):
    dyad = top_dyad(server)
    page.goto(server + "/")
    page.click("#nav-alliance")
    page.wait_for_url("**/alliance?*")
    assert page.input_value("input[name=a]") == dyad["a"] and page.input_value("input[name=b]") == dyad["b"]
    page.click("#nav-dyad")
    page.wait_for_url("**/dyad?*")
    assert page.get_attribute("#dyad-chart", "data-a") == dyad["a"]


def test_overview_counts_match_api(page, server):
    stats = httpx.get(f"{server}/api/stats").json()
    page.goto(server + "/")
    assert page.locator(".card .big").first.inner_text() == str(stats["documents"])
    assert stats["events"] > 0
    assert page.locator("#latest-events tbody tr").count() == min(10, stats["events"])


def test_pick_a_dyad_see_timeline_follow_event_to_its_sentence(page, server):
    dyad = top_dyad(server)
    page.goto(server + "/dyad?a=&b=")
    page.fill("#actor-a", dyad["a"])
    page.fill("#actor-b", dyad["b"])
    page.click("#dyad-form button")
    page.wait_for_url("**/dyad?*")
    page.wait_for_selector("#dyad-chart canvas", timeout=15000)
    wait_until(lambda: int(page.get_attribute("#dyad-chart", "data-points") or 0) > 0, what="chart points")
    rows = page.locator("#dyad-events tbody tr")
    assert rows.count() == dyad["events"] or rows.count() == 200
    shot(page, "dyad")

    link = page.locator("#dyad-events a.evlink").first
    href = link.get_attribute("href")
    event_id = href.split("#e-")[1]
    event = httpx.get(f"{server}/api/events/{event_id}").json()
    link.click()
    page.wait_for_url("**/documents/**")
    current = page.locator(".article .sent.current")
    current.wait_for(timeout=10000)
    assert current.count() == 1
    assert event["sentence"] in current.inner_text()
    assert current.locator(f"#e-{event_id}").count() == 1
    assert current.locator("mark.verb").count() >= 1
    assert page.locator(f"#row-{event_id}.current").count() == 1
    # the highlighted sentence is on screen
    box = current.bounding_box()
    assert box and 0 <= box["y"] < 768
    shot(page, "document")


def test_network_draws_nodes_with_legend(page, server):
    page.goto(server + "/network")
    page.wait_for_selector("#network-chart canvas", timeout=15000)
    wait_until(lambda: int(page.get_attribute("#network-chart", "data-nodes") or 0) > 1, what="network nodes")
    assert "net cooperation" in page.locator(".legend").inner_text()
    time.sleep(0.5)
    shot(page, "network")


def test_actor_autocompletion_offers_codes(page, server):
    dyad = top_dyad(server)
    page.goto(server + "/dyad")
    page.fill("#actor-a", dyad["a"][:2])
    wait_until(lambda: page.locator("#actor-options option").count() > 0, timeout=10, what="autocompletion")
    values = page.eval_on_selector_all("#actor-options option", "els => els.map(e => e.value)")
    assert any(v.startswith(dyad["a"][:2]) for v in values)
