"""Weights page section "Between two weightings": the consensus path, and a candidate joint set.

Pick two weight sets A and B (by default the first two that belong to a council); the chart shows
every option's total on the way from A's weights to B's with the exact swap points; a slider turns
any point of the path into a candidate joint set that can be saved as a named weight set.
All numbers come from :mod:`appraisal.analysis.consensus_path` and :mod:`appraisal.report.figures.path`.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal import fmt
from appraisal.analysis.consensus_path import default_ends, default_mark, locate_set, path_between
from appraisal.analysis.scoring import Appraisal
from appraisal.case.changes import make_weight_set
from appraisal.case.model import Case, WeightSet
from appraisal.errors import CaseError
from appraisal.report.consensus_path import (
    blend_note,
    candidate_weights_table,
    lam_text,
    location_sentence,
    stretches_table,
    weights_phrase,
)
from appraisal.report.figures.path import consensus_path_chart
from appraisal.report.ranking import ranking_headline, ranking_table
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, add_weight_set, change_problem, current_case_key, saved_message
from ui.components.charts import report_table, show_chart
from ui.components.text import md, note

STATE_KEY = "path_choice"  # {case key: {"from": id, "to": id, "mark": id | None, "lambda": int}}
SAVED_KEY = "_path_saved"  # message after a save, shown once
NO_MARK = "__none__"
MAX_STRETCH_ROWS = 30


def _state(case: Case) -> dict:
    """This case's durable choices (widget values vanish on a page switch; these do not)."""
    store = st.session_state.setdefault(STATE_KEY, {})
    ids = [w.id for w in case.weight_sets]
    state = store.setdefault(current_case_key(), {})
    if state.get("from") not in ids or state.get("to") not in ids:
        state["from"], state["to"] = default_ends(case)
        state["mark"] = default_mark(case, state["from"], state["to"])
    if state.get("mark") not in ids:
        state["mark"] = None
    state.setdefault("lambda", 50)
    return state


def _remember(field: str, key: str, case_key: str) -> None:
    value = st.session_state[key]
    st.session_state[STATE_KEY][case_key][field] = None if value == NO_MARK else value


def candidate_weight_set(case: Case, a: str, b: str, pct: int, name: str) -> WeightSet:
    """The blend ``pct`` % of the way from A to B as a weight set in percentages (summing to 100)."""
    appraisal = Appraisal(case)
    path = path_between(appraisal, a, b)
    w = 100.0 * path.weights_at(pct / 100)
    a_name, b_name = case.weight_set(a).name, case.weight_set(b).name
    return make_weight_set(case, name, {c: round(float(x), 6) for c, x in zip(case.criterion_ids, w)}, method="path",
                           inputs={"from": a, "to": b, "lambda": pct / 100}, note=blend_note(pct, a_name, b_name))


def default_name(case: Case, a: str, b: str, pct: int) -> str:
    return f"Blend {pct} % from {case.weight_set(a).name} to {case.weight_set(b).name}"[:200]


def render(case: Case) -> None:
    """The section: choose A, B and the set to mark; then the chart, the slider and the candidate."""
    st.header("Between two weightings")
    if len(case.weight_sets) < 2:
        st.info("This case has only one weight set. Add another (for example a second council's) to compare them.")
        return
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved:
        st.success(md(saved))
    state = _state(case)
    case_key = current_case_key()
    ids = [w.id for w in case.weight_sets]
    names = {w.id: w.name for w in case.weight_sets}
    c1, c2, c3 = st.columns(3)
    # Restore the widgets from the durable choices only when they differ (after a page switch, a
    # case switch or a save); writing them on every run would fight with the user's own input.
    for key, value in (("path_from", state["from"]), ("path_to", state["to"]), ("path_mark", state["mark"] or NO_MARK)):
        if st.session_state.get(key) != value:
            st.session_state[key] = value
    with c1:
        st.selectbox("From (0 %)", ids, format_func=lambda i: names[i], key="path_from",
                     on_change=_remember, args=("from", "path_from", case_key))
    with c2:
        st.selectbox("To (100 %)", ids, format_func=lambda i: names[i], key="path_to",
                     on_change=_remember, args=("to", "path_to", case_key))
    with c3:
        st.selectbox("Look for this set on the path", [NO_MARK, *ids],
                     format_func=lambda i: "(none)" if i == NO_MARK else names[i], key="path_mark",
                     on_change=_remember, args=("mark", "path_mark", case_key),
                     help="A set lies on the path when its weights, in proportion, are a blend of the two.")
    note("Each set's weights as saved in the case (slider edits on other pages are not included).")
    explorer(case, state["from"], state["to"], state["mark"])


