"""Case data — open, check, edit and download the case: YAML or Excel in; YAML, Excel and HTML out.

Edits are saved in the shared case library as a new version of the open case (``ui.cases.replace_current``),
made on the version the editors started from: if another device saved a version since, the save is refused
and says who, instead of silently winning. A file opens as a new case, or as a new version of the open one
(re-import). A bad upload shows each problem (with its sheet and cell for a workbook) and changes nothing.
"""

from __future__ import annotations

import streamlit as st

from appraisal.case.changes import slug as id_slug
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.formats.editor_tables import RATING_NAME, WEIGHT_LEAD, Frames, case_to_frames, frames_to_case, reshape
from appraisal.formats.excel.safety import MAX_WORKBOOK_BYTES
from appraisal.formats.excel.write import blank_workbook, case_workbook, template_workbook
from appraisal.formats.load import load_case_bytes
from appraisal.formats.yaml_file import MAX_CASE_BYTES, case_to_yaml
from appraisal.report.briefing import context
from appraisal.report.excel_pack import committee_pack
from appraisal.report.html_briefing import briefing_html
from appraisal.store.errors import StoreError
from ui.cases import (
    ChangeRefused,
    add_upload,
    library,
    open_case,
    replace_current,
    saved_message,
)
from ui.cases import (
    made_from as case_made_from,
)
from ui.components import weight_sliders as weights
from ui.components.layout import case_banner
from ui.components.text import md, note
from ui.identity import can_change, current_actor, sign_in_configured

UPLOAD_KEY = "cd_upload"
RESULT_KEY = "cd_upload_result"    # ("ok" | "error", text) of the last upload
VERSION_KEY = "cd_editor_version"  # bumped to start the editors afresh (after a save or a new case)
EDITORS_RESULT_KEY = "_cd_editors_result"
BASE_KEY = "cd_editor_base"        # (case id, version, editor version): the version the editors started from
HOW_KEY = "cd_upload_how"
NEW_CASE, REIMPORT = "new", "reimport"
LIMIT_MB = min(MAX_CASE_BYTES, MAX_WORKBOOK_BYTES) // (1024 * 1024)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slug(title: str) -> str:
    """A file name from the case's title (the one id-from-a-name rule, with hyphens)."""
    return id_slug(title, "case").replace("_", "-")


def _restart_editors() -> None:
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1


