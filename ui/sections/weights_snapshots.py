"""Weights page, "Snapshots": save the weight sets (with provenance) to the store, list the history
and the audit trail, compare any snapshot with now, and restore one. Widget keys start with ``wts_snap_``.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from appraisal.analysis.consensus import set_mappings
from appraisal.case.changes import ReplaceWeightSets
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.fmt import uk_time
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.report.figures.weights import snapshot_set_chart
from appraisal.report.weights import snapshot_comparison
from appraisal.store.errors import StoreError
from appraisal.store.repository import AuditEntry, SnapshotInfo
from ui.cases import ChangeRefused, apply_change, current_case_key, saved_message
from ui.components import weight_sliders as weights_ui
from ui.components.charts import show_chart
from ui.components.tables import dataframe
from ui.components.text import md, note
from ui.store import get_store, show_error

DONE_KEY = "_wts_snap_done"


def when(value: datetime) -> str:
    """'28 Nov 2026, 09:14 GMT' — stored in UTC, shown in UK local time (GMT or BST, said)."""
    return uk_time(value)


def current_sets(case: Case) -> list[dict]:
    """The case's weight sets as the user sees them now: slider edits (Ranking page) applied."""
    overrides = {ws.id: weights_ui.current(case, ws.id) for ws in case.weight_sets if weights_ui.is_edited(case, ws.id)}
    return set_mappings(case, overrides)


def history_table(snapshots: list[SnapshotInfo]) -> pd.DataFrame:
    return pd.DataFrame({
        "Saved": [when(s.created_at) for s in snapshots],
        "Name": [s.name for s in snapshots],
        "Saved by": [s.author for s in snapshots],
        "Note": [s.note for s in snapshots],
        "Weight sets": [s.n_sets for s in snapshots],
    })


def audit_table(entries: list[AuditEntry], case: Case) -> pd.DataFrame:
    names = {c.id: c.name for c in case.criteria}

    def value(v: float | None) -> str:
        return "—" if v is None else f"{v:g}"

    return pd.DataFrame({
        "When": [when(e.at) for e in entries],
        "Who": [e.author for e in entries],
        "How": [f"{e.action} ({e.reference})" if e.reference else e.action for e in entries],
        "Weight set": [e.weight_set_name for e in entries],
        "Criterion": [names.get(e.criterion_id or "", e.criterion_id or "") for e in entries],
        "Was → now": [f"{value(e.old_value)} → {value(e.new_value)}" for e in entries],
    })


def _save_form(case: Case) -> None:
    with st.form("wts_snap_form", clear_on_submit=False, enter_to_submit=False):
        st.markdown("**Save the weight sets as they are now**")
        name = st.text_input("Snapshot name", key="wts_snap_name", max_chars=120, placeholder="e.g. Agreed at joint cabinet")
        author = st.text_input("Your name", key="wts_snap_author", max_chars=120)
        text = st.text_area("Note (optional)", key="wts_snap_note", max_chars=2000)
        if not st.form_submit_button("Save snapshot", type="primary"):
            return
    try:
        info = get_store().save_snapshot(current_case_key(), name, author, current_sets(case), note=text, case_title=case.title)
    except StoreError as exc:
        show_error(exc)
        return
    st.session_state[DONE_KEY] = f"Saved snapshot “{info.name}” ({info.n_sets} weight sets) at {when(info.created_at)}."
    st.rerun()


def _restore(case: Case, snapshot_id: int, author: str) -> None:
    snap = get_store().get_snapshot(snapshot_id)
    data = case_to_mapping(case)
    data["weight_sets"] = snap.weight_sets
    restored = case_from_mapping(data, f"snapshot “{snap.name}”")  # CaseError if the case has changed shape since
    saved = apply_change(ReplaceWeightSets("snapshot", tuple(restored.weight_sets), f"weight sets restored from snapshot "
                                           f"“{snap.name}”"), reason=author.strip())
    edits = st.session_state.setdefault(weights_ui.EDITS_KEY, {})
    for key in [k for k in edits if k.startswith(f"{current_case_key()}|")]:
        del edits[key]  # slider edits would hide the restored weights
    st.session_state[DONE_KEY] = f"Restored snapshot “{snap.name}” from {when(snap.created_at)}: {saved_message(saved)}"


def _set_then_and_now(case: Case, snapshot_name: str, then_sets: list[dict], now_sets: list[dict]) -> None:
    """One changed set, then and now, as shares (the chart councillors read at a glance)."""
    then = {ws["id"]: ws for ws in then_sets}
    now_by_id = {ws["id"]: ws for ws in now_sets}
    changed = [i for i in now_by_id if i in then and then[i]["weights"] != now_by_id[i]["weights"]]
    if not changed:
        return
    names = {i: now_by_id[i]["name"] for i in changed}
    set_id = st.selectbox("Weight set to chart", changed, format_func=names.get, key="wts_snap_set")
    chart = snapshot_set_chart(case.criterion_ids, [c.name for c in case.criteria], names[set_id], snapshot_name,
                               then[set_id]["weights"], now_by_id[set_id]["weights"])
    show_chart(chart, key="wts_snap_chart")


def render(case: Case) -> None:
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(md(done))
    _save_form(case)
    try:
        store = get_store()
        snapshots = store.list_snapshots(current_case_key())
        trail = store.audit_trail(current_case_key(), limit=300)
    except StoreError as exc:
        show_error(exc)
        return
    note(f"Saved in {store.where}.")
    st.header("History")
    if not snapshots:
        st.info("No snapshots of this case yet. Save one above to start the history.")
    else:
        dataframe(history_table(snapshots), hide_index=True, key="wts_snap_history")
        _compare_and_restore(case, snapshots)
    st.header("Audit trail: who changed which weight, when")
    if trail:
        dataframe(audit_table(trail, case), hide_index=True, key="wts_snap_audit")
    else:
        note("Nothing recorded yet: saved snapshots, restores and agreed sets are logged here.")


def _compare_and_restore(case: Case, snapshots: list[SnapshotInfo]) -> None:
    st.header("Compare a snapshot with now")
    labels = {s.id: f"{s.name} — {when(s.created_at)}, by {s.author}" for s in snapshots}
    chosen = st.selectbox("Snapshot", list(labels), format_func=labels.get, key="wts_snap_pick")
    try:
        snap = get_store().get_snapshot(chosen)
    except StoreError as exc:
        show_error(exc)
        return
    if snap.note:
        note(f"Note: {snap.note}")
    diff = snapshot_comparison(case, snap.weight_sets, current_sets(case))
    if diff.empty:
        st.markdown("**Every weight is the same now as in this snapshot.**")
    else:
        count = len(diff)
        st.markdown(f"**{count} weight{'s' if count != 1 else ''} differ{'s' if count == 1 else ''} between this snapshot and now.**")
        dataframe(diff, hide_index=True, key="wts_snap_diff")
        _set_then_and_now(case, snap.name, snap.weight_sets, current_sets(case))
    confirm = st.checkbox("Yes, replace the case's weight sets with this snapshot's", key="wts_snap_confirm")
    if st.button("Restore this snapshot", key="wts_snap_restore", disabled=not confirm):
        try:
            _restore(case, snap.id, st.session_state.get("wts_snap_author", ""))
        except CaseError as exc:
            st.error(md("This snapshot no longer fits the case: " + exc.message))
            return
        except StoreError as exc:
            show_error(exc)
            return
        except ChangeRefused as exc:
            st.error(md(str(exc)))
            return
        st.rerun()
