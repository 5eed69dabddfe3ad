"""Sign-in for real: the app (app.py) with an ``[auth]`` section in a temporary secrets file, against a
local OpenID Connect provider (oidc-provider-mock, started by the test on loopback), in Chromium.

1. "Sign in" goes to the provider; choosing a user there comes back signed in: the sidebar shows the
   provider's name (literally, markup and all) and e-mail; axe-core finds nothing serious on that page.
2. With the case's editors list set in the store, the editor restores an old version (the version is
   recorded with her verified name and e-mail) and a signed-in non-editor is refused with the sentence.
3. "Sign out" goes through the provider's end-session page and back, signed out.

Nothing leaves the machine: the browser context aborts every request that is not to 127.0.0.1 (the
provider's pages ask for a stylesheet on a CDN). The repository's .streamlit/ is never written: the
secrets file is passed with ``--secrets.files``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from appraisal.case.changes import Actor, RenameWeightSet
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, free_port, stop, wait_for_app_run
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

for _module, _why in (("oidc_provider_mock", "oidc-provider-mock (requirements-dev.txt)"),
                      ("authlib", "Authlib (requirements.txt; st.login needs it)")):
    if importlib.util.find_spec(_module) is None:   # found, not imported: the app and the provider import them
        if os.environ.get("CI") == "true":
            pytest.fail(f"{_why} is missing in CI", pytrace=False)
        pytest.skip(f"{_why} is not installed; the sign-in browser test is skipped", allow_module_level=True)

CASE_ID = "shared_management_review"    # the default case (ui.cases.DEFAULT_CASE)
EDITOR = {"sub": "ann", "name": "Ann Smith", "email": "ann@council.gov.uk"}
OTHER = {"sub": "bob", "name": "Bob <b>Jones</b>", "email": "bob@council.gov.uk"}   # a name with markup


def _wait_ok(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s:\n{log.read_text()}")


@dataclass(frozen=True)
class SignInApp:
    url: str
    provider: str
    store_url: str


@pytest.fixture(scope="module")
def signin_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignInApp]:
    """The provider on one loopback port, the app with sign-in configured on another, a fresh store."""
    tmp = tmp_path_factory.mktemp("sign_in")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    provider_port, app_port = free_port(), free_port()
    provider = f"http://127.0.0.1:{provider_port}"
    provider_log = ARTIFACTS / f"oidc-provider-{provider_port}.log"
    # Plain http on loopback: Authlib refuses it unless told this is a test.
    provider_proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(provider_port),
         "--user-claims", json.dumps(EDITOR), "--user-claims", json.dumps(OTHER)],
        stdout=provider_log.open("w"), stderr=subprocess.STDOUT, env={**os.environ, "AUTHLIB_INSECURE_TRANSPORT": "1"},
    )
    app_proc = None
    try:
        _wait_ok(f"{provider}/.well-known/openid-configuration", provider_proc, provider_log)
        secrets = tmp / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
            f'cookie_secret = "{os.urandom(24).hex()}"\n'
            'client_id = "options-appraisal-studio"\n'
            'client_secret = "test-only-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        )
        store_url = f"sqlite:///{tmp / 'appraisal.sqlite3'}"
        app_log = ARTIFACTS / f"streamlit-sign-in-{app_port}.log"
        app_proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true", f"--server.port={app_port}",
             "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
             "--server.runOnSave=false", f"--secrets.files={secrets}"],
            cwd=ROOT, stdout=app_log.open("w"), stderr=subprocess.STDOUT,
            env={**os.environ, "APPRAISAL_STORE_URL": store_url},
        )
        _wait_ok(f"http://127.0.0.1:{app_port}/_stcore/health", app_proc, app_log)
        yield SignInApp(f"http://127.0.0.1:{app_port}", provider, store_url)
    finally:
        if app_proc is not None:
            stop(app_proc)
        stop(provider_proc)


@pytest.fixture
def browser_page(chromium) -> Iterator[object]:  # noqa: ANN001
    """A fresh context (no sign-in cookie) that can reach loopback only."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})

    def loopback_only(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", loopback_only)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


def _sidebar_text(page) -> str:  # noqa: ANN001
    # The app puts an invisible word joiner after "@" so an address never becomes a link.
    return page.get_by_test_id("stSidebar").inner_text().replace("\u2060", "")


def _sign_in(page, app: SignInApp, who: dict[str, str], path: str = "") -> None:  # noqa: ANN001
    page.goto(f"{app.url}/{path}")
    wait_for_app_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app.provider}/oauth2/authorize**")
    page.get_by_role("button", name=who["sub"], exact=True).click()   # the provider's predefined user
    page.wait_for_url(f"{app.url}/**")
    wait_for_app_run(page)
    expect(sidebar.get_by_role("button", name="Sign out")).to_be_visible()
    if path:
        page.goto(f"{app.url}/{path}")
        wait_for_app_run(page)


