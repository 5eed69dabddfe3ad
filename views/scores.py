"""Scores — "where did the figures come from?": the rating matrix, the scale, and the assessors' spread."""

from __future__ import annotations

import streamlit as st

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.case.scales import mixed_value_ranges
from appraisal.report import measured as measured_words
from appraisal.report.figures.measured import value_function_chart
from appraisal.report.figures.scores import assessor_frame, disagreement_heatmap, ratings_heatmap
from ui.cases import current_case
from ui.components.charts import report_table, show_chart
from ui.components.layout import case_banner, source_note
from ui.components.text import md, note

case = current_case()
appraisal = Appraisal(case)
st.title("Scores")
case_banner(case)
scale = ", ".join(f"{label} = {fmt.number(value)}" for label, value in case.scale.items())
intro = measured_words.scores_intro(appraisal)
if intro is None:
    st.markdown(f"Each option was rated against each criterion on the scale **{md(scale)}**; "
                "a weighted total multiplies each rating by the criterion's weight and adds them up.")
else:
    if any(not sc.measured for sc in appraisal.scales):
        st.markdown(f"Criteria without a unit were rated on the scale **{md(scale)}**. {md(intro)}")
    else:
        st.markdown(md(intro))
mixed = measured_words.mixed_ranges_warning(appraisal, mixed_value_ranges(case))
if mixed:
    st.warning(md(mixed), icon=":material/warning:")

show_chart(ratings_heatmap(case, appraisal), key="scores_heatmap")

measured = measured_words.measured_indices(appraisal)
if measured:
    st.header("Measured criteria: raw values and their 0–100 values")
    outside = measured_words.out_of_range_sentence(appraisal)
    if outside:
        st.warning(md(outside), icon=":material/warning:")
    for j in measured:
        chart = value_function_chart(appraisal, j)
        left, right = st.columns([2, 3], gap="large")
        with left:
            st.subheader(md(appraisal.criterion_names[j]))
            note(appraisal.scales[j].describe())
            report_table(chart.table)
        with right:
            show_chart(chart, key=f"scores_value_{appraisal.criterion_ids[j]}", table_shown=True)

if case.assessments:
    st.header("The assessors' own ratings")
    note(f"{len(case.assessments)} assessors rated individually before agreeing the consensus; "
         "where a consensus was published it is used, otherwise the median of their ratings.")
    show_chart(disagreement_heatmap(case), key="scores_disagreement")
    names = {o.id: fmt.option_display(o.name, o.status_quo) for o in case.options}
    option = st.selectbox("Option", list(names), format_func=names.__getitem__, key="scores_option")
    report_table(assessor_frame(case, option), caption=f"Each assessor's ratings of {names[option]}")
else:
    note("This case records only the consensus ratings, not each assessor's own.")

with st.expander("Descriptions of the criteria"):
    for c in case.criteria:
        st.markdown(f"**{md(c.name)}** — {md(c.description or 'no description given')}")
source_note(case)
