"""The Savings page in a real browser: open the 2022 case, move a likelihood slider, axe stays clean."""

from __future__ import annotations

import pytest

from appraisal.analysis import savings as sv
from appraisal.formats.load import load_case
from appraisal.report import savings as savings_report
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_savings_page_opens_the_2022_case_and_updates(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/savings")
    wait_for_app_run(page)
    page.get_by_text("has no savings section").wait_for()
    page.locator(".st-key-sav_open_strategic_partnership_2022 button").click()
    wait_for_app_run(page)
    case = load_case(ROOT / "data" / "strategic_partnership_2022.yaml")
    headline = page.get_by_role("heading", level=2).filter(has_text="net of one-off costs")
    assert headline.inner_text() == savings_report.headline(sv.compute(case))
    assert page.locator(".st-key-sav_cumulative_chart .js-plotly-plot").count() == 1

    # Keyboard only: the High-likelihood slider up four steps of 0.5 points.
    slider = page.locator(".st-key-sav_High input[type=range]")
    slider.focus()
    before = headline.inner_text()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[headline.element_handle(), before])
    expected = sv.compute(case, sv.settings_for(case, likelihood={"High": 12.0}))
    assert headline.inner_text() == savings_report.headline(expected)
    # Still on the 2022 case after the fragment rerun.
    assert page.get_by_text("Harborough and Melton").first.is_visible()

    violations = axe_serious(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "savings-page.png"), full_page=True)
    assert not violations, axe_report(violations)
