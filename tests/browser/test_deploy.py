"""The council install, on loopback: nginx (the shipped deploy/nginx-appraisal.conf, ports and paths
substituted) on HTTPS with a self-signed certificate, under /appraisal/, in front of two app servers
started by the shipped systemd unit's command line with the example environment file, on PostgreSQL.

Chromium reaches the public name ``appraisal.test`` on 127.0.0.1 through ``--host-resolver-rules``
(nothing leaves the machine, and the machine's own network address is never used):

1. every page loads through the proxy;
2. the workshop's join link and its QR code (decoded from a screenshot) are the public
   ``https://appraisal.test:PORT/appraisal/join?code=…`` — built from the proxy's forwarded headers
   (the test leaves APPRAISAL_PUBLIC_URL unset, so the headers are what is tested);
3. three participants join from the decoded link and submit; the projector shows them;
4. the app server holding the sessions is stopped: the phones and the projector reconnect through the
   other server and carry on, and nothing submitted before is lost (the reconnect time is measured).

The SQLite backup taken while submissions arrive is tests/appraisal/store/test_backup.py.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, fill_join, free_port, join_as, wait_for_app_run
from tests.conftest import ROOT
from tests.deploy_files import env_file, exec_start, generate_certificate, write_nginx
from tests.postgres import private_schema, schema_url, unavailable_reason

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

HOST = "appraisal.test"
PREFIX = "appraisal"
PAGES = ["", "weights", "scores", "sensitivity", "scrutiny", "savings", "workshop", "join", "briefing", "case_data"]
CI = os.environ.get("CI") == "true"


def _skip_or_fail(reason: str) -> None:
    if CI:
        pytest.fail(f"{reason} — under CI the deploy test must run (.ci/run installs it)")
    pytest.skip(reason)


def _established(port: int) -> int:
    """Open TCP connections to 127.0.0.1:port (nginx's to an app server), from /proc/net/tcp."""
    needle = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as f:
        return sum(1 for line in f.readlines()[1:] if line.split()[1] == needle and line.split()[3] == "01")


def _wait_http(url: str, timeout: float = 60, proc: subprocess.Popen | None = None, log=None) -> None:
    import ssl
    import urllib.request

    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"exited early:\n{log.read_text() if log else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=ctx) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s:\n{log.read_text() if log else ''}")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        _skip_or_fail(reason)
    with private_schema() as (base, schema):
        yield schema_url(base, schema)


