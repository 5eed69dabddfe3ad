"""The weights being edited: one durable copy per case and weight set, shared by every page.

Widget values vanish when a page stops drawing them (Streamlit pitfall 1), so sliders are
mirrors: their values are copied into ``weight_edits`` and written back when a page draws them again.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from appraisal.case.changes import make_weight_set
from appraisal.case.model import Case, WeightSet
from appraisal.case.ratings import as_number
from appraisal.errors import CaseError
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, actor, add_weight_set, change_problem, current_case_key, saved_message
from ui.components.text import md, note

SET_KEY = "weight_set_choice"   # {case key: weight set id}
EDITS_KEY = "weight_edits"      # {"case key|set id": {criterion id: weight}}
OWNER_KEY = "_weight_slider_owner"
EDITED_MARK = "(edited, not saved)"
SAVED_KEY = "_weights_saved_as"


def _edit_key(case_key: str, set_id: str) -> str:
    return f"{case_key}|{set_id}"


def original(case: Case, set_id: str) -> dict[str, float]:
    ws = case.weight_set(set_id)
    return {c: float(as_number(ws.weights[c]) or 0.0) for c in case.criterion_ids}


def selected_set_id(case: Case) -> str:
    ids = [w.id for w in case.weight_sets]
    chosen = st.session_state.setdefault(SET_KEY, {}).get(current_case_key())
    return chosen if chosen in ids else ids[0]


def current(case: Case, set_id: str | None = None) -> dict[str, float]:
    """The weights in use for a set: the edited copy if there is one, else the case's own."""
    set_id = set_id or selected_set_id(case)
    edits = st.session_state.get(EDITS_KEY, {}).get(_edit_key(current_case_key(), set_id))
    return dict(edits) if edits else original(case, set_id)


def current_vector(case: Case, set_id: str | None = None) -> np.ndarray:
    weights = current(case, set_id)
    return np.array([weights[c] for c in case.criterion_ids], dtype=float)


def is_edited(case: Case, set_id: str) -> bool:
    return current(case, set_id) != original(case, set_id)


def shown_name(case: Case, set_id: str) -> str:
    """The set's name as the pages show it: "(edited, not saved)" after it once a slider has moved it —
    slider edits stay in this session until saved as a weight set."""
    return case.weight_set(set_id).name + (f" {EDITED_MARK}" if is_edited(case, set_id) else "")


def set_picker(case: Case, key: str = "weight_set_picker", label: str = "Weight set") -> str:
    """Choose the weight set; the choice is shared by every page."""
    ids = [w.id for w in case.weight_sets]
    names = {w.id: w.name for w in case.weight_sets}
    chosen = selected_set_id(case)

    def remember() -> None:
        st.session_state[SET_KEY][current_case_key()] = st.session_state[key]

    st.session_state[key] = chosen
    # The label must not change while the page runs (AppTest and the browser match options by label).
    st.selectbox(label, ids, format_func=names.__getitem__, key=key, on_change=remember)
    return chosen


def _numbers(weights: dict[str, object]) -> list[float]:
    return [as_number(v) or 0.0 for v in weights.values()]


def same_units(case: Case, set_id: str | None) -> list[WeightSet]:
    """The weight sets in the same units as ``set_id`` (their totals within a factor of 3): a case may
    hold sets in points (1–3) and sets in % (a consensus, a workshop's result); a set's sliders follow
    its own kind, not the largest weight of any set. Every set when ``set_id`` is None."""
    if set_id is None:
        return list(case.weight_sets)
    own = sum(_numbers(case.weight_set(set_id).weights)) or 1.0
    return [ws for ws in case.weight_sets if own / 3 <= (sum(_numbers(ws.weights)) or 1.0) <= own * 3]


def slider_range(case: Case, values: dict[str, float] | None = None, set_id: str | None = None) -> tuple[float, float]:
    """A slider maximum and step that suit the set's units (1–3 points, percentages, 100 points…).

    ``values``: the weights in use; the maximum grows to hold the largest of them (weights proposed by
    "What would it take" can exceed twice the case's largest weight, e.g. 7 where the sets give 1–3).
    """
    top = max(v for ws in same_units(case, set_id) for v in _numbers(ws.weights)) or 1.0
    magnitude = 10 ** math.floor(math.log10(top * 2))
    maximum = math.ceil(top * 2 / magnitude) * magnitude
    step = magnitude / 10 if maximum / (magnitude / 10) <= 100 else magnitude / 2
    if maximum <= 10:
        step = 0.5 if maximum > 2 else 0.1
    needed = max(values.values(), default=0.0) if values else 0.0
    if needed > maximum:
        maximum = math.ceil(needed / magnitude) * magnitude
    return float(maximum), float(step)


def in_set_units(case: Case, set_id: str, shares: np.ndarray) -> dict[str, float]:
    """Normalised weights (summing to 1) as slider values: the same total as the weights in use now,
    each rounded to the slider's step."""
    now = current(case, set_id)
    total = sum(now.values()) or 1.0
    _, step = slider_range(case, set_id=set_id)
    return {c: round(float(v) * total / step) * step for c, v in zip(case.criterion_ids, shares)}


