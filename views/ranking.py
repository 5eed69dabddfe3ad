"""Ranking — "who wins with our weights?": sliders for the chosen weight set, ranked bars, report table."""

from __future__ import annotations

import streamlit as st

from appraisal.analysis.robustness import LOCAL_SPREAD, local_robustness
from appraisal.analysis.scoring import Appraisal
from appraisal.report.elicitation import provenance_text
from appraisal.report.figures.ranking import ranking_chart
from appraisal.report.ranking import ranks_by_weight_set
from appraisal.report.robustness import local_note, local_sentence, local_table
from ui.cases import current_case
from ui.components import weight_sliders as weights
from ui.components.badges import badges, show_words
from ui.components.charts import show_chart
from ui.components.layout import case_banner, source_note
from ui.components.text import md, note, table_markdown

SPREAD_KEY = "ranking_spread"

case = current_case()
st.title("Ranking")
case_banner(case)
set_id = weights.set_picker(case)
weight_set = case.weight_set(set_id)
note(provenance_text(weight_set, case))  # how the weights were arrived at (issue 11)
if weight_set.note:
    note(weight_set.note)


def nearby_spread() -> int:
    """The page's "nearby" setting (± % of each weight), kept for the session."""
    st.session_state.setdefault(SPREAD_KEY, round(100 * LOCAL_SPREAD))
    return int(st.select_slider("Nearby weightings: each weight within", options=list(range(5, 55, 5)), key=SPREAD_KEY,
                                format_func=lambda v: f"±{v} %",
                                help="How far each weight may move for the 'How sure, near these weights' figures."))


@st.fragment
def live_ranking() -> None:
    """Sliders and the results they drive: a slider move reruns only this fragment."""
    appraisal = Appraisal(case)
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        st.header("Weights")
        current, edited = weights.sliders_with_reset(case, set_id, reset_key="reset_weights")
        spread = nearby_spread()
    vector = appraisal.weights_from_mapping(current)
    with results:
        if vector.sum() <= 0:
            st.warning("Every weight is zero, so no option can be ranked. Move at least one slider above zero.")
            return
        name = weights.shown_name(case, set_id)
        local = local_robustness(appraisal.S, vector, spread / 100)
        chart = ranking_chart(appraisal, vector, name, local)
        st.markdown(f"## {md(chart.takeaway)}")
        show_chart(chart, key="ranking_chart", show_takeaway=False, table_shown=True)
        extra = {"Your weights (edited)": vector} if edited else None
        found = badges(appraisal, vector)  # never None here: the weights are not all zero
        # Everything below the chart is one Markdown element: each element is a browser render on
        # every slider move (bench/ui_latency.py measured ≈1.5× the bare page with them apart).
        st.markdown("\n\n".join([
            table_markdown(chart.table, caption=f"Results — {name}"),  # the chart's numbers as its table
            "## How sure, near these weights",
            md(local_sentence(appraisal, local, vector)),
            table_markdown(local_table(appraisal, local, vector), caption=local_note(local)),
            "## Ranks under every weight set",
            table_markdown(ranks_by_weight_set(appraisal, extra), caption="'=2' marks a shared rank."),
            found.summary,
        ]))
        show_words(found)


live_ranking()
source_note(case)
