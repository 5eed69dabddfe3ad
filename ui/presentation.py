"""Presentation mode: large type and high contrast for the projector, controls folded away.

On with the sidebar toggle or ``?present=1`` in the address.
"""

from __future__ import annotations

import streamlit as st

KEY = "present"

_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 24px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 24px !important; line-height: 1.4; }
[data-testid="stAppViewContainer"] { color: #000; }
</style>
"""


def is_on() -> bool:
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get("present") == "1"
    return bool(st.session_state[KEY])


def setup() -> bool:
    """The sidebar toggle, and the presentation styles when it is on."""
    is_on()
    st.sidebar.toggle("Presentation mode", key=KEY, help="Large type for a projector. Also ?present=1 in the address.")
    if st.session_state[KEY]:
        st.html(_CSS)
    return bool(st.session_state[KEY])
