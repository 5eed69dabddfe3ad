"""Presentation mode on a projector-sized screen: large type, controls hidden, the briefing stepped by keyboard."""

from __future__ import annotations

import pytest

from appraisal.report.briefing import STEP_TITLES
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, wait_for_app_run

pytestmark = pytest.mark.browser

BODY_TEXT = "[data-testid='stMain'] [data-testid='stMarkdownContainer'] p"


def _screen(page) -> str:
    return page.locator(BODY_TEXT).filter(has_text="Screen ").first.inner_text()


def test_briefing_in_presentation_mode(page, app_url) -> None:
    page.goto(f"{app_url}/briefing?present=1")
    wait_for_app_run(page)
    page.locator(".st-key-brief_screen .js-plotly-plot").first.wait_for()
    assert _screen(page).startswith(f"Screen 1 of {len(STEP_TITLES)}")

    # Large type: every paragraph of body text is at least 24 px as the browser computes it.
    sizes = page.eval_on_selector_all(BODY_TEXT, "els => els.filter(e => e.offsetParent !== null)"
                                                 ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 24, sizes
    # Controls folded away: no sidebar, no pickers; high contrast: black text on white.
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").count() == 0
    colour = page.eval_on_selector(BODY_TEXT, "e => getComputedStyle(e).color")
    assert colour in ("rgb(0, 0, 0)", "rgb(17, 17, 17)"), colour
    # One chart and one takeaway on the screen.
    assert page.locator("[data-testid='stMain'] .js-plotly-plot").count() == 1
    assert page.locator("[data-testid='stMain'] h3").count() == 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presentation-briefing-1280x720.png"))
    violations = axe_serious(page)
    assert not violations, axe_report(violations)

    # Keyboard alone: → steps forward, ← steps back (the buttons' shortcuts).
    for n in (2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("n => [...document.querySelectorAll(\"[data-testid='stMarkdownContainer'] p\")]"
                               ".some(p => p.innerText.startsWith('Screen ' + n + ' of'))", arg=n)
        wait_for_app_run(page)
        assert page.locator("[data-testid='stMain'] h2").first.inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "presentation-briefing-step3-1280x720.png"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='stMarkdownContainer'] p\")]"
                           ".some(p => p.innerText.startsWith('Screen 2 of'))")
    wait_for_app_run(page)
    assert "weightings" in page.locator("[data-testid='stMain'] h2").first.inner_text()
