"""The Briefing on a real projector (issue 18): the illustrative-figures warning on every screen of
every mode, once; each chart inside the screen with enlarged text; a presenter's clicker keys; and
nothing fetched from any host but the app's own."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from appraisal.report.briefing import STEP_TITLES
from tests.browser.conftest import ARTIFACTS, wait_for_app_run

pytestmark = pytest.mark.browser

WARNING = "ILLUSTRATIVE FIGURES"
SCREEN_P = "[data-testid='stMain'] [data-testid='stMarkdownContainer'] p"


def _screen_number(page) -> int:
    text = page.locator(SCREEN_P).filter(has_text="Screen ").first.inner_text()
    return int(text.split()[1])


def _wait_screen(page, n: int) -> None:
    page.wait_for_function("n => [...document.querySelectorAll(\"[data-testid='stMarkdownContainer'] p\")]"
                           ".some(p => p.innerText.startsWith('Screen ' + n + ' of'))", arg=n)
    wait_for_app_run(page)


def _warnings_on_screen(page) -> list[dict]:
    """Every element of the main area whose own text says ILLUSTRATIVE FIGURES, with where it is."""
    return page.evaluate("""w => [...document.querySelectorAll("[data-testid='stMain'] p, [data-testid='stMain'] strong")]
        .filter(e => e.offsetParent !== null && e.innerText.toUpperCase().includes(w)
                 && ![...e.children].some(c => c.innerText && c.innerText.toUpperCase().includes(w)))
        .map(e => ({text: e.innerText, top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom}))""", WARNING)


def _chart_box(page) -> dict:
    """The chart's bounding box (legend included: Plotly draws it inside the chart's own SVG)."""
    return page.evaluate("""() => {
        const el = document.querySelector(".st-key-brief_screen [data-testid='stPlotlyChart'] .js-plotly-plot");
        if (!el) return null;
        const boxes = [el, ...el.querySelectorAll('.legend, .xtick, .ytick, .g-xtitle, .g-ytitle, .gtitle, .annotation')]
            .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
        return {top: Math.min(...boxes.map(r => r.top)), bottom: Math.max(...boxes.map(r => r.bottom)),
                right: Math.max(...boxes.map(r => r.right)), height: innerHeight, width: innerWidth};
    }""")


def _chart_text_sizes(page) -> list[float]:
    return page.evaluate("""() => [...document.querySelectorAll(".st-key-brief_screen .js-plotly-plot svg text")]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_presentation_screen_fits_with_its_warning(chromium, app_url, size) -> None:
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app_url}/briefing?present=1")
        wait_for_app_run(page)
        for n in range(1, len(STEP_TITLES) + 1):
            if n > 1:
                page.keyboard.press("ArrowRight")
                _wait_screen(page, n)
            page.locator(".st-key-brief_screen h2").first.wait_for()
            has_chart = page.locator(".st-key-brief_screen [data-testid='stPlotlyChart']").count() > 0
            if has_chart:
                page.locator(".st-key-brief_screen .js-plotly-plot .main-svg").first.wait_for()
            page.wait_for_timeout(400)
            page.evaluate("() => window.scrollTo(0, 0)")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"briefing-present-{size[0]}x{size[1]}-{n}.png"))
            found = _warnings_on_screen(page)
            assert len(found) == 1, (n, found)
            assert found[0]["text"].upper().count(WARNING) == 1, found
            assert found[0]["bottom"] <= size[1], found
            if not has_chart:   # the case lacks this screen's data: it says so instead
                continue
            box = _chart_box(page)
            assert box is not None, n
            assert box["bottom"] <= size[1], (n, STEP_TITLES[n - 1], box)
            assert box["right"] <= size[0], (n, box)
            title = page.locator(".st-key-brief_screen h2").first.bounding_box()
            takeaway = page.locator(".st-key-brief_screen h3").first.bounding_box()
            assert title and title["y"] >= 0 and takeaway and takeaway["y"] + takeaway["height"] <= box["top"] + 1, (title, takeaway, box)
            sizes = _chart_text_sizes(page)
            assert sizes and min(sizes) >= 24, (n, STEP_TITLES[n - 1], sorted(set(sizes)))
    finally:
        context.close()


def test_warning_once_on_every_screen_without_presentation(page, app_url) -> None:
    page.goto(f"{app_url}/briefing")
    wait_for_app_run(page)
    for n in range(1, len(STEP_TITLES) + 1):
        if n > 1:
            page.get_by_role("button", name="Next").click()
            _wait_screen(page, n)
        found = _warnings_on_screen(page)
        assert len(found) == 1 and found[0]["text"].upper().count(WARNING) == 1, (n, found)


def test_clicker_keys_step_and_blank_the_briefing(page, app_url) -> None:
    page.goto(f"{app_url}/briefing?present=1")
    wait_for_app_run(page)
    page.locator(".st-key-brief_screen .js-plotly-plot").first.wait_for()
    assert _screen_number(page) == 1
    expected = 1
    for key, step in [("PageDown", 1), ("Space", 1), ("ArrowRight", 1), ("PageUp", -1), ("ArrowLeft", -1), ("PageDown", 1)]:
        page.keyboard.press(key)
        expected += step
        _wait_screen(page, expected)
        assert _screen_number(page) == expected, key
    # B blanks the screen (black, nothing readable) and B again brings the same screen back.
    page.keyboard.press("b")
    page.locator(".st-key-brief_blank_screen").wait_for(state="visible")
    wait_for_app_run(page)
    black = page.evaluate("""() => { const e = document.querySelector('.st-key-brief_blank_screen');
        const r = e.getBoundingClientRect(); return {bg: getComputedStyle(e).backgroundColor,
        w: r.width, h: r.height,
        charts: [...document.querySelectorAll('.js-plotly-plot')].filter(c => c.offsetParent !== null).length}; }""")
    assert black["bg"] == "rgb(0, 0, 0)" and black["w"] >= 1280 and black["h"] >= 720 and black["charts"] == 0, black
    page.screenshot(path=str(ARTIFACTS / "briefing-blank.png"))
    page.keyboard.press("b")
    page.locator(".st-key-brief_blank_screen").wait_for(state="detached")
    wait_for_app_run(page)
    assert _screen_number(page) == expected
    page.locator(".st-key-brief_screen .js-plotly-plot").first.wait_for()


def test_nothing_is_fetched_from_another_host(page, app_url) -> None:
    """The config promises nothing leaves the machine: every request of every page goes to the app."""
    own = urlparse(app_url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if urlparse(r.url).netloc not in (own, "")
            and not r.url.startswith(("data:", "blob:")) else None)
    page.goto(app_url)
    wait_for_app_run(page)
    for link in page.locator("[data-testid='stSidebarNav'] a").all():
        link.click()
        wait_for_app_run(page)
        page.wait_for_timeout(300)
    page.goto(f"{app_url}/briefing?present=1")
    wait_for_app_run(page)
    page.wait_for_timeout(500)
    assert not elsewhere, sorted(set(elsewhere))
