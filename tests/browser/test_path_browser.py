"""The consensus path in a real browser: step the λ slider with the keyboard, see the candidate move."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run

pytestmark = pytest.mark.browser


def test_keyboard_lambda_slider_moves_the_candidate_on_the_path_chart(page, app_url) -> None:
    page.goto(app_url)
    wait_for_app_run(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Weights").click()
    wait_for_app_run(page)
    page.get_by_role("tab", name="Between the cabinets").click()
    chart = page.locator(".st-key-path_chart .js-plotly-plot").first
    chart.wait_for()
    assert "Stand alone overtakes Improved existing partnership (85 %)" in chart.inner_text()
    assert "Candidate (50 %)" in chart.inner_text()

    slider = page.locator(".st-key-path_lambda input[type=range]")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    # The chart is redrawn in a new element, so wait on the keyed container rather than the old node.
    expect(page.locator(".st-key-path_chart")).to_contain_text("Candidate (55 %)", timeout=30_000)
    assert page.get_by_role("heading", name="Candidate joint set: 55 % of the way").count() == 1

    violations = axe_serious(page)
    assert not violations, axe_report(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "path-after-keyboard.png"), full_page=True)
