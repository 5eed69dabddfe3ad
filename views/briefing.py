"""Briefing — five screens for the projector, stepped with a presenter's clicker, the keyboard or Previous/Next.

Clickers send PageDown/PageUp (some Space, the arrow keys, or B for a blank screen): PageDown,
Space and → step forward, PageUp and ← back, and B blanks the screen (black) and brings it back.
Streamlit has no key handler of its own beyond a button's ``shortcut`` (one key each), so each key is
a button: Previous and Next show, the other keys' buttons are kept out of sight and out of the
accessibility tree (``display: none``; their shortcuts still fire).

Ranking → the councils' weightings compared → why the status quo ranks where it does → robustness
→ savings and who pays; each screen one chart and one takeaway sentence (appraisal.report.briefing).
"""

from __future__ import annotations

import streamlit as st

from appraisal.report.briefing import STEP_TITLES, build_step, context
from appraisal.report.html_briefing import briefing_html
from ui.cases import current_case, made_from
from ui.components import presentation
from ui.components import weight_sliders as weights
from ui.components.charts import show_chart
from ui.components.layout import case_banner
from ui.components.text import md, note
from ui.smaa_cache import cached_smaa

STEP_KEY = "brief_step"   # durable: the screen being shown, per session
BLANK_KEY = "brief_blank"  # durable: the screen is blanked (B)
LAST = len(STEP_TITLES) - 1

# The extra clicker keys: (widget key, shortcut, step). Out of sight, out of the accessibility tree.
CLICKER_KEYS = [("brief_key_pagedown", "PageDown", 1), ("brief_key_space", "Space", 1), ("brief_key_pageup", "PageUp", -1)]

# Our own constant CSS. The blank screen is black from edge to edge, nothing on it.
_KEYS_CSS = "<style>.st-key-brief_keys { display: none !important; }</style>"
# Presentation mode: the page's furniture packed close (at 26 px type, Streamlit's rem-based gaps and
# heading padding took 250 px of a 720 px screen), so each screen's chart fits below its title,
# warning and takeaway (appraisal.report.figures.common.for_projector sizes the chart itself).
_PACKED_CSS = """<style>
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: .35rem !important; }
[data-testid="stMain"] .st-key-case_illustrative [data-testid="stAlert"] > div { padding: .2rem .75rem !important; }
[data-testid="stMain"] .st-key-brief_screen h2 { padding: .1rem 0 0 0 !important; margin: 0 !important; }
[data-testid="stMain"] .st-key-brief_screen h3 { padding: 0 0 .2rem 0 !important; margin: 0 !important;
                                                  font-size: 27px !important; line-height: 1.3 !important; }
[data-testid="stMain"] .st-key-brief_screen [data-testid="stMarkdownContainer"]:has(h2, h3) { margin-bottom: 0 !important; }
[data-testid="stMain"] .st-key-brief_nav button { min-height: 0 !important; padding-top: .1rem !important;
                                                   padding-bottom: .1rem !important; }
</style>"""
_BLANK_CSS = """<style>
.st-key-brief_blank_screen { position: fixed; inset: 0; z-index: 999990; background: #000 !important; }
.brief-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>"""


def _go(delta: int) -> None:
    if st.session_state.get(BLANK_KEY):   # a key while blanked brings the same screen back
        st.session_state[BLANK_KEY] = False
        return
    st.session_state[STEP_KEY] = min(max(int(st.session_state.get(STEP_KEY, 0)) + delta, 0), LAST)


def _blank() -> None:
    st.session_state[BLANK_KEY] = not st.session_state.get(BLANK_KEY, False)


def _jump() -> None:
    st.session_state[STEP_KEY] = STEP_TITLES.index(st.session_state["brief_jump"])


case = current_case()
on = presentation.is_on()
step = min(max(int(st.session_state.get(STEP_KEY, 0)), 0), LAST)
st.session_state[STEP_KEY] = step

blank = bool(st.session_state.get(BLANK_KEY, False))
if not on:
    st.title("Briefing")
    case_banner(case)
    note("Step through with a presenter's clicker, the PageDown/PageUp, Space or ← → keys, or the buttons; B blanks the "
         "screen and brings it back. Turn on presentation mode (sidebar, or ?present=1 in the address) for the projector: "
         "large type, controls hidden.")
    left, right = st.columns([1, 1])
    with left:
        set_id = weights.set_picker(case, key="brief_weight_set", label="Weight set for the ranking and the status quo")
    with right:
        st.session_state["brief_jump"] = STEP_TITLES[step]
        st.selectbox("Go to screen", STEP_TITLES, key="brief_jump", on_change=_jump)
else:
    set_id = weights.selected_set_id(case)
    st.html(_PACKED_CSS)
    case_banner(case)   # the one-line warning: on every screen of every mode

ctx = context(case, set_id, weights.current_vector(case, set_id),
              weights.shown_name(case, set_id))
if not on:
    st.download_button("Download this briefing as one HTML page (opens offline)", key="brief_download_html",
                       data=lambda: briefing_html(case, ctx, made_from=made_from()), file_name="briefing.html", mime="text/html",
                       on_click="ignore", icon=":material/download:")

with st.container(key="brief_nav"):
    nav_prev, nav_where, nav_next = st.columns([1, 3, 1], vertical_alignment="center")
with nav_prev:
    st.button("Previous", key="brief_prev", on_click=_go, args=(-1,), disabled=step == 0 and not blank, shortcut="Left",
              icon=":material/arrow_back:", help="Previous screen (← or PageUp)")
with nav_where:
    st.markdown(f"**Screen {step + 1} of {LAST + 1}:** {md(STEP_TITLES[step])}")
with nav_next:
    st.button("Next", key="brief_next", on_click=_go, args=(1,), disabled=step == LAST and not blank, shortcut="Right",
              icon=":material/arrow_forward:", icon_position="right", help="Next screen (→, PageDown or Space)")
st.html(_KEYS_CSS)
with st.container(key="brief_keys"):
    for widget_key, key_name, delta in CLICKER_KEYS:
        st.button(f"{'Next' if delta > 0 else 'Previous'} screen ({key_name})", key=widget_key, on_click=_go, args=(delta,),
                  shortcut=key_name, disabled=(step == LAST if delta > 0 else step == 0) and not blank)
    st.button("Blank screen (B)", key="brief_key_blank", on_click=_blank, shortcut="B")
if blank:
    st.html(_BLANK_CSS)
    with st.container(key="brief_blank_screen"):
        st.html('<p class="brief-sr-only">Blank screen: press B, or any key that steps the briefing, to bring it back.</p>')
    st.stop()

smaa_result = cached_smaa(ctx.appraisal.S) if STEP_TITLES[step] == "Robustness" else None
screen = build_step(ctx, step, smaa_result, projector=on)

with st.container(key="brief_screen"):
    st.header(md(screen.title), anchor=False)
    if screen.missing:
        st.info(md(screen.missing), icon=":material/info:")
    else:
        st.markdown(f"### {md(screen.takeaway)}")  # under the screen's h2 title
        if screen.chart is not None:
            show_chart(screen.chart, key=f"brief_chart_{screen.key}", show_takeaway=False)
        if screen.detail:
            with st.expander("In more detail"):
                st.markdown(md(screen.detail))