def _on_upload() -> None:
    """Runs before the rerun: open a valid file (so the case picker may switch to it), or keep the error."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        # Cleared, or refused by the uploader itself (too big, wrong type): the previous file's message goes.
        st.session_state.pop(RESULT_KEY, None)
        return
    try:
        if st.session_state.get(HOW_KEY) == REIMPORT:
            new = load_case_bytes(upload.getvalue(), upload.name)
            saved = replace_current(new, route="reimport", what=f"re-imported from the file {upload.name}"[:300])
            st.session_state[RESULT_KEY] = ("ok", f"{upload.name} is now {saved_message(saved)}")
        else:
            error = add_upload(upload.name, upload.getvalue())
            if error is not None:
                st.session_state[RESULT_KEY] = ("error", error.message)
                return
            st.session_state[RESULT_KEY] = ("ok", f"Opened {upload.name} as a new case in the shared library.")
    except CaseError as exc:
        st.session_state[RESULT_KEY] = ("error", exc.message)
        return
    except (StoreError, ChangeRefused) as exc:
        st.session_state[RESULT_KEY] = ("error", str(exc))
        return
    _restart_editors()


def _apply(edited: Case, base_version: int) -> None:
    reason = str(st.session_state.get("cd_reason", "") or "").strip()
    try:
        saved = replace_current(edited, route="case-data", reason=reason, base_version=base_version)
    except (CaseError, StoreError, ChangeRefused) as exc:
        st.session_state[RESULT_KEY] = ("error", exc.message if isinstance(exc, CaseError) else str(exc))
        return
    _restart_editors()
    st.session_state["cd_reason"] = ""
    st.session_state[RESULT_KEY] = ("ok", f"Your edits are {saved_message(saved)}")


def _save_editors(case_id: str) -> None:
    """A callback: the editors list from the text box (one e-mail address a line), including the person
    saving it, so nobody locks themselves out by accident."""
    me = current_actor()
    emails = [line.strip() for line in str(st.session_state.get("cd_editors", "")).splitlines() if line.strip()]
    if me is None or not me.verified or not me.email:
        st.session_state[EDITORS_RESULT_KEY] = ("error", "Sign in to set who may change this case.")
        return
    if emails and me.email.lower() not in {e.lower() for e in emails}:
        st.session_state[EDITORS_RESULT_KEY] = ("error", f"Your own address ({me.email}) is not in the list: add it, "
                                                         "or you could no longer change this case.")
        return
    try:
        library().set_editors(case_id, emails, me)
    except StoreError as exc:
        st.session_state[EDITORS_RESULT_KEY] = ("error", str(exc))
        return
    st.session_state[EDITORS_RESULT_KEY] = ("ok", f"Editors saved: {', '.join(emails) or 'none (any signed-in person)'}.")


def _editors_section(case_id: str) -> None:
    """Who may change this case (with sign-in configured); everyone else may view, submit workshop
    weights and save their own weight sets."""
    if not sign_in_configured():
        return
    st.header("Who may change this case", anchor=False)
    summary = next((c for c in library().list_cases() if c.id == case_id), None)
    editors = list(summary.editors) if summary else []
    note("Editors: " + (", ".join(editors) if editors else "none listed, so any signed-in person may change it") + ".")
    result = st.session_state.pop(EDITORS_RESULT_KEY, None)
    if result:
        (st.success if result[0] == "ok" else st.error)(md(result[1]))
    if not can_change(editors, "case-data"):
        return
    st.session_state.setdefault("cd_editors", "\n".join(editors))
    st.text_area("Editors' e-mail addresses, one a line", key="cd_editors", height=100)
    st.button("Save the editors", key="cd_editors_save", on_click=_save_editors, args=(case_id,))


opened = open_case()
case = opened.case
st.title("Case data")
case_banner(case)

# Open ---------------------------------------------------------------------------------------------
st.header("Open a case", anchor=False)
st.radio("The file is", [NEW_CASE, REIMPORT], key=HOW_KEY, horizontal=True,
         format_func={NEW_CASE: "a new case", REIMPORT: "a new version of the open case (re-import)"}.get)
st.file_uploader(
    f"Upload a case file: YAML (.yaml) or an Excel workbook (.xlsx) from the template — up to {LIMIT_MB} MB",
    type=["yaml", "yml", "xlsx"], key=UPLOAD_KEY, on_change=_on_upload, max_upload_size=LIMIT_MB,
    help=f"Files over {LIMIT_MB} MB, macro-enabled or password-protected workbooks, and workbooks linking to other "
         "files are refused. A file with problems is not opened: the case already open and your edits stay as they are.",
)
note(f"Size limit: {LIMIT_MB} MB. A file with problems is not opened; the case already open, and your edits, stay as they are.")
result = st.session_state.get(RESULT_KEY)
if result and result[0] == "error":
    st.error("That file was not opened. Each problem, with where to find it:\n\n"
             + "\n\n".join(f"- {md(line)}" for line in result[1].splitlines()), icon=":material/error:")
elif result:
    st.success(md(result[1]), icon=":material/check_circle:")

# Check --------------------------------------------------------------------------------------------
st.header("The open case", anchor=False)
summary = (f"{len(case.options)} options, {len(case.criteria)} criteria, {len(case.weight_sets)} weight sets"
           + (f", {len(case.councils)} councils" if case.councils else "")
           + (f", {len(case.assessors)} assessors" if case.assessors else "")
           + (", a savings section" if case.savings is not None else "") + ".")
st.markdown(f"**{md(case.title)}** — {md(summary)} Every check passes: each option is rated on every criterion "
            "and every weight set is complete.")
note(f"Version {opened.number} of {opened.head} in the shared case library. Applied edits are saved as a new version "
     "(the History page lists every version and can restore any of them).")

# Edit ---------------------------------------------------------------------------------------------
_editors_section(opened.case_id)

st.header("Edit", anchor=False)
note("Edit the tables, then apply. Add a row at the bottom of a table; select rows to delete them. "
     "Ratings take a label of the scale (" + ", ".join(case.scale) + ") or a number; weights are numbers of 0 or more.")
version = st.session_state.setdefault(VERSION_KEY, 0)
# The editors keep editing the version they started from, even when another device saves a newer one
# meanwhile: their edits are never laid over a different case, and saving them says the case moved on.
started = st.session_state.get(BASE_KEY)
if not started or started[0] != opened.case_id or started[2] != version or opened.read_only:
    started = (opened.case_id, opened.number, version)
    st.session_state[BASE_KEY] = started
editing = case
if started[1] != opened.number and opened.version is not None:
    try:
        editing = library().get(opened.case_id, started[1]).case
    except StoreError:
        started = (opened.case_id, opened.number, version)
    else:
        st.warning(f"Another device saved version {opened.head} while you were editing version {started[1]}. Your "
                   "edits are still on version " f"{started[1]}; saving them will be refused, so as not to undo the "
                   "newer version. Start again from the latest version to keep both.", icon=":material/sync_problem:")
        st.button("Start again from the latest version", key="cd_restart", on_click=_restart_editors)
base = case_to_frames(editing)
# The columns the options and criteria tables share.
NAMED_ROW_COLUMNS = {
    "id": st.column_config.TextColumn("Id", help="lower-case letters, digits and _", required=True),
    "name": st.column_config.TextColumn("Name", required=True),
    "description": st.column_config.TextColumn("Description"),
}
tab_options, tab_criteria, tab_ratings, tab_weights = st.tabs(["Options", "Criteria", "Ratings", "Weight sets"])
with tab_options:
    options = st.data_editor(
        base.options, key=f"cd_options_{version}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            **NAMED_ROW_COLUMNS,
            "status_quo": st.column_config.CheckboxColumn("Status quo (business as usual)", default=False),
            "do_minimum": st.column_config.CheckboxColumn("Do minimum", default=False),
        },
    )
with tab_criteria:
    criteria = st.data_editor(
        base.criteria, key=f"cd_criteria_{version}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            **NAMED_ROW_COLUMNS,
            "group": st.column_config.TextColumn("Group"),
        },
    )
# Ratings and weights follow the options and criteria as edited (new ones appear with blank cells).
shaped = reshape(Frames(options, criteria, base.ratings, base.weights))
shape_key = abs(hash((tuple(shaped.ratings.index), tuple(shaped.ratings.columns)))) % 10**8
criterion_columns = [c for c in shaped.ratings.columns if c != RATING_NAME]
names = dict(zip(base.criteria["id"], base.criteria["name"]))
with tab_ratings:
    labels_only = all(str(v) in case.scale for v in base.ratings[criterion_columns].to_numpy().ravel() if str(v))
    rating_column = (
        (lambda c: st.column_config.SelectboxColumn(c, options=list(case.scale), help=names.get(c)))
        if labels_only else (lambda c: st.column_config.TextColumn(c, help=names.get(c)))
    )
    ratings = st.data_editor(
        shaped.ratings, key=f"cd_ratings_{version}_{shape_key}", width="stretch", disabled=[RATING_NAME],
        column_config={RATING_NAME: st.column_config.TextColumn("Option"), **{c: rating_column(c) for c in criterion_columns}},
    )
with tab_weights:
    weights_frame = st.data_editor(
        shaped.weights, key=f"cd_weights_{version}_{shape_key}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "id": st.column_config.TextColumn("Id", required=True),
            "name": st.column_config.TextColumn("Name", required=True),
            "council": st.column_config.SelectboxColumn("Council", options=["", *(c.id for c in case.councils)]),
            "note": st.column_config.TextColumn("Note"),
            **{c: st.column_config.NumberColumn(c, min_value=0.0, help=names.get(c)) for c in shaped.weights.columns
               if c not in WEIGHT_LEAD},
        },
    )

edited: Case | None = None
try:
    edited = frames_to_case(editing, Frames(options, criteria, ratings, weights_frame))
except CaseError as exc:
    st.error("The edits are not valid yet — fix these and the Apply button becomes available:\n\n"
             + "\n\n".join(f"- {md(p.render(''))}" for p in exc.problems[:30])
             + (f"\n\n… and {len(exc.problems) - 30} more" if len(exc.problems) > 30 else ""), icon=":material/error:")
changed = edited is not None and edited != editing
if edited is not None and not changed:
    note("No edits yet.")
if opened.read_only:
    st.info("An older version is open, read-only: open the latest version (sidebar) to edit, or restore this one "
            "from the History page.", icon=":material/history:")
st.text_input("Why (optional, kept with the version)", key="cd_reason", max_chars=300,
              placeholder="e.g. Directors' corrected rating for option 2")
apply_col, download_col = st.columns([1, 2])
with apply_col:
    st.button("Save the edits as a new version", key="cd_apply", type="primary", disabled=not changed or opened.read_only,
              on_click=_apply, args=(edited, started[1]) if changed else ())
with download_col:
    if changed:
        st.download_button("Download the edited case (YAML)", data=case_to_yaml(edited), mime="text/yaml",
                           file_name=f"{_slug(edited.title)}-edited.yaml", key="cd_dl_edited", on_click="ignore")

# Download -----------------------------------------------------------------------------------------
st.header("Download", anchor=False)
note(f"The open case as version {opened.number} has it (weights moved on the sliders and not saved are not included, "
     "except in the briefing, which names them as edited).")
set_id = weights.selected_set_id(case)
slug = _slug(case.title) + (f"-v{opened.number}" if opened.number else "")
made_from = case_made_from()
first, second = st.columns(2)
with first:
    st.download_button("Case file (YAML)", data=case_to_yaml(case), file_name=f"{slug}.yaml", mime="text/yaml",
                       key="cd_dl_yaml", on_click="ignore", icon=":material/description:")
    st.download_button("Case as an Excel workbook", data=lambda: case_workbook(case), file_name=f"{slug}.xlsx", mime=XLSX,
                       key="cd_dl_case_xlsx", on_click="ignore", icon=":material/table_view:")
    st.download_button("Blank Excel template", data=blank_workbook, file_name="options-appraisal-blank.xlsx", mime=XLSX,
                       key="cd_dl_template", on_click="ignore", icon=":material/grid_on:")
    st.download_button("Worked example (Excel)", data=template_workbook, file_name="options-appraisal-example.xlsx",
                       mime=XLSX, key="cd_dl_example", on_click="ignore", icon=":material/table_chart:")
with second:
    st.download_button("Committee pack (Excel, live formulas)", data=lambda: committee_pack(case, made_from=made_from),
                       file_name=f"{slug}-committee-pack.xlsx", mime=XLSX, key="cd_dl_pack", on_click="ignore",
                       icon=":material/summarize:")
    briefing_context = context(case, set_id, weights.current_vector(case, set_id),
                               weights.shown_name(case, set_id))
    st.download_button("Briefing (HTML, opens offline)", data=lambda: briefing_html(case, briefing_context, made_from=made_from),
                       file_name=f"{slug}-briefing.html", mime="text/html", key="cd_dl_html", on_click="ignore",
                       icon=":material/slideshow:")
note("The committee pack's totals, percentages and ranks are Excel formulas an auditor can check; the briefing "
     "embeds its charts (each has a camera button to save it as a picture).")
