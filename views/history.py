"""History — "how did we get here?": every version of the case, who made it, how and why; what changed
between any two; an old version opened read-only or restored as a new version (nothing is overwritten)."""

from __future__ import annotations

import streamlit as st

from appraisal.case.diff import case_diff
from appraisal.errors import CaseError
from appraisal.fmt import uk_time
from appraisal.report.history import diff_sentence, diff_table, history_table, version_line
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, change_problem, library, open_case, open_version, replace_current, saved_message
from ui.components.charts import report_table
from ui.components.layout import case_banner
from ui.components.text import md, note
from ui.store import show_error

DONE_KEY = "_history_done"
ERROR_KEY = "_history_error"


def _restore(case_id: str, version: int, head: int) -> None:
    """A callback (before the page draws): version ``version`` becomes the latest, as a new version."""
    try:
        old = library().get(case_id, version)
        open_version(case_id, None)
        saved = replace_current(old.case, route="restore", base_version=head, what=f"version {version} restored",
                                reason=str(st.session_state.get("hist_reason", "")).strip())
    except (CaseError, StoreError, ChangeRefused) as exc:
        st.session_state[ERROR_KEY] = change_problem(exc)
        return
    st.session_state[DONE_KEY] = f"Version {version} restored: {saved_message(saved)}"
    st.session_state["hist_reason"] = ""

opened = open_case()
case = opened.case
st.title("History")
case_banner(case)
if opened.version is None:
    st.info("The shared store is unavailable, so there is no history to show.", icon=":material/cloud_off:")
    st.stop()

try:
    versions = library().history(opened.case_id)
except StoreError as exc:
    show_error(exc)
    st.stop()
head = versions[0].version if versions else opened.head
done = st.session_state.pop(DONE_KEY, None)
if done:
    st.success(md(done), icon=":material/check_circle:")
problem = st.session_state.pop(ERROR_KEY, None)
if problem:
    st.error(problem, icon=":material/error:")

st.header("Versions", anchor=False)
note("Every change to the case is kept as a version: nothing is overwritten. \"Not verified\" marks a name typed "
     "into a session rather than a sign-in.")
report_table(history_table(versions, uk_time), caption=f"{len(versions)} version{'s' if len(versions) != 1 else ''}, "
                                                         "newest first.")

numbers = [v.version for v in versions]
st.header("What changed between two versions", anchor=False)
left, right = st.columns(2)
with left:
    older = st.selectbox("From version", numbers, index=min(1, len(numbers) - 1), key="hist_from")
with right:
    newer = st.selectbox("To version", numbers, index=0, key="hist_to")
if older == newer:
    note("Choose two different versions to compare them.")
else:
    a, b = sorted((int(older), int(newer)))
    try:
        first, second = library().get(opened.case_id, a), library().get(opened.case_id, b)
    except StoreError as exc:
        show_error(exc)
    else:
        differences = case_diff(first.case, second.case)
        st.markdown(f"**{md(diff_sentence(differences, a, b))}**")
        if differences:
            report_table(diff_table(differences), caption=f"Version {a} → version {b}.")

st.header("Open or restore a version", anchor=False)
chosen = st.selectbox("Version", numbers, index=0, key="hist_open",
                      format_func=lambda n: f"Version {n}" + (" (latest)" if n == head else ""))
info = next(v for v in versions if v.version == chosen)
note(version_line(info, head, uk_time))
if info.reason:
    note(f"Why: {info.reason}")
open_col, restore_col = st.columns(2)
with open_col:
    if chosen == head:
        st.button("Open the latest version", key="hist_open_latest", on_click=open_version, args=(opened.case_id, None),
                  disabled=opened.is_latest)
    else:
        st.button(f"Open version {chosen} read-only", key="hist_open_btn", on_click=open_version,
                  args=(opened.case_id, chosen),
                  help="Every page then shows this version; the address gains &v= so it can be shared.")
with restore_col:
    st.text_input("Why restore it (kept with the new version)", key="hist_reason", max_chars=300,
                           disabled=chosen == head)
    st.button(f"Restore version {chosen} as a new version", key="hist_restore", disabled=chosen == head,
              on_click=_restore, args=(opened.case_id, int(chosen), head))
