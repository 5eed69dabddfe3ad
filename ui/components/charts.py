"""Drawing a :class:`~appraisal.report.figures.Chart`: figure, takeaway as text, numbers as a table."""

from __future__ import annotations

import streamlit as st

from appraisal.report.figures import Chart
from ui.components.tables import dataframe
from ui.components.text import md, note, table_markdown

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}


def show_chart(chart: Chart, key: str, show_takeaway: bool = True, table_shown: bool = False) -> None:
    """Every chart has a title (in the figure), a one-line takeaway and an accessible table.

    ``show_takeaway=False`` when the page already shows the same sentence as its headline;
    ``table_shown=True`` when the page shows ``chart.table`` itself in full beside the chart (the
    Ranking page's results table), so a folded copy would only repeat it — and redraw it on every
    slider move.
    """
    # theme=None: our own layout (projector-sized type, high-contrast colours) is used as built.
    st.plotly_chart(chart.figure, key=key, config=PLOTLY_CONFIG, width="stretch", theme=None)
    if show_takeaway:
        takeaway(chart.takeaway)
    if not chart.table.empty and not table_shown:
        with st.expander(f"Table: {md(chart.title)}"):
            _table(chart.table)


def takeaway(sentence: str) -> None:
    """The takeaway line, escaped (it carries option names), in a class presentation CSS can enlarge."""
    if sentence:
        st.markdown(f"**In short:** {md(sentence)}")


def report_table(df, caption: str | None = None) -> None:  # noqa: ANN001 - any DataFrame
    """A report table with its caption: one Markdown element, user text shown literally."""
    if caption and df.size > MAX_MARKDOWN_CELLS:
        note(caption)
    _table(df, caption)


# Beyond this many cells a Markdown table costs the browser seconds to lay out (a 230 × 200 ratings
# table took most of a minute): such a table is a scrolling grid that draws only the cells in view.
MAX_MARKDOWN_CELLS = 5_000


def _table(df, caption: str | None = None) -> None:  # noqa: ANN001 - any DataFrame
    if df.size > MAX_MARKDOWN_CELLS:
        dataframe(df, hide_index=True, height=420)
    else:
        st.markdown(table_markdown(df, caption))
