"""Real-browser fixtures: one Streamlit server and one headless Chromium for the whole session.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright through ``executable_path``;
Playwright's own browser download does not work here. Without Chromium the browser tests skip
with that reason — except under CI (CI=true), where .ci/run installs it and a skip would hide a gap.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_streamlit(script: str | Path, port: int, env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    """Start ``streamlit run`` headless on 127.0.0.1:port and wait until /_stcore/health says ok."""
    log = log or ARTIFACTS / f"streamlit-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
         "--server.runOnSave=false"],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start in 60 s:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for_app_run(page, initial_wait_ms: int = 210) -> None:
    """Block until Streamlit has finished re-running (it publishes its state on the stApp element)."""
    page.wait_for_timeout(initial_wait_ms)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached", timeout=30_000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached", timeout=30_000)
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)


def join_as(phone, link: str, council: str, name: str) -> None:  # noqa: ANN001
    """On a phone page: open the join link, choose the council and type the display name."""
    phone.goto(link)
    wait_for_app_run(phone)
    fill_join(phone, council, name)


def fill_join(phone, council: str, name: str) -> None:  # noqa: ANN001
    """On an open join page: choose the council and type the display name."""
    phone.locator(".st-key-join_council").get_by_text(council, exact=True).click()
    wait_for_app_run(phone)
    box = phone.locator(".st-key-join_name input")
    box.fill(name)
    box.press("Enter")
    wait_for_app_run(phone)


def axe_serious(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(1200)  # let Streamlit's fade-in transitions finish, or axe sees half-faded text
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def axe_report(violations: list[dict]) -> str:
    """Readable summary of axe violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n.get('failureSummary', '')[:240]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def browser_available() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run should install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium); browser tests skipped")


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh SQLite store for the browser session's app server."""
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'appraisal.sqlite3'}"


@pytest.fixture(scope="session")
def app_url(browser_available: None, store_url: str) -> Iterator[str]:
    """The real app, served once for every browser test."""
    port = free_port()
    proc = start_streamlit("app.py", port, env={"APPRAISAL_STORE_URL": store_url})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def playwright_driver(browser_available: None) -> Iterator[object]:
    """The one Playwright driver of the session: the sync API allows only one per thread, so a test that
    needs a browser with other flags launches it from here."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright_driver) -> Iterator[object]:  # noqa: ANN001
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def page(chromium) -> Iterator[object]:
    """A fresh browser context (its own session) at 1280×720, a projector's resolution."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


def start_workshop(page, app_url: str, path: str = "workshop") -> str:  # noqa: ANN001
    """Open the facilitator page (``path``, e.g. ``workshop?case=ID``), start a workshop and return its
    code (from the address)."""
    page.goto(f"{app_url}/{path}")
    wait_for_app_run(page)
    page.locator(".st-key-wsf_start button").click()
    wait_for_app_run(page)
    page.wait_for_url(re.compile(r"[?&]code="))
    return parse_qs(urlsplit(page.url).query)["code"][0]