@st.fragment
def explorer(case: Case, a: str, b: str, mark: str | None) -> None:
    """The λ slider and everything it drives: a slider move reruns only this fragment."""
    state = _state(case)
    case_key = current_case_key()
    appraisal = Appraisal(case)
    a_name, b_name = case.weight_set(a).name, case.weight_set(b).name
    if st.session_state.get("path_lambda") != state["lambda"]:
        st.session_state["path_lambda"] = state["lambda"]
    pct = int(st.slider(
        f"How far towards {md(weights_phrase(b_name))} (%)", 0, 100, step=1, key="path_lambda",
        on_change=_remember, args=("lambda", "path_lambda", case_key),
        help="0 % is the first set's weights, 100 % the second's; anything between is a blend (a candidate joint set).",
    ))
    lam = pct / 100
    chart = consensus_path_chart(appraisal, a, b, mark_set=mark, at=lam)
    show_chart(chart, key="path_chart")
    if mark is not None and mark not in (a, b):
        note(location_sentence(appraisal, locate_set(appraisal, a, b, mark), case.weight_set(mark).name, a_name, b_name))
    path = path_between(appraisal, a, b)
    table = stretches_table(appraisal, path, a_name, b_name)
    report_table(table.head(MAX_STRETCH_ROWS), caption="The order of the options on each stretch of the way")
    if len(table) > MAX_STRETCH_ROWS:
        note(f"The first {MAX_STRETCH_ROWS} of {len(table):,} stretches; the command line "
             "(python -m appraisal path) lists every one.")

    st.markdown(f"### Candidate joint set: {md(lam_text(lam))} of the way")
    weights_pct = 100.0 * path.weights_at(lam)
    results = appraisal.results(weights_pct)
    st.markdown(md(ranking_headline(results, appraisal.max_total(weights_pct))))
    report_table(ranking_table(results), caption="Ranking under the candidate (weights as percentages, so the most "
                 f"any option can score is {fmt.number(appraisal.max_total(weights_pct))})")
    report_table(candidate_weights_table(path, lam, appraisal.criterion_names, a_name, b_name),
                 caption="The candidate's weights beside the two sets', as percentages of the total")
    placeholder = default_name(case, a, b, pct)
    name = st.text_input("Name for the new weight set", key="path_name", max_chars=200, placeholder=placeholder,
                         help="Leave blank to use the name shown.").strip() or placeholder
    same = a == b or bool(np.allclose(path.a_hat, path.b_hat))
    if st.button("Save as a named weight set", key="path_save", disabled=same,
                 help="The two sets are in the same proportions, so every blend is the same as both." if same else
                 "Adds the candidate to the case as a new version, for every device."):
        try:
            weight_set = candidate_weight_set(case, a, b, pct, name)
            saved = add_weight_set(weight_set, route="consensus-path")
        except (CaseError, StoreError, ChangeRefused) as exc:  # e.g. a name taken, or the most weight sets allowed
            st.error(change_problem(exc))
            return
        weight_set = saved.case.weight_sets[-1]
        state["mark"] = weight_set.id
        st.session_state[SAVED_KEY] = (f"Saved '{name}' as a weight set of this case ({saved_message(saved)}); it is now "
                                       "marked on the path and can be chosen on every page, on every device.")
        st.session_state.pop("path_name", None)
        st.rerun()
