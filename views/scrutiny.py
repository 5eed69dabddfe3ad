"""Scrutiny — "Why is this option ranked here?": ranks, gaps, dominance, what it would take, variants."""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal import fmt
from appraisal.analysis.scale_sensitivity import scale_sensitivity
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import Scrutiny, scrutinise
from appraisal.report.figures.scrutiny import gap_to_leader_chart, weight_change_chart
from appraisal.report.scale_sensitivity import scale_sensitivity_sentence, scale_sensitivity_table
from appraisal.report.scrutiny import (
    dominance_sentences,
    leave_one_out_caption,
    leave_one_out_table,
    rating_switch_table,
    scales_table,
    scrutiny_sentences,
    set_ranks_table,
    what_it_takes_sentence,
)
from ui.cases import current_case, current_case_key
from ui.components import weight_sliders as weights
from ui.components.badges import badge_row
from ui.components.charts import report_table, show_chart
from ui.components.layout import case_banner, source_note
from ui.components.text import md, note

OPTION_KEY = "scr_option_choice"   # {case key: option id}, durable across page switches
SCALE_KEY = "scr_custom_scale_text"

case = current_case()
appraisal = Appraisal(case)
st.title("Why is this option ranked here?")
case_banner(case)

names = {o.id: fmt.option_display(o.name, o.status_quo) for o in case.options}
chosen = st.session_state.setdefault(OPTION_KEY, {}).get(current_case_key())
if chosen not in names:
    chosen = case.status_quo.id if case.status_quo else case.option_ids[-1]
st.session_state["scr_option"] = chosen


def _remember_option() -> None:
    st.session_state[OPTION_KEY][current_case_key()] = st.session_state["scr_option"]


pick, pick_set = st.columns(2)
with pick:
    option_id = st.selectbox("Option", list(names), format_func=names.__getitem__, key="scr_option", on_change=_remember_option,
                             help="Starts on the business-as-usual option.")
with pick_set:
    set_id = weights.set_picker(case, key="scr_set_picker")
option = appraisal.option_ids.index(option_id)


def _custom_scale(labels: list[str]) -> tuple[tuple[float, ...] | None, str | None]:
    """Parse '4/2/0' into numbers for the labels, best first and decreasing."""
    text = st.session_state.get(SCALE_KEY, "").strip()
    if not text:
        return None, None
    try:
        values = tuple(float(part) for part in text.replace(",", "/").split("/"))
    except ValueError:
        return None, f"'{text}' is not a list of numbers such as 4/2/0."
    if len(values) != len(labels):
        return None, f"Give {len(labels)} numbers, one for each of {', '.join(labels)} (best first)."
    if any(a <= b for a, b in zip(values, values[1:])) or not all(np.isfinite(values)):
        return None, "The numbers must decrease from the best label to the worst."
    return values, None


def _rating_numbers(sc: Scrutiny, labels: list[str], problem: str | None) -> None:
    """The option's rank under other numbers for the rating labels, with a box for the user's own."""
    st.header("Other numbers for the ratings")
    st.text_input(f"Your own numbers for {'/'.join(labels)}, best first", key=SCALE_KEY, placeholder="e.g. 4/2/0")
    if problem:
        st.error(md(problem))
    report_table(scales_table(sc), caption="A change of numbers that only stretches or shifts the scale "
                                           "(e.g. 1/0.5/0 for 3/2/1) can never change a rank.")


@st.fragment
def live_scrutiny() -> None:
    with st.expander("Adjust the weights (shared with the Ranking and Sensitivity pages)"):
        current, edited = weights.sliders_with_reset(case, set_id, reset_key="scr_reset", prefix="scr_w_")
    w = appraisal.weights_from_mapping(current)
    if w.sum() <= 0:
        st.warning("Every weight is zero, so no option can be ranked. Move at least one slider above zero.")
        return
    set_name = weights.shown_name(case, set_id)
    labels = list(appraisal.scale)
    custom, problem = _custom_scale(labels)
    sc = scrutinise(appraisal, w, option, f"{set_name}'s weights" if not edited else f"the edited {case.weight_set(set_id).name} weights",
                    custom_scale=custom)
    sentences = scrutiny_sentences(sc, appraisal.option_names, appraisal.criterion_names, appraisal.status_quo_index,
                                   appraisal=appraisal)

    with st.container(border=True, key="scr_narrative"):
        st.markdown("**For the chair to read aloud**")
        st.markdown(md(" ".join(sentences)))

    st.header("Rank under every weight set")
    report_table(set_ranks_table(sc, names[option_id], set_name if edited else None),
                 caption="Equal weights show the directors' scores without any political weighting.")

    st.header("Where it gains and loses")
    show_chart(gap_to_leader_chart(appraisal, w, option), key="scr_gap_chart")

    st.header("Dominance")
    for sentence in dominance_sentences(sc, appraisal.option_names):
        st.markdown(md(sentence))

    st.header("What would it take to rank first?")
    wit = sc.what_it_takes
    if wit.already:
        st.success(md(what_it_takes_sentence(wit, appraisal.option_names, appraisal.criterion_names)))
    elif not wit.feasible:
        st.info(md(what_it_takes_sentence(wit, appraisal.option_names, appraisal.criterion_names)), icon=":material/block:")
    else:
        show_chart(weight_change_chart(appraisal, wit), key="scr_change_chart")
        note("This minimum total change is the switching value (the change of weights at which the leader would change) "
             "for the weights as a whole (Green Book).")
        proposed = weights.in_set_units(case, set_id, wit.weights)
        st.button("Try these weights", key="scr_try_weights", on_click=weights.set_weights, args=(case, set_id, proposed, "scr_w_"),
                  icon=":material/tune:",
                  help="Puts these weights on the sliders (same total as now, in the set's own units); Reset brings the case's back.")
        if wit.level and wit.clear_weights is not None:
            clear = weights.in_set_units(case, set_id, wit.clear_weights)
            st.button("Try the weights that put it first on its own", key="scr_try_clear_weights", on_click=weights.set_weights,
                      args=(case, set_id, clear, "scr_w_"), icon=":material/tune:",
                      help="Puts on the sliders the weights that put it ahead of every other option by the lead "
                           "stated above (rounded to the sliders' steps); Reset brings the case's back.")

    # Other numbers for the rating labels mean nothing when every criterion is measured in its own unit.
    labels_used = any(not scale.measured for scale in appraisal.scales)
    left, right = st.columns(2) if labels_used else (st.container(), None)
    with left:
        st.header("Leave one criterion out")
        report_table(leave_one_out_table(sc, appraisal.criterion_names), caption=leave_one_out_caption(sc))
    if right is not None:
        with right:
            _rating_numbers(sc, labels, problem)

    variants = scale_sensitivity(appraisal, w)
    if variants:
        st.header("Other value functions and ranges for the measured criteria")
        st.markdown(md(scale_sensitivity_sentence(variants, appraisal, appraisal.leaders(w))))
        report_table(scale_sensitivity_table(variants, appraisal, option),
                     caption="Each row redraws one measured criterion's scale and keeps everything else as it is.")

    badge_row(appraisal, w)

    if sc.rank != 1:
        st.header("Switching values for its ratings")
        report_table(rating_switch_table(sc, appraisal.criterion_names, appraisal.S[option], appraisal),
                     caption="The rise in this one score (others unchanged) that would bring it level "
                             "with the leader, against the most the rating scale allows.")


live_scrutiny()
source_note(case)
