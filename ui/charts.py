"""Drawing a :class:`~appraisal.figures.Chart`: figure, takeaway as text, numbers as a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.figures import Chart
from ui.text import md, md_frame, note

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
            st.table(_indexed(chart.table))


def _indexed(df):  # noqa: ANN001, ANN202 - pandas in, pandas out
    """Escaped, with the first column as the row labels (st.table would otherwise print 0, 1, 2…).

    The same frame as ``md_frame(df).set_index(first column)``, built from plain lists: these tables
    redraw on every slider move and pandas' per-cell ``map`` and ``set_index`` were most of the
    Python time of a Ranking-page rerun.
    """
    if len(df.columns) < 2 or not isinstance(df.index, pd.RangeIndex):
        out = md_frame(df)
        return out.set_index(out.columns[0]) if len(out.columns) > 1 else out
    columns = [[md(v) if isinstance(v, str) else v for v in df.iloc[:, j].tolist()] for j in range(df.shape[1])]
    names = [md(c) for c in df.columns]
    out = pd.DataFrame(dict(enumerate(columns[1:])), index=pd.Index(columns[0], name=names[0]))
    out.columns = names[1:]
    return out


def takeaway(sentence: str) -> None:
    """The takeaway line, escaped (it carries option names), in a class presentation CSS can enlarge."""
    if sentence:
        st.markdown(f"**In short:** {md(sentence)}")


def report_table(df, caption: str | None = None) -> None:
    """A static, screen-reader-friendly table with user text shown literally."""
    if caption:
        note(caption)
    st.table(_indexed(df))