@pytest.fixture(scope="module")
def install(browser_available, pg_url, tmp_path_factory) -> Iterator[dict]:
    """Two app servers (the unit's command line) behind nginx (the shipped site) on HTTPS."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        _skip_or_fail("nginx not installed (apt-get install -y nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    cert, key = generate_certificate(prefix, HOST)
    ports = (free_port(), free_port())
    https = free_port()
    conf = write_nginx(prefix, https_port=https, http_port=free_port(), upstreams=ports, cert=cert, key=key, server_name=HOST)
    env = {**os.environ, **env_file(), "APPRAISAL_STORE_URL": pg_url,
           "STREAMLIT_SERVER_COOKIE_SECRET": uuid.uuid4().hex}
    env.pop("APPRAISAL_PUBLIC_URL")  # the join address must come from the proxy's headers here
    servers: dict[int, subprocess.Popen] = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for port in ports:
        log = ARTIFACTS / f"deploy-app-{port}.log"
        servers[port] = subprocess.Popen(exec_start(port), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    proxy = None
    try:
        for port, proc in servers.items():
            _wait_http(f"http://127.0.0.1:{port}/healthz", proc=proc, log=ARTIFACTS / f"deploy-app-{port}.log")
        proxy = subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
                                 stdout=subprocess.DEVNULL, stderr=(prefix / "nginx.out").open("w"))
        _wait_http(f"https://127.0.0.1:{https}/{PREFIX}/healthz", proc=proxy, log=prefix / "error.log")
        yield {"https": https, "ports": ports, "servers": servers, "base": f"https://{HOST}:{https}/{PREFIX}",
               "prefix": prefix, "pg": pg_url}
    finally:
        if proxy is not None:
            proxy.send_signal(signal.SIGQUIT)
            try:
                proxy.wait(10)
            except subprocess.TimeoutExpired:
                proxy.kill()
        for proc in servers.values():
            if proc.poll() is None:
                proc.terminate()
                proc.wait(20)
        for name in ("error.log", "logs/appraisal.error.log"):
            if (prefix / name).exists():
                shutil.copy(prefix / name, ARTIFACTS / f"deploy-nginx-{name.replace('/', '-')}")


@pytest.fixture(scope="module")
def browser(install, playwright_driver) -> Iterator[object]:  # noqa: ANN001
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM,
                                          args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1, EXCLUDE localhost"])
    try:
        yield b
    finally:
        b.close()


def _context(browser, phone: bool = False):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 720}
    ctx = browser.new_context(viewport=size, ignore_https_errors=True, is_mobile=phone, has_touch=phone)
    ctx.set_default_timeout(30_000)
    return ctx


def _no_error(page, where: str) -> None:
    assert page.get_by_test_id("stException").count() == 0, f"{where}: a traceback is shown"
    assert "Traceback" not in page.inner_text("body"), where


def _submissions(page):
    return page.get_by_test_id("stMetric").filter(has_text="Submissions").get_by_test_id("stMetricValue")


def _decode_qr(png: bytes) -> list[str]:
    import io

    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _join(phone, link: str, council: str, name: str) -> None:
    join_as(phone, link, council, name)
    phone.locator(".st-key-join_submit button").click()
    wait_for_app_run(phone)
    expect(phone.get_by_text("Your weights are in")).to_be_visible()


def test_pages_security_headers_and_health_through_the_proxy(install, browser) -> None:
    ctx = _context(browser)
    page = ctx.new_page()
    try:
        response = page.goto(f"{install['base']}/")
        assert response is not None and response.status == 200
        headers = response.all_headers()
        assert headers["strict-transport-security"].startswith("max-age=")
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        for name in PAGES:
            page.goto(f"{install['base']}/{name}")
            wait_for_app_run(page)
            assert page.locator("h1").count() >= 1, f"/{name}: no title drawn through the proxy"
            _no_error(page, f"/{name}")
        fetch = "async u => { const r = await fetch(u); return [r.status, r.url, await r.text()]; }"
        status, _, body = page.evaluate(fetch, f"{install['base']}/healthz")  # in the browser: its resolver rules
        assert status == 200 and body.startswith("ok: PostgreSQL database"), body
        status, url, _ = page.evaluate(fetch, f"https://{HOST}:{install['https']}/")
        assert (status, url) == (200, f"{install['base']}/"), "/ leads to /appraisal/"
    finally:
        ctx.close()


def test_workshop_through_the_proxy_survives_a_server_stopping(install, browser, sample_case, record_property) -> None:
    from appraisal.formats.mapping import case_to_mapping
    from appraisal.store.repository import Store

    store = Store(install["pg"])
    new = store.create_workshop("data:shared_management_review.yaml", case_to_mapping(sample_case))
    code = new.workshop.code
    councils = list(new.workshop.councils.values())
    expected = f"https://{HOST}:{install['https']}/{PREFIX}/join?code={code}"
    figures: dict[str, object] = {}

    projector_ctx = _context(browser)
    projector = projector_ctx.new_page()
    phones = []
    try:
        projector.goto(f"{install['base']}/workshop?code={code}")
        wait_for_app_run(projector)
        link = projector.get_by_test_id("stCode").first.inner_text().strip()
        assert link == expected, "the join link carries the public address through the proxy"
        assert projector.get_by_text("Phones cannot reach").count() == 0
        qr = projector.get_by_test_id("stImage").locator("img").first
        qr.scroll_into_view_if_needed()
        decoded = _decode_qr(projector.screenshot(full_page=False))
        assert decoded == [expected], f"the QR code says {decoded}"

        # Three participants join from the decoded link and submit through the proxy.
        for i in range(3):
            ctx = _context(browser, phone=True)
            phones.append((ctx, ctx.new_page()))
            _join(phones[-1][1], decoded[0], councils[i % len(councils)], f"Member {i + 1}")
        expect(_submissions(projector)).to_have_text("3", timeout=15_000)

        # Stop the server holding the sessions (every browser here shares one address, so one server).
        busy = [p for p in install["ports"] if _established(p) > 0]
        assert len(busy) == 1, f"sticky sessions put every browser on one server: {busy}"
        stopped_port = busy[0]
        install["servers"][stopped_port].terminate()
        install["servers"][stopped_port].wait(20)
        stopped = time.monotonic()
        phone = phones[0][1]
        phone.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="detached", timeout=30_000)
        wait_for_app_run(phone)  # reconnected (to the other server) and rerun from its address
        figures["reconnect_s"] = round(time.monotonic() - stopped, 2)
        # The first participant changes a weight and submits again, on the other server.
        fill_join(phone, councils[0], "Member 1 (after the stop)")
        phone.locator(".st-key-join_submit button").click()
        wait_for_app_run(phone)
        expect(phone.get_by_text("Your weights are in")).to_be_visible()
        figures["participant_working_again_s"] = round(time.monotonic() - stopped, 2)
        _no_error(phone, "join page after the server stopped")
        # A fourth participant joins after the stop; the projector (reconnected too) shows everyone.
        ctx = _context(browser, phone=True)
        phones.append((ctx, ctx.new_page()))
        _join(phones[-1][1], decoded[0], councils[-1], "Member 4 (after the stop)")
        names = {s.display_name for s in store.submissions(code, new.facilitator_key)}
        assert {"Member 2", "Member 3", "Member 4 (after the stop)"} <= names, names
        assert "Member 1" in names or "Member 1 (after the stop)" in names, names
        total = len(names)
        expect(_submissions(projector)).to_have_text(str(total), timeout=30_000)
        figures["projector_up_to_date_s"] = round(time.monotonic() - stopped, 2)
        _no_error(projector, "projector after the server stopped")
        assert [p for p in install["ports"] if _established(p) > 0] == [p for p in install["ports"] if p != stopped_port]
    finally:
        for ctx, _ in phones:
            ctx.close()
        projector_ctx.close()
        store.dispose()
    summary = json.dumps(figures)
    record_property("deploy", summary)
    print("deploy:", summary)
    (ARTIFACTS / "deploy.json").write_text(summary)
