"""The Scrutiny page in a real browser: its charts draw, the narrative reads from the numbers, axe is clean."""

from __future__ import annotations

import pytest

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import scrutinise
from appraisal.report.scrutiny import scrutiny_paragraph
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run

pytestmark = pytest.mark.browser


def test_scrutiny_page_draws_charts_and_narrative(page, app_url, sample_case) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/scrutiny")
    wait_for_app_run(page)
    page.get_by_role("heading", name="Why is this option ranked here?").wait_for()

    # Both charts are drawn by Plotly (SVG bars present), not just sent as JSON.
    for key in ("scr_gap_chart", "scr_change_chart"):
        chart = page.locator(f".st-key-{key} .js-plotly-plot").first
        chart.wait_for()
        assert chart.locator("g.point, path.point, .bars path").count() > 0, f"{key} has no bars drawn"

    a = Appraisal(sample_case)
    expected = scrutiny_paragraph(scrutinise(a, a.W[0], a.status_quo_index, "Breckland cabinet's weights"),
                                  a.option_names, a.criterion_names, a.status_quo_index)
    narrative = page.locator(".st-key-scr_narrative")
    assert " ".join(narrative.inner_text().split()).endswith(" ".join(expected.split()))

    violations = axe_serious(page)
    assert not violations, axe_report(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scrutiny-page.png"), full_page=True)
