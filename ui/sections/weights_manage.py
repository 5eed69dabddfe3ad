"""Weights page, "Rename or remove a weight set": each is a new version of the case (the History page
lists it and can restore the version before). Widget keys start with ``wts_manage_``."""

from __future__ import annotations

import streamlit as st

from appraisal.case.changes import RemoveWeightSet, RenameWeightSet
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, apply_change, change_problem, saved_message
from ui.components.text import md, note

DONE_KEY = "_wts_manage_done"


def render(case: Case) -> None:
    """Choose a set; rename it, or remove it (after a confirmation). Nothing is lost: the History page
    can restore the version from before."""
    st.header("Rename or remove a weight set")
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(md(done), icon=":material/check_circle:")
    names = {w.id: w.name for w in case.weight_sets}
    set_id = st.selectbox("Weight set", list(names), format_func=names.__getitem__, key="wts_manage_set")
    reason = st.text_input("Why (optional, kept with the version)", key="wts_manage_reason", max_chars=300)
    rename_col, remove_col = st.columns(2)
    with rename_col:
        new_name = st.text_input("New name", key="wts_manage_name", max_chars=200, placeholder=names[set_id])
        if st.button("Rename", key="wts_manage_rename", disabled=not new_name.strip()):
            _apply(RenameWeightSet("rename", set_id, new_name), reason)
    with remove_col:
        note("Removing a set keeps it in the case's history: restore the version before to bring it back.")
        confirm = st.checkbox(f"Yes, remove “{md(names[set_id])}”", key="wts_manage_confirm")
        if st.button("Remove", key="wts_manage_remove", disabled=not confirm or len(names) < 2):
            _apply(RemoveWeightSet("remove", set_id, names[set_id]), reason)


def _apply(change: RenameWeightSet | RemoveWeightSet, reason: str) -> None:
    try:
        saved = apply_change(change, reason.strip())
    except (CaseError, StoreError, ChangeRefused) as exc:
        st.error(change_problem(exc))
        return
    st.session_state[DONE_KEY] = f"The case is {saved_message(saved)}"
    for key in ("wts_manage_name", "wts_manage_reason", "wts_manage_confirm", "wts_manage_set"):
        st.session_state.pop(key, None)
    st.rerun()
