"""Weights page, "Compare and agree": the sets side by side and the consensus builder.

Numbers come from :mod:`appraisal.analysis.consensus` and :mod:`appraisal.report.figures.weights`; this module
only draws widgets. Widget keys start with ``wts_``.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from appraisal import fmt
from appraisal.analysis.consensus import STATISTICS, consensus, consensus_weight_set, percentages
from appraisal.analysis.scoring import Appraisal
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.report.elicitation import provenance_text
from appraisal.report.figures.weights import weights_comparison_chart
from appraisal.report.weights import consensus_note, consensus_preview_caption, consensus_preview_table
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, add_weight_set, change_problem, current_case, current_case_key, saved_message
from ui.components.charts import report_table, show_chart
from ui.components.text import md, note

SETS_KEY = "wts_sets"
DONE_KEY = "_wts_consensus_done"
HOW = {
    "mean": "Mean of the chosen sets",
    "median": "Median of the chosen sets",
    "edit": "Edit by hand, starting from one set",
}


def provenance_list(case: Case, set_ids: list[str]) -> None:
    """Where each chosen weight set came from, one line each ("Breckland cabinet — ranking method, …")."""
    lines = [f"- {md(provenance_text(case.weight_set(s), case))}" for s in set_ids]
    st.markdown("\n".join(lines))


def _chosen(case: Case) -> list[str]:
    ids = [w.id for w in case.weight_sets]
    remembered = st.session_state.setdefault("wts_sets_by_case", {}).get(current_case_key())
    if SETS_KEY not in st.session_state or st.session_state.get("_wts_sets_case") != current_case_key():
        st.session_state[SETS_KEY] = [i for i in (remembered or ids) if i in ids]
        st.session_state["_wts_sets_case"] = current_case_key()
    else:
        st.session_state[SETS_KEY] = [i for i in st.session_state[SETS_KEY] if i in ids]
    names = {w.id: w.name for w in case.weight_sets}
    chosen = st.multiselect("Weight sets to compare", ids, format_func=lambda i: names[i], key=SETS_KEY,
                            help="Each set is shown as shares of its own total, so sets in different units compare fairly.")
    st.session_state["wts_sets_by_case"][current_case_key()] = list(chosen)
    return list(chosen)


def render(case: Case) -> None:
    st.header("The weight sets side by side")
    chosen = _chosen(case)
    if not chosen:
        st.info("Choose at least one weight set to see it.")
        return
    provenance_list(case, chosen)
    appraisal = Appraisal(case)
    chart = weights_comparison_chart(appraisal, chosen)
    st.markdown(f"**{md(chart.takeaway)}**")
    show_chart(dataclasses.replace(chart, table=pd.DataFrame()), key="wts_compare_chart", show_takeaway=False)
    report_table(chart.table, caption="Share of each set's total weight. ◆ / “differs”: the two councils' sets differ by 3 "
                                      "percentage points or more on that criterion.")
    st.divider()
    consensus_builder(case, appraisal, chosen)


def _edit_inputs(case: Case, appraisal: Appraisal, start: str) -> dict[str, float]:
    """One number per criterion (in %), starting from the chosen set's shares."""
    shares = percentages(appraisal, [start])[0]
    owner = (current_case_key(), start)
    fresh = st.session_state.get("_wts_edit_owner") != owner
    values: dict[str, float] = {}
    cols = st.columns(2)
    for j, c in enumerate(case.criteria):
        key = f"wts_edit_{c.id}"
        if fresh or key not in st.session_state:
            st.session_state[key] = round(float(shares[j]), 1)
        with cols[j % 2]:
            values[c.id] = float(st.number_input(md(c.name) + " (%)", min_value=0.0, max_value=100.0, step=0.5, key=key))
    st.session_state["_wts_edit_owner"] = owner
    total = sum(values.values())
    note(f"Total {fmt.number(total, 1)} % — the shares are rescaled to 100 % when the set is added.")
    return values


@st.fragment
def consensus_builder(case: Case, appraisal: Appraisal, chosen: list[str]) -> None:
    """Mean, median or a hand-edited copy → a new named weight set with its provenance."""
    st.header("Agree a joint weighting")
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(md(done))
    how = st.radio("How", list(HOW), format_func=HOW.get, key="wts_cons_how", horizontal=True)
    names = {w.id: w.name for w in case.weight_sets}
    if how in STATISTICS:
        # Which sets to combine: by default the councils' own (a set with a council), never "Equal
        # weights" or an existing joint set, which would pull the average towards themselves.
        own = [w.id for w in case.weight_sets if w.council]
        default = own if len(own) >= 2 else list(chosen)
        chosen = st.multiselect("Sets to combine", [w.id for w in case.weight_sets], default=default,
                                format_func=lambda i: names[i], key="wts_cons_sets",
                                help="Starts with the councils' own weight sets.")
        if len(chosen) < 2:
            st.info("Choose at least two weight sets above to combine them.")
            return
        pct = consensus(appraisal.W[[appraisal.set_ids.index(s) for s in chosen]], how)
        weights = dict(zip(case.criterion_ids, pct.tolist()))
        sources, method, variant = chosen, "consensus", how
        default_name = f"Joint — {how} of {len(chosen)} sets"
        report_table(consensus_preview_table(appraisal.criterion_names, pct, how),
                     caption=consensus_preview_caption(case, how, chosen))
    else:
        start = st.selectbox("Start from", [w.id for w in case.weight_sets], format_func=lambda i: names[i], key="wts_cons_start")
        raw = _edit_inputs(case, appraisal, start)
        total = sum(raw.values())
        if total <= 0:
            st.warning("Every weight is zero: give at least one criterion some weight.")
            return
        weights = {c: 100.0 * v / total for c, v in raw.items()}
        sources, method, variant = [start], "consensus", "edited"
        default_name = f"{names[start]} — edited"
    name = st.text_input("Name of the new weight set", value=default_name, key=f"wts_cons_name_{how}", max_chars=120)
    by = st.text_input("Agreed by (for the record)", key="wts_cons_by", max_chars=120,
                       placeholder="e.g. Joint meeting of both cabinets")
    if st.button("Add as a new weight set", key="wts_cons_add", type="primary"):
        if not name.strip():
            st.warning("Give the new weight set a name.")
            return
        try:
            ws = consensus_weight_set(case, name.strip(), weights, method, variant, sources, by=by.strip() or None,
                                      note=consensus_note(case, method, variant, sources))
            saved = add_weight_set(ws, route="consensus", reason=by.strip())
        except (CaseError, ValueError, StoreError, ChangeRefused) as exc:
            st.error(change_problem(exc))
            return
        message = f"Added “{ws.name}”: {saved_message(saved)} {provenance_text(ws, current_case())}"
        st.session_state[DONE_KEY] = message
        # Show the new set in the comparison too (the multiselect is rebuilt from this list on rerun).
        added = saved.case.weight_sets[-1].id
        st.session_state.setdefault("wts_sets_by_case", {}).setdefault(current_case_key(), list(chosen)).append(added)
        st.session_state["_wts_sets_case"] = None
        st.rerun()
