"""Build a weight set in a real browser: type points, see the weights and ranking, save it, no axe violations."""

from __future__ import annotations

import pytest

from appraisal.analysis import elicitation as el
from tests.browser.conftest import ARTIFACTS, axe_report, wait_for_app_run

pytestmark = pytest.mark.browser


def test_points_to_a_saved_weight_set(page, app_url, sample_case) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/weights")
    wait_for_app_run(page)
    page.get_by_role("tab", name="Build a weight set").click()
    section = page.locator(".st-key-elicit_section")
    section.wait_for()

    box = page.locator(".st-key-elicit_in_points_finance input")
    box.fill("40")
    box.press("Enter")
    wait_for_app_run(page)
    share = el.points({c: 40 if c == "finance" else 10 for c in sample_case.criterion_ids}).weights["finance"]
    finance = sample_case.criterion("finance").name
    row = section.locator("table tr").filter(has_text=finance).first
    row.filter(has_text=f"{100 * share:.1f} %").wait_for()
    assert section.locator(".st-key-elicit_ranking_chart .js-plotly-plot").count() == 1

    page.locator(".st-key-elicit_name input").fill("Browser points set")
    page.locator(".st-key-elicit_by input").fill("Test cabinet")
    page.locator(".st-key-elicit_by input").press("Enter")
    wait_for_app_run(page)
    page.locator(".st-key-elicit_save button").click()
    wait_for_app_run(page)
    page.get_by_text("Saved “Browser points set” as a weight set of this case").wait_for()

    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(1200)  # let fade-in transitions finish before axe reads colours
    results = Axe().run(page, context=".st-key-elicit_section")
    violations = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not violations, axe_report(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "elicitation-saved.png"), full_page=True)
