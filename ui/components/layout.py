"""Page furniture every page shares: the case banner (with the illustrative-figures warning)."""

from __future__ import annotations

import streamlit as st

from appraisal.case.model import Case
from appraisal.report.notices import LABEL, illustrative_notice, illustrative_short
from ui.cases import open_case
from ui.components import presentation
from ui.components.text import md, note

_GLOBAL_CSS = """
<style>
/* WCAG AA: captions and slider tick labels default to a light grey (3.9:1); darken them. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, [data-testid="stSliderTickBar"] p { color: #454545 !important; }
/* Image captions (the workshop's "Scan to join") are also faded to 60 % opacity: 3.2:1. Full opacity. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
/* WCAG 2.4.7 / 1.4.11: keyboard focus as a solid 3 px dark-blue ring (8.6:1 on white) on every control,
   not only Streamlit's half-transparent glow. A slider's range input is visually hidden, so its thumb
   (marked data-focus-visible) carries the ring. */
[data-testid="stAppViewContainer"] :focus-visible,
[data-testid="stAppViewContainer"] [data-focus-visible="true"] { outline: 3px solid #0B4F8A !important; outline-offset: 2px; }
/* Headings go h1 (the page) → h2 (its sections and headline sentence) → h3, never skipping a level
   (axe heading-order); h2 and h3 are set at the sizes Streamlit gives h3 and h4, to fit a column. */
[data-testid="stMain"] h2 { font-size: 1.75rem; }
[data-testid="stMain"] h3 { font-size: 1.5rem; }
/* Report tables are Markdown tables (ui.components.text.table_markdown), set like st.table: the column's full width,
   14 px type, close padding; words wrap whole, so a header like "Joint consensus" takes two lines. */
[data-testid="stMarkdownContainer"] table { width: 100%; font-size: 0.875rem; }
[data-testid="stMarkdownContainer"] th, [data-testid="stMarkdownContainer"] td { padding: 0.25rem 0.5rem; overflow-wrap: break-word; }
/* A figure never breaks across lines ("39.4 %"); seven columns or more (many weight sets or years) take
   smaller type rather than a table wider than its column. */
[data-testid="stMarkdownContainer"] td:is([align="right"], [style*="right"]) { white-space: nowrap; }
[data-testid="stMarkdownContainer"] table:has(th:nth-child(7)) { font-size: 0.8rem; }
</style>
"""


def global_styles() -> None:
    """Styles for every page (our own constant CSS; no user text goes through HTML)."""
    st.html(_GLOBAL_CSS)


def case_banner(case: Case, compact: bool | None = None) -> None:
    """The case title, and a warning when its figures are illustrative (said in the file).

    Every page draws it, in every mode; "ILLUSTRATIVE FIGURES" is said once (the report layer's
    wording). ``compact`` (by default: in presentation mode) gives the one-line form for a projector
    screen, with the label and its qualifier only, so the chart below keeps the screen.
    """
    compact = presentation.is_on() if compact is None else compact
    if not compact:
        note(f"Case: {case.title}{_version_words(case)}")
    text = illustrative_short(case) if compact else illustrative_notice(case)
    if text is None:
        return
    rest = text[len(LABEL):]
    with st.container(key="case_illustrative"):
        st.info(f"**{LABEL}**{md(rest)}", icon=":material/info:")


def _version_words(case: Case) -> str:
    """' · version 4 (the latest)' or ' · version 2 of 4 (older, read-only)' for the open case."""
    opened = open_case()
    if opened.version is None or opened.case is not case:
        return ""
    if opened.is_latest:
        return f" · version {opened.number} (the latest)"
    return f" · version {opened.number} of {opened.head} (older, read-only)"


def source_note(case: Case) -> None:
    if case.source:
        with st.expander("Where the figures come from"):
            st.markdown(md(case.source))
