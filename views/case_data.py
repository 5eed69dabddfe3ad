"""Case data — open, check, edit and download the case: YAML or Excel in; YAML, Excel and HTML out.

The case file on disk is never changed: edits are applied to this session's copy of the open case
(``ui.cases.replace_current``) and leave with a download. A bad upload shows each problem (with its
sheet and cell for a workbook) and leaves the open case and all saved work untouched.
"""

from __future__ import annotations

import re

import streamlit as st

from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.formats.editor_tables import RATING_NAME, WEIGHT_LEAD, Frames, case_to_frames, frames_to_case, reshape
from appraisal.formats.excel.safety import MAX_WORKBOOK_BYTES
from appraisal.formats.excel.write import blank_workbook, case_workbook, template_workbook
from appraisal.formats.yaml_file import MAX_CASE_BYTES, case_to_yaml
from appraisal.report.briefing import context
from appraisal.report.excel_pack import committee_pack
from appraisal.report.html_briefing import briefing_html
from ui.cases import EDITED_KEY, add_upload, current_case, current_case_key, discard_edits, replace_current
from ui.components import weight_sliders as weights
from ui.components.layout import case_banner
from ui.components.text import md, note

UPLOAD_KEY = "cd_upload"
RESULT_KEY = "cd_upload_result"    # ("ok" | "error", text) of the last upload
VERSION_KEY = "cd_editor_version"  # bumped to start the editors afresh (after apply, discard or a new case)
LIMIT_MB = min(MAX_CASE_BYTES, MAX_WORKBOOK_BYTES) // (1024 * 1024)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "case"


def _on_upload() -> None:
    """Runs before the rerun: open a valid file (so the case picker may switch to it), or keep the error."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        # Cleared, or refused by the uploader itself (too big, wrong type): the previous file's message goes.
        st.session_state.pop(RESULT_KEY, None)
        return
    error = add_upload(upload.name, upload.getvalue())
    if error is None:
        st.session_state[RESULT_KEY] = ("ok", f"Opened {upload.name}.")
        st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
    else:
        st.session_state[RESULT_KEY] = ("error", error.message)


def _apply(edited: Case) -> None:
    replace_current(edited)
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
    st.session_state[RESULT_KEY] = ("ok", "Your edits are applied to the open case for this session (the file is unchanged).")


def _discard() -> None:
    discard_edits()
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
    st.session_state[RESULT_KEY] = ("ok", "Back to the case as its file has it.")


case = current_case()
st.title("Case data")
case_banner(case)

# Open ---------------------------------------------------------------------------------------------
st.header("Open a case", anchor=False)
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
edited_here = current_case_key() in st.session_state.get(EDITED_KEY, {})
summary = (f"{len(case.options)} options, {len(case.criteria)} criteria, {len(case.weight_sets)} weight sets"
           + (f", {len(case.councils)} councils" if case.councils else "")
           + (f", {len(case.assessors)} assessors" if case.assessors else "")
           + (", a savings section" if case.savings is not None else "") + ".")
st.markdown(f"**{md(case.title)}** — {md(summary)} Every check passes: each option is rated on every criterion "
            "and every weight set is complete.")
if edited_here:
    st.warning("This session has changed the case (edits or new weight sets) — download it to keep the changes.",
               icon=":material/edit:")
    st.button("Discard this session's changes", key="cd_discard", on_click=_discard)

# Edit ---------------------------------------------------------------------------------------------
st.header("Edit", anchor=False)
note("Edit the tables, then apply. Add a row at the bottom of a table; select rows to delete them. "
     "Ratings take a label of the scale (" + ", ".join(case.scale) + ") or a number; weights are numbers of 0 or more.")
version = st.session_state.setdefault(VERSION_KEY, 0)
base = case_to_frames(case)
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
    edited = frames_to_case(case, Frames(options, criteria, ratings, weights_frame))
except CaseError as exc:
    st.error("The edits are not valid yet — fix these and the Apply button becomes available:\n\n"
             + "\n\n".join(f"- {md(p.render(''))}" for p in exc.problems[:30])
             + (f"\n\n… and {len(exc.problems) - 30} more" if len(exc.problems) > 30 else ""), icon=":material/error:")
changed = edited is not None and edited != case
if edited is not None and not changed:
    note("No edits yet.")
apply_col, download_col = st.columns([1, 2])
with apply_col:
    st.button("Apply the edits to the open case", key="cd_apply", type="primary", disabled=not changed,
              on_click=_apply, args=(edited,) if changed else ())
with download_col:
    if changed:
        st.download_button("Download the edited case (YAML)", data=case_to_yaml(edited), mime="text/yaml",
                           file_name=f"{_slug(edited.title)}-edited.yaml", key="cd_dl_edited", on_click="ignore")

# Download -----------------------------------------------------------------------------------------
st.header("Download", anchor=False)
note("The open case as it stands in this session" + (" (with its changes)" if edited_here else "") + ".")
set_id = weights.selected_set_id(case)
slug = _slug(case.title)
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
    st.download_button("Committee pack (Excel, live formulas)", data=lambda: committee_pack(case),
                       file_name=f"{slug}-committee-pack.xlsx", mime=XLSX, key="cd_dl_pack", on_click="ignore",
                       icon=":material/summarize:")
    briefing_context = context(case, set_id, weights.current_vector(case, set_id),
                               weights.shown_name(case, set_id))
    st.download_button("Briefing (HTML, opens offline)", data=lambda: briefing_html(case, briefing_context),
                       file_name=f"{slug}-briefing.html", mime="text/html", key="cd_dl_html", on_click="ignore",
                       icon=":material/slideshow:")
note("The committee pack's totals, percentages and ranks are Excel formulas an auditor can check; the briefing "
     "embeds its charts (each has a camera button to save it as a picture).")
