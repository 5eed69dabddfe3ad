"""A workshop in real browsers: two phones (390 px wide) submit through the join page and the
facilitator's projector view shows both without a reload; axe finds nothing serious on either page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _submit_from_phone(chromium, app_url: str, code: str, council: str, name: str, finance_steps: int) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    try:
        phone.goto(f"{app_url}/join?code={code}")
        wait_for_app_run(phone)
        expect(phone.get_by_text(f"workshop {code}")).to_be_visible()
        # Nothing may be wider than the phone's screen (no sideways scrolling).
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        phone.locator(".st-key-join_council").get_by_text(council, exact=True).click()
        wait_for_app_run(phone)
        name_box = phone.locator(".st-key-join_name input")
        name_box.fill(name)
        name_box.press("Enter")
        wait_for_app_run(phone)
        slider = phone.locator(".st-key-join_s_finance input[type=range]")
        slider.focus()
        for _ in range(finance_steps):
            phone.keyboard.press("ArrowRight")
        wait_for_app_run(phone)
        phone.locator(".st-key-join_submit button").click()
        wait_for_app_run(phone)
        expect(phone.get_by_text("Your weights are in")).to_be_visible()
        if council == "Breckland":
            violations = axe_serious(phone)
            assert not violations, "join page: " + axe_report(violations)
            ARTIFACTS.mkdir(exist_ok=True)
            phone.screenshot(path=str(ARTIFACTS / "workshop-join-390px.png"), full_page=True)
    finally:
        context.close()


def test_two_phones_submit_and_the_projector_updates_itself(page, chromium, app_url) -> None:
    page.goto(f"{app_url}/workshop")
    wait_for_app_run(page)
    page.locator(".st-key-wsf_start button").click()
    wait_for_app_run(page)
    page.wait_for_url(re.compile(r"[?&]code="))
    code = parse_qs(urlsplit(page.url).query)["code"][0]
    expect(page.get_by_role("heading", name=f"Code: {code}")).to_be_visible()
    expect(page.get_by_text(f"/join?code={code}").first).to_be_visible()
    page.locator(".st-key-wsf_key_ack button").click()
    wait_for_app_run(page)
    submissions = page.get_by_test_id("stMetric").filter(has_text="Submissions").get_by_test_id("stMetricValue")
    expect(submissions).to_have_text("0")

    _submit_from_phone(chromium, app_url, code, "Breckland", "Cllr <b>Able</b>", 3)
    _submit_from_phone(chromium, app_url, code, "South Holland", "Cllr Baker", 0)

    # No reload, no click: the projector's fragment picks both up by itself.
    expect(submissions).to_have_text("2", timeout=15_000)
    for council in ("Breckland", "South Holland"):
        metric = page.get_by_test_id("stMetric").filter(has_text=council).get_by_test_id("stMetricValue")
        expect(metric).to_have_text("1", timeout=15_000)
    expect(page.get_by_role("heading", name=re.compile("^2 submissions so far"))).to_be_visible(timeout=15_000)
    expect(page.locator(".st-key-wsf_spread_chart .js-plotly-plot")).to_be_visible()
    assert page.url.startswith(f"{app_url}/workshop")  # the same page load throughout

    violations = axe_serious(page)
    assert not violations, "facilitator page: " + axe_report(violations)
    page.screenshot(path=str(ARTIFACTS / "workshop-projector.png"), full_page=True)