def set_weights(case: Case, set_id: str, values: dict[str, float], prefix: str = "w_") -> None:
    """A callback: put ``values`` on the sliders (they then show as edited, with Reset live)."""
    st.session_state.setdefault(EDITS_KEY, {})[_edit_key(current_case_key(), set_id)] = dict(values)
    for c, v in values.items():
        st.session_state[_widget_key(prefix, c)] = float(v)


def _widget_key(prefix: str, criterion: str) -> str:
    return f"{prefix}{criterion}"


def reset(case: Case, set_id: str, prefix: str = "w_") -> None:
    """Back to the weight set as the case file has it (a callback, so it may set widget values)."""
    st.session_state.setdefault(EDITS_KEY, {}).pop(_edit_key(current_case_key(), set_id), None)
    for c, v in original(case, set_id).items():
        st.session_state[_widget_key(prefix, c)] = v


def sliders_with_reset(case: Case, set_id: str, reset_key: str, prefix: str = "w_") -> tuple[dict[str, float], bool]:
    """The sliders, and under them a reset button that is live once they have moved; returns the
    weights and whether they differ from the case's."""
    out = sliders(case, set_id, prefix)
    edited = out != original(case, set_id)
    st.button("Reset to the case's weights", on_click=reset, args=(case, set_id, prefix), key=reset_key, disabled=not edited)
    save_as(case, set_id, out, edited, reset_key)
    return out, edited


def save_as(case: Case, set_id: str, weights: dict[str, float], edited: bool, key: str) -> None:
    """"Save as a weight set…": the moved sliders as a new named set of the case (a new version, for every
    device), with a reason; until then the page marks them "(edited, not saved)"."""
    done = st.session_state.pop(SAVED_KEY, None)
    if done:
        st.success(md(done), icon=":material/check_circle:")
    if not edited:
        return
    note(f"These weights are {EDITED_MARK}: they are only in this browser tab until saved.")
    with st.popover("Save as a weight set…", icon=":material/save:"):
        with st.form(f"{key}_save_form", clear_on_submit=False, border=False):
            name = st.text_input("Name", key=f"{key}_save_name", max_chars=200,
                                 placeholder=f"e.g. {case.weight_set(set_id).name} — revised")
            reason = st.text_input("Why (optional, kept with the version)", key=f"{key}_save_reason", max_chars=300)
            if not st.form_submit_button("Save", type="primary"):
                return
        try:
            ws = make_weight_set(case, name, weights, method="manual", inputs={"from": set_id},
                                 by=actor().name, note=f"Moved on the sliders from “{case.weight_set(set_id).name}”.")
            saved = add_weight_set(ws, route="save-as", reason=reason.strip())
        except (CaseError, StoreError, ChangeRefused) as exc:
            st.error(change_problem(exc))
            return
        new_id = saved.case.weight_sets[-1].id
        st.session_state.setdefault(EDITS_KEY, {}).pop(_edit_key(current_case_key(), set_id), None)
        st.session_state.setdefault(SET_KEY, {})[current_case_key()] = new_id
        st.session_state[SAVED_KEY] = (f"Saved “{saved.case.weight_sets[-1].name}” as a weight set: "
                                       f"{saved_message(saved)} It is now the weight set in use.")
        st.rerun(scope="app")


def sliders(case: Case, set_id: str, prefix: str = "w_") -> dict[str, float]:
    """One slider per criterion, initialised from the set (or its edits); returns the weights."""
    case_key = current_case_key()
    values = current(case, set_id)
    maximum, step = slider_range(case, values, set_id)
    # The range is part of the widget: a new version of the case with another scale (a set in %) makes new
    # sliders, which must be refilled from the weights in use, not start at 0.
    owner = (case_key, set_id, prefix, maximum, step)
    fresh = st.session_state.get(OWNER_KEY + prefix) != owner
    for c in case.criterion_ids:
        key = _widget_key(prefix, c)
        if fresh or key not in st.session_state:
            st.session_state[key] = min(values[c], maximum)
    st.session_state[OWNER_KEY + prefix] = owner
    fmt_spec = "%.0f" if step >= 1 else "%.1f" if step * 10 == round(step * 10) else "%.2f"
    out: dict[str, float] = {}
    for criterion in case.criteria:
        out[criterion.id] = float(
            st.slider(md(criterion.name), 0.0, maximum, step=step, key=_widget_key(prefix, criterion.id), format=fmt_spec,
                      help=md(criterion.description) if criterion.description else None)
        )
    if out != original(case, set_id):
        st.session_state.setdefault(EDITS_KEY, {})[_edit_key(case_key, set_id)] = out
    else:
        st.session_state.setdefault(EDITS_KEY, {}).pop(_edit_key(case_key, set_id), None)
    return out