def _library(app: SignInApp):  # noqa: ANN202
    """The app's case library, from the test process (the environment variable wins over a URL given,
    and the tests' autouse fixture points it at a store of their own, so it is pointed here first)."""
    from appraisal.store.config import ENV_VAR
    from appraisal.store.library import CaseLibrary
    from appraisal.store.repository import open_store

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_VAR, app.store_url)
        return CaseLibrary(open_store())


def _two_versions_with_editors(app: SignInApp) -> int:
    """Give the default case a second version and an editors list (as a council's administrator would);
    returns the head version."""
    lib = _library(app)
    head = lib.head(CASE_ID)
    if head < 2:
        first = lib.get(CASE_ID).case.weight_sets[0]
        lib.apply(CASE_ID, RenameWeightSet("rename", set_id=first.id, name=f"{first.name} (renamed)"), head,
                  Actor("Test setup"))
    lib.set_editors(CASE_ID, [EDITOR["email"].upper()], Actor("Test setup"))
    return lib.head(CASE_ID)


def _restore_version_1(page) -> None:  # noqa: ANN001
    box = page.locator(".st-key-hist_open").get_by_role("combobox")
    box.click()
    box.press_sequentially("Version 1")
    box.press("Enter")
    wait_for_app_run(page)
    expect(page.get_by_text("Version 1 of ", exact=False)).to_be_visible()
    button = page.get_by_role("button", name="Restore version 1 as a new version")
    if button.count() and button.is_enabled():   # the page may show the refusal instead of the button
        button.click()
        wait_for_app_run(page)


def test_sign_in_shows_the_providers_name_and_email(signin_app: SignInApp, browser_page) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(signin_app.url)
    wait_for_app_run(page)
    assert "Sign in with your council account" in _sidebar_text(page)
    _sign_in(page, signin_app, OTHER)
    assert "Signed in as Bob <b>Jones</b> (bob@council.gov.uk)" in _sidebar_text(page), "shown literally"
    assert page.get_by_test_id("stSidebar").locator("b", has_text="Jones").count() == 0, "never HTML"
    violations = axe_serious(page)
    assert not violations, axe_report(violations)


def test_an_editor_may_restore_and_is_recorded_verified(signin_app: SignInApp, browser_page) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(signin_app.url)       # the first visit seeds the store with the shipped cases
    wait_for_app_run(page)
    head = _two_versions_with_editors(signin_app)
    _sign_in(page, signin_app, EDITOR, "history")
    assert "Signed in as Ann Smith (ann@council.gov.uk)" in _sidebar_text(page)
    _restore_version_1(page)
    expect(page.get_by_test_id("stMain").get_by_text(f"saved as version {head + 1}", exact=False)).to_be_visible()
    latest = _library(signin_app).history(CASE_ID)[0]
    assert (latest.version, latest.route) == (head + 1, "restore")
    assert (latest.author, latest.email, latest.verified) == ("Ann Smith", "ann@council.gov.uk", True)


def test_a_non_editor_is_refused_with_the_sentence(signin_app: SignInApp, browser_page) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(signin_app.url)
    wait_for_app_run(page)
    head = _two_versions_with_editors(signin_app)
    _sign_in(page, signin_app, OTHER, "history")
    _restore_version_1(page)
    main = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "Only the case's editors can restore an old version." in main
    assert "You are signed in as Bob <b>Jones</b> (bob@council.gov.uk)" in main
    assert "ask the case's editor (ann@council.gov.uk)" in main
    assert _library(signin_app).head(CASE_ID) == head, "nothing saved"


def test_sign_out_goes_through_the_provider_and_back(signin_app: SignInApp, browser_page) -> None:  # noqa: ANN001
    page = browser_page
    _sign_in(page, signin_app, EDITOR)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{signin_app.provider}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signin_app.url}/**")
    wait_for_app_run(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Sign in")).to_be_visible()
    assert "Signed in as" not in _sidebar_text(page)
    page.goto(signin_app.url)   # a new session: the identity cookie is gone
    wait_for_app_run(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Sign in")).to_be_visible()


def test_an_editor_sets_the_editors_list_on_the_case_data_page(signin_app: SignInApp, browser_page) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(signin_app.url)
    wait_for_app_run(page)
    _two_versions_with_editors(signin_app)
    _sign_in(page, signin_app, EDITOR, "case_data")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Who may change this case")).to_be_visible()
    box = page.locator(".st-key-cd_editors textarea")
    box.fill(f"{EDITOR['email']}\nclerk@council.gov.uk")
    box.press("Tab")   # leave the box so its value reaches the server before the button
    wait_for_app_run(page)
    page.locator(".st-key-cd_editors_save button").click()
    wait_for_app_run(page)
    expect(main.get_by_text("Editors saved", exact=False)).to_be_visible()
    editors = next(c.editors for c in _library(signin_app).list_cases() if c.id == CASE_ID)
    assert editors == ("ann@council.gov.uk", "clerk@council.gov.uk")
