"""The Ranking page in a real browser: move a weight slider with the keyboard, see the chart redraw."""

from __future__ import annotations

import pytest

from appraisal.analysis.scoring import Appraisal
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run

pytestmark = pytest.mark.browser


def test_keyboard_slider_reranks_and_redraws(page, app_url, sample_case) -> None:
    page.goto(app_url)
    wait_for_app_run(page)
    headline = page.get_by_role("heading", level=2).filter(has_text="ranks 1st")
    before = headline.inner_text()
    chart_before = page.locator(".st-key-ranking_chart .js-plotly-plot").first.inner_html()

    # Keyboard only: focus the "Deliverability and risk" slider and step it up four times.
    slider = page.locator(".st-key-w_deliverability input[type=range]")
    slider.focus()
    start = float(slider.input_value())
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[headline.element_handle(), before])

    now = float(slider.input_value())
    assert now == pytest.approx(start + 4 * 0.5)
    # The page shows exactly what the engine says for the new weights.
    appraisal = Appraisal(sample_case)
    w = appraisal.weights_of("breckland_cabinet").copy()
    w[appraisal.criterion_ids.index("deliverability")] = now
    expected = appraisal.results(w)
    shown = headline.inner_text()
    assert shown != before
    assert shown.startswith(f"{expected[0].name} ranks 1st")
    assert page.locator(".st-key-ranking_chart .js-plotly-plot").first.inner_html() != chart_before

    violations = axe_serious(page)
    assert not violations, axe_report(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ranking-after-keyboard.png"), full_page=True)
