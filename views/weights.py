"""Weights — "how do our two cabinets differ, and what is the joint view?"

Sets side by side with the differences highlighted, a consensus builder, renaming and removing sets,
four ways to build a set, the path between the cabinets, and saved snapshots with an audit trail.
"""

from __future__ import annotations

import streamlit as st

from ui.cases import current_case
from ui.components.layout import case_banner, source_note
from ui.sections import weights_between as path_view
from ui.sections import weights_build as elicitation_view
from ui.sections import weights_compare, weights_manage
from ui.sections import weights_snapshots as snapshots

case = current_case()
st.title("Weights")
case_banner(case)

compare_tab, build_tab, path_tab, snapshot_tab = st.tabs(
    ["Compare and agree", "Build a weight set", "Between the cabinets", "Snapshots"]
)
with compare_tab:
    weights_compare.render(case)
    st.divider()
    weights_manage.render(case)
with build_tab:
    elicitation_view.render(case)
with path_tab:
    path_view.render(case)
with snapshot_tab:
    snapshots.render(case)
source_note(case)
