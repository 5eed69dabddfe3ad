"""Briefing — five screens for the projector, stepped with the keyboard (← →) or Previous/Next.

Ranking → the councils' weightings compared → why the status quo ranks where it does → robustness
→ savings and who pays; each screen one chart and one takeaway sentence (appraisal.report.briefing).
"""

from __future__ import annotations

import streamlit as st

from appraisal.report.briefing import STEP_TITLES, build_step, context
from appraisal.report.html_briefing import briefing_html
from ui.cases import current_case
from ui.components import presentation
from ui.components import weight_sliders as weights
from ui.components.charts import show_chart
from ui.components.layout import case_banner
from ui.components.text import md, note
from ui.smaa_cache import cached_smaa

STEP_KEY = "brief_step"   # durable: the screen being shown, per session
LAST = len(STEP_TITLES) - 1



def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = min(max(int(st.session_state.get(STEP_KEY, 0)) + delta, 0), LAST)


def _jump() -> None:
    st.session_state[STEP_KEY] = STEP_TITLES.index(st.session_state["brief_jump"])


case = current_case()
on = presentation.is_on()
step = min(max(int(st.session_state.get(STEP_KEY, 0)), 0), LAST)
st.session_state[STEP_KEY] = step

if not on:
    st.title("Briefing")
    case_banner(case)
    note("Step through with the ← and → keys or the buttons. Turn on presentation mode (sidebar, or ?present=1 "
         "in the address) for the projector: large type, controls hidden.")
    left, right = st.columns([1, 1])
    with left:
        set_id = weights.set_picker(case, key="brief_weight_set", label="Weight set for the ranking and the status quo")
    with right:
        st.session_state["brief_jump"] = STEP_TITLES[step]
        st.selectbox("Go to screen", STEP_TITLES, key="brief_jump", on_change=_jump)
else:
    set_id = weights.selected_set_id(case)

ctx = context(case, set_id, weights.current_vector(case, set_id),
              weights.shown_name(case, set_id))
if not on:
    st.download_button("Download this briefing as one HTML page (opens offline)", key="brief_download_html",
                       data=lambda: briefing_html(case, ctx), file_name="briefing.html", mime="text/html",
                       on_click="ignore", icon=":material/download:")

nav_prev, nav_where, nav_next = st.columns([1, 3, 1], vertical_alignment="center")
with nav_prev:
    st.button("Previous", key="brief_prev", on_click=_go, args=(-1,), disabled=step == 0, shortcut="Left",
              icon=":material/arrow_back:", help="Previous screen (← key)")
with nav_where:
    st.markdown(f"**Screen {step + 1} of {LAST + 1}:** {md(STEP_TITLES[step])}")
with nav_next:
    st.button("Next", key="brief_next", on_click=_go, args=(1,), disabled=step == LAST, shortcut="Right",
              icon=":material/arrow_forward:", icon_position="right", help="Next screen (→ key)")

smaa_result = cached_smaa(ctx.appraisal.S) if STEP_TITLES[step] == "Robustness" else None
screen = build_step(ctx, step, smaa_result)

with st.container(key="brief_screen"):
    st.header(md(screen.title), anchor=False)
    if screen.missing:
        st.info(md(screen.missing), icon=":material/info:")
    else:
        st.markdown(f"### {md(screen.takeaway)}")  # under the screen's h2 title
        if screen.chart is not None:
            if on:
                screen.chart.figure.update_layout(font={"size": 20}, title={"font": {"size": 26}})
            show_chart(screen.chart, key=f"brief_chart_{screen.key}", show_takeaway=False)
        if screen.detail:
            with st.expander("In more detail"):
                st.markdown(md(screen.detail))
