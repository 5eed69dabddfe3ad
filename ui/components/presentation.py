"""Presentation mode: large type and high contrast for the projector, controls folded away.

On with the sidebar toggle or ``?present=1`` in the address (the address follows the toggle, so a
reload or a shared link keeps the mode). When on: body text 26 px (legible from the back of a room
at 1280×720), black on white, the sidebar and the widget panels (sliders, pickers, uploaders,
editors) hidden, and an "Exit presentation" button at the top right, in the page's flow (never over content). Pages that show
one chart and one takeaway per screen (the Briefing) read :func:`is_on` to leave out the rest.
"""

from __future__ import annotations

import streamlit as st

KEY = "present"
_DURABLE = "_present_on"   # the toggle's value survives page switches (widget values can vanish)
BODY_PX = 26

# Our own constant CSS: no user text ever goes through it.
_CSS = f"""
<style>
/* Large type: body text {BODY_PX} px, headings larger, tables and buttons to match. */
html, body, [data-testid="stAppViewContainer"] {{ font-size: {BODY_PX}px; }}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] em,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] td, [data-testid="stMain"] [data-testid="stMarkdownContainer"] th,
[data-testid="stMain"] [data-testid="stExpander"] summary p,
[data-testid="stMain"] [data-testid="stAlert"] p,
[data-testid="stMain"] .stButton button p {{ font-size: {BODY_PX}px !important; line-height: 1.4; }}
[data-testid="stMain"] h1 {{ font-size: 46px !important; }}
[data-testid="stMain"] h2 {{ font-size: 32px !important; line-height: 1.3; }}
[data-testid="stMain"] h3 {{ font-size: 29px !important; line-height: 1.3; }}
/* High contrast: black text on white, strong focus ring for keyboard users. */
[data-testid="stAppViewContainer"], [data-testid="stMain"] {{ color: #000 !important; background: #fff !important; }}
[data-testid="stMain"] *:focus-visible {{ outline: 4px solid #0B4F8A !important; outline-offset: 2px; }}
/* Controls folded away: no sidebar, no toolbar, no widget panels — the message fills the screen. */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {{ display: none !important; }}
[data-testid="stMain"] [data-testid="stSlider"], [data-testid="stMain"] [data-testid="stSelectbox"],
[data-testid="stMain"] [data-testid="stMultiSelect"], [data-testid="stMain"] [data-testid="stNumberInput"],
[data-testid="stMain"] [data-testid="stTextInput"], [data-testid="stMain"] [data-testid="stRadio"],
[data-testid="stMain"] [data-testid="stFileUploader"], [data-testid="stMain"] [data-testid="stDataFrame"],
[data-testid="stMain"] [data-testid="stCheckbox"], [data-testid="stMain"] [data-testid="stSegmentedControl"],
[data-testid="stMain"] [data-testid="stDownloadButton"], [data-testid="stMain"] .st-key-present_controls {{ display: none !important; }}
/* A column that holds sliders (a control panel) goes as a whole, and the results beside it widen. */
[data-testid="stMain"] [data-testid="stColumn"]:has([data-testid="stSlider"]) {{ display: none !important; }}
[data-testid="stMain"] [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stSlider"])
  > [data-testid="stColumn"] {{ flex: 1 1 100% !important; max-width: 100% !important; }}
[data-testid="stMainBlockContainer"] {{ max-width: 100% !important; padding: 1rem 3rem 2rem 3rem !important; }}
[data-testid="stHeader"] {{ display: none !important; }}
/* The way out sits at the top right, in the page's flow: nothing floats over content (a fixed
   button covered the workshop's QR code and table cells). */
.st-key-present_leave {{ display: flex; justify-content: flex-end; margin: -.75rem 0 -.5rem 0; }}
.st-key-present_leave button {{ border: 2px solid #0B4F8A; border-radius: .5rem; padding: 0 .5rem; background: #fff; }}
</style>
"""


def is_on() -> bool:
    """Whether presentation mode is on for this session (first run: from ``?present=1``)."""
    if _DURABLE not in st.session_state:
        st.session_state[_DURABLE] = st.query_params.get(KEY) == "1"
    return bool(st.session_state[_DURABLE])


def _sync() -> None:
    """Toggle callback: remember the choice and mirror it in the address."""
    on = bool(st.session_state.get(KEY))
    st.session_state[_DURABLE] = on
    if on:
        st.query_params[KEY] = "1"
    elif KEY in st.query_params:
        del st.query_params[KEY]


def leave() -> None:
    """Button callback: presentation mode off (the sidebar toggle is hidden while it is on)."""
    st.session_state[KEY] = False
    _sync()


def setup() -> bool:
    """The sidebar toggle, the styles when on, and a way out when the sidebar is hidden."""
    on = is_on()
    st.session_state[KEY] = on  # re-seed the widget from the durable copy (it can vanish on page switch)
    st.sidebar.toggle("Presentation mode", key=KEY, on_change=_sync,
                      help="Large type and high contrast for a projector; controls hidden. Also ?present=1 in the address.")
    if on:
        st.html(_CSS)
        st.button("Exit presentation", key="present_leave", on_click=leave, type="tertiary",
                  icon=":material/close_fullscreen:")
    return on
