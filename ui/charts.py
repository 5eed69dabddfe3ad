"""Drawing a :class:`~appraisal.figures.Chart`: figure, takeaway as text, numbers as a table."""

from __future__ import annotations

import streamlit as st

from appraisal.figures import Chart
from ui.text import md, md_frame, note

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}


def show_chart(chart: Chart, key: str, show_takeaway: bool = True) -> None:
    """Every chart has a title (in the figure), a one-line takeaway and an accessible table.

    ``show_takeaway=False`` when the page already shows the same sentence as its headline.
    """
    st.plotly_chart(chart.figure, key=key, config=PLOTLY_CONFIG, width="stretch")
    if show_takeaway:
        takeaway(chart.takeaway)
    if not chart.table.empty:
        with st.expander(f"Table: {md(chart.title)}"):
            st.table(md_frame(chart.table))


def takeaway(sentence: str) -> None:
    """The takeaway line, escaped (it carries option names), in a class presentation CSS can enlarge."""
    if sentence:
        st.markdown(f"**In short:** {md(sentence)}")


def report_table(df, caption: str | None = None) -> None:
    """A static, screen-reader-friendly table with user text shown literally."""
    if caption:
        note(caption)
    st.table(md_frame(df))
