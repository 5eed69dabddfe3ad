"""Plotly figure builders: pure functions from engine results to ``go.Figure`` (no Streamlit).

Each builder returns a :class:`Chart`: the figure plus its plain-English takeaway and the same
numbers as a table, so every view can show the takeaway as text and the table for screen readers.
"""

from appraisal.report.figures.common import Chart

__all__ = ["Chart"]
