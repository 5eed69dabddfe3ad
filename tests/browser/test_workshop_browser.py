"""A workshop in real browsers: two phones (390 px wide) submit through the join page and the
facilitator's projector view shows both without a reload; axe finds nothing serious on either page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from appraisal.store.repository import Store
from tests.browser.conftest import ARTIFACTS, axe_report, axe_serious, start_workshop, wait_for_app_run

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
    code = start_workshop(page, app_url)
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


def _decode_qr(png: bytes) -> str:
    """The text of the QR code in a screenshot (zxing-cpp, in requirements-dev.txt), '' if none decodes."""
    import io

    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return found[0].text if found else ""


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_the_projector_qr_code_always_decodes_and_fits_720(chromium, app_url, present: bool) -> None:
    """Issue 18: nothing floats over the QR code (the Exit presentation button and the image's own
    hover toolbar covered it), the screenshot of the projector decodes to the join link, and in
    presentation mode its counts are large."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        code = start_workshop(page, app_url)
        page.locator(".st-key-wsf_key_ack button").click()
        wait_for_app_run(page)
        if present:
            page.goto(f"{app_url}/workshop?code={code}&present=1")
            wait_for_app_run(page)
        qr = page.get_by_role("img", name=re.compile("QR code for the join address"))
        expect(qr).to_be_visible()
        qr.scroll_into_view_if_needed()
        box = qr.bounding_box()
        # Whatever is drawn on top of the QR code's centre and corners is the QR code itself.
        for fx, fy in ((0.5, 0.5), (0.05, 0.05), (0.95, 0.05), (0.05, 0.95), (0.95, 0.95)):
            x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
            tag = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); "
                                "return e.tagName === 'IMG' ? 'IMG' : e.tagName + ' ' + (e.closest('[class*=st-key]')?.className || '') "
                                "+ ' ' + (e.getAttribute('aria-label') || e.textContent.slice(0, 40)); }", [x, y])
            assert tag == "IMG", f"something covers the QR code at {fx},{fy}: {tag}"
        decoded = _decode_qr(page.screenshot(clip={"x": box["x"] - 20, "y": box["y"] - 20, "width": box["width"] + 40,
                                                   "height": box["height"] + 40}))
        assert decoded.endswith(f"/join?code={code}"), decoded
        page.screenshot(path=str(ARTIFACTS / f"workshop-qr-{'present' if present else 'normal'}.png"))
        if present:
            # The value's text as drawn (a <p> inside the metric), not only its container's size.
            size = page.locator("[data-testid=stMetricValue] p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 48, f"the counts are large in presentation mode ({size} px)"
    finally:
        context.close()


def test_the_presentation_projector_does_not_scroll_at_720(chromium, app_url, store_url) -> None:
    """Issue 18: in presentation mode the projector is one screen at 1280×720 — no page title above,
    the QR code beside the counts, one chart at a time in tabs — with every tab showing, and the counts
    (the text as drawn, not only its container) large."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        code = start_workshop(page, app_url)
        store = Store(store_url)
        criteria = [c["id"] for c in store.get_workshop(code).case_data["criteria"]]
        for i in range(6):  # submissions through the store, so the projector has every chart to show
            token = store.issue_participant(code, device=f"bench device {i}", origin="127.0.0.1")
            store.submit(code, token, ("breckland", "south_holland")[i % 2], f"Member {i}",
                         {c: 1 + (i * 7 + j * 3) % 10 for j, c in enumerate(criteria)}, method="points", inputs={})
        page.goto(f"{app_url}/workshop?code={code}&present=1")
        wait_for_app_run(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Submissions").get_by_test_id("stMetricValue")).to_have_text("6")
        expect(page.locator("[data-testid=stMain] h1", has_text="Workshop")).to_have_count(0)  # no page title above
        qr = page.get_by_role("img", name=re.compile("QR code for the join address")).bounding_box()
        counts = page.locator(".st-key-wsf_counts").bounding_box()
        assert qr["x"] > counts["x"] + counts["width"] - 1 and qr["y"] < counts["y"] + counts["height"], "QR code beside the counts"
        for tab in ("How far apart", "Joint weights", "Ranking"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(800)
            chart = page.get_by_role("tabpanel", name=tab).locator(".js-plotly-plot")
            expect(chart).to_be_visible()
            # The live view reruns every few seconds; while a rerun is drawing, old and new elements can
            # stand together for a moment. The layout at rest is what must fit: measure it a few times.
            for _ in range(6):
                wait_for_app_run(page)
                scroll = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                if scroll <= 720 + 2:
                    break
                page.wait_for_timeout(500)
            assert scroll <= 720 + 2, f"the projector scrolls at 720 px on the {tab!r} tab ({scroll} px tall)"
            bottom = chart.bounding_box()
            assert bottom["y"] + bottom["height"] <= 720 + 1, f"the {tab!r} chart falls below the fold"
        sizes = page.locator(".st-key-wsf_counts [data-testid=stMetricValue] p").evaluate_all(
            "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))")
        assert sizes and min(sizes) >= 48, f"the counts are large in presentation mode ({sizes} px)"
        page.screenshot(path=str(ARTIFACTS / "workshop-projector-present-720.png"))
    finally:
        context.close()
