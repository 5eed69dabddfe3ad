"""Presentation mode (toggle and ?present=1) and the Briefing sequence, through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from appraisal.analysis.scoring import Appraisal
from appraisal.report.briefing import STEP_TITLES, build_step, context
from tests.conftest import APP

BRIEFING = "views/briefing.py"


def _css(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _app(present: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if present:
        at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    return at


def test_off_by_default() -> None:
    at = _app()
    assert at.sidebar.toggle(key="present").value is False
    assert "font-size: 26px" not in _css(at)
    assert not [b for b in at.button if b.key == "present_leave"]


def test_query_parameter_turns_it_on_with_large_type_and_controls_hidden() -> None:
    at = _app(present=True)
    css = _css(at)
    assert at.sidebar.toggle(key="present").value is True
    assert "font-size: 26px" in css                                   # body text ≥ 24 px
    assert '[data-testid="stSidebar"]' in css and "display: none" in css  # controls folded away
    assert '[data-testid="stSlider"]' in css
    assert at.button(key="present_leave").label == "Exit presentation"


# AppTest (Streamlit 1.67) only reports what app.py draws outside ``page.run()`` (sidebar, styles)
# on a session's first run, so after a rerun these tests read the mode from session state and from
# what the page itself draws; the browser test checks the styles as drawn.

def test_toggle_sets_the_address() -> None:
    at = _app()
    at.sidebar.toggle(key="present").set_value(True).run()
    assert not at.exception
    assert at.session_state["_present_on"] is True
    assert at.query_params.get("present") in ("1", ["1"])


def test_leave_button_turns_it_off_and_clears_the_address() -> None:
    at = _app(present=True)
    at.button(key="present_leave").click().run()
    assert not at.exception
    assert at.session_state["_present_on"] is False
    assert "present" not in at.query_params


def test_stays_on_across_pages() -> None:
    at = _app(present=True)
    at.switch_page(BRIEFING).run()
    assert not at.exception
    assert at.session_state["_present_on"] is True
    assert not at.main.selectbox, "the Briefing hides its pickers in presentation mode"
    at.switch_page("views/ranking.py").run()
    assert at.session_state["_present_on"] is True


def test_briefing_steps_one_chart_and_one_takeaway_each(sample_case) -> None:
    at = _app(present=True)
    at.switch_page(BRIEFING).run()
    ctx = context(sample_case, "breckland_cabinet")  # the weight set the app opens with
    assert not at.main.selectbox, "no pickers on the projector"
    for index in range(len(STEP_TITLES)):
        assert not at.exception
        step = build_step(ctx, index, projector=True)  # the projector variant: its own shorter takeaways (issue 18)
        assert [h.value.replace("\\", "") for h in at.header] == [step.title]
        where = next(m.value for m in at.markdown if m.value.startswith("**Screen"))
        assert where.startswith(f"**Screen {index + 1} of {len(STEP_TITLES)}:**")
        charts = at.get("plotly_chart")
        takeaways = [m.value for m in at.markdown if m.value.startswith("### ")]
        if step.missing:
            assert not charts and not takeaways
            assert step.missing.split(",")[0] in at.info[-1].value.replace("\\", "")
        else:
            assert len(charts) == 1 and len(takeaways) == 1
            assert takeaways[0].replace("\\", "") == "### " + step.takeaway
        assert at.button(key="brief_prev").disabled == (index == 0)
        assert at.button(key="brief_next").disabled == (index == len(STEP_TITLES) - 1)
        if index < len(STEP_TITLES) - 1:
            at.button(key="brief_next").click().run()
    at.button(key="brief_prev").click().run()
    assert f"Screen {len(STEP_TITLES) - 1} of" in next(m.value for m in at.markdown if m.value.startswith("**Screen"))


def test_briefing_buttons_have_keyboard_shortcuts() -> None:
    at = _app()
    at.switch_page(BRIEFING).run()
    assert at.button(key="brief_next").proto.shortcut.lower() == "right"
    assert at.button(key="brief_prev").proto.shortcut.lower() == "left"
    assert [b.key for b in at.get("download_button")] == ["brief_download_html"]


def test_briefing_ranking_uses_the_chosen_weight_set(sample_case) -> None:
    at = _app()
    at.switch_page(BRIEFING).run()
    at.selectbox(key="brief_weight_set").set_value("south_holland_cabinet").run()
    assert not at.exception
    appraisal = Appraisal(sample_case)
    expected = build_step(context(sample_case, "south_holland_cabinet"), 0).takeaway
    shown = next(m.value for m in at.markdown if m.value.startswith("### ")).replace("\\", "")
    assert shown == "### " + expected
    assert appraisal.results(appraisal.weights_of("south_holland_cabinet"))[0].name in shown
    at.selectbox(key="brief_jump").set_value(STEP_TITLES[4]).run()
    assert "Screen 5 of 5" in next(m.value for m in at.markdown if m.value.startswith("**Screen"))
