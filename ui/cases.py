"""Which case is open: the shipped ones in data/, or an upload — kept in session state.

The open case survives page switches; a bad upload shows its problems and leaves the open case
(and everything edited) untouched.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import streamlit as st

from appraisal.case.model import Case, WeightSet
from appraisal.errors import CaseError
from appraisal.formats.load import load_case, load_case_bytes
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import MAX_CASE_BYTES
from ui.components.text import md

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CASE = "shared_management_review.yaml"
CASE_KEY = "case_key"            # "data:<file name>" or "upload:<file name>:<content hash>"
CHOICE_KEY = "case_choice"       # durable copy of the choice (widget values vanish)
UPLOADS_KEY = "uploaded_cases"   # {case key: Case}
EDITED_KEY = "edited_cases"      # {case key: Case} — the copy the UI has changed (new weight sets…)


def shipped_cases() -> dict[str, Path]:
    """Shipped case files by key, the default first."""
    return dict(_shipped_cases(DATA_DIR.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _shipped_cases(folder_version: int) -> tuple[tuple[str, Path], ...]:
    """Listed again only when the folder changes (its mtime moves when a file is added or removed):
    every run asks, a slider move included."""
    del folder_version  # the cache key only
    files = sorted(DATA_DIR.glob("*.yaml"), key=lambda p: (p.name != DEFAULT_CASE, p.name))
    return tuple((f"data:{p.name}", p) for p in files)


@st.cache_data(show_spinner=False)
def _load_shipped(path: str, mtime: float) -> Case:
    """Parsed once per file version; cache_data hands each session its own copy."""
    del mtime  # part of the cache key only
    return load_case(path)


def upload_key(name: str, data: bytes) -> str:
    """An uploaded case's key: its content, never its file name alone. Two different files both called
    case.yaml are two cases (their weights, snapshots, audit trail and workshops kept apart); the same
    file opened again, in any session, is the same case."""
    return f"upload:{name}:{hashlib.sha256(data).hexdigest()[:16]}"


def upload_name(key: str) -> str:
    """The file name in an upload's key."""
    return key.split(":", 1)[1].rsplit(":", 1)[0]


def case_options() -> dict[str, str]:
    """Case key → label for the picker (uploads of the same file name told apart by their title)."""
    labels = {key: path.stem.replace("_", " ").capitalize() for key, path in shipped_cases().items()}
    uploads = st.session_state.get(UPLOADS_KEY, {})
    names = [upload_name(key) for key in uploads]
    for key, case in uploads.items():
        name = upload_name(key)
        labels[key] = f"Uploaded: {name}" + (f" — {case.title} ({key[-6:]})" if names.count(name) > 1 else "")
    return labels


def current_case_key() -> str:
    keys = case_options()
    key = st.session_state.get(CASE_KEY)
    if key not in keys:
        # The picker's widget value can vanish between runs (pitfall 1): fall back to the durable copy.
        key = st.session_state.get(CHOICE_KEY)
        if key not in keys:
            key = next(iter(keys))
        st.session_state[CASE_KEY] = key
    st.session_state[CHOICE_KEY] = key
    return key


def current_case() -> Case:
    """The open case (the shipped sample by default, with no setup), with this session's edits."""
    key = current_case_key()
    edited = st.session_state.get(EDITED_KEY, {})
    if key in edited:
        return edited[key]
    uploads = st.session_state.get(UPLOADS_KEY, {})
    if key in uploads:
        return uploads[key]
    return shipped_case(key)


def shipped_case(key: str) -> Case:
    """A shipped case by its key ("data:<file name>"), parsed once per file version."""
    path = shipped_cases()[key]
    return _load_shipped(str(path), path.stat().st_mtime)


def replace_current(case: Case) -> None:
    """Keep an edited copy of the open case for this session (the file on disk is never changed).

    Callers validate first (``appraisal.formats.mapping.case_from_mapping``), so the copy is always usable.
    """
    st.session_state.setdefault(EDITED_KEY, {})[current_case_key()] = case


def add_weight_set(weight_set: WeightSet) -> None:
    """Add (or replace, by id) a named weight set in the open case — consensus, elicited, adopted."""
    case = current_case()
    data = case_to_mapping(case)
    data["weight_sets"] = [ws for ws in data["weight_sets"] if ws["id"] != weight_set.id]
    data["weight_sets"].append(weight_set.model_dump(mode="json", exclude_none=True))
    replace_current(case_from_mapping(data, "edited case"))


def discard_edits() -> None:
    """Back to the case as its file has it."""
    st.session_state.setdefault(EDITED_KEY, {}).pop(current_case_key(), None)


def add_upload(name: str, data: bytes) -> CaseError | None:
    """Validate an uploaded case (YAML, or a workbook by its .xlsx name); open it, or change nothing."""
    try:
        case = load_case_bytes(data, name)
    except CaseError as exc:
        return exc
    key = upload_key(name, data)
    st.session_state.setdefault(UPLOADS_KEY, {})[key] = case
    st.session_state[CASE_KEY] = key
    return None


def _on_upload() -> None:
    """Runs before the rerun, so it may switch the picker to the newly opened case."""
    upload = st.session_state.get("case_upload")
    if upload is None:
        # The uploader cleared, or refused a file itself (too big, a type it does not take): the last
        # file's error no longer describes anything on screen.
        st.session_state["_upload_error"] = None
        return
    error = add_upload(upload.name, upload.getvalue())
    st.session_state["_upload_error"] = (upload.name, error.message) if error else None


def case_picker() -> None:
    """Sidebar: choose the case, or upload one (with its size limit stated)."""
    options = case_options()
    current_case_key()  # repairs a stale choice before the widget reads it
    st.sidebar.selectbox("Case", list(options), format_func=lambda k: options[k], key=CASE_KEY)
    limit_mb = MAX_CASE_BYTES // (1024 * 1024)
    st.sidebar.file_uploader(
        f"Open a case file (YAML or Excel .xlsx, up to {limit_mb} MB)",
        type=["yaml", "yml", "xlsx"],
        max_upload_size=limit_mb,
        key="case_upload",
        on_change=_on_upload,
        help="See docs/case-format.md for the format. A file with problems is not opened; "
        "the case already open stays as it is.",
    )
    refused = st.session_state.get("_upload_error")
    if refused:
        name, error_text = refused
        lines = "\n\n".join(md(line) for line in error_text.splitlines())
        still = f"The case open is still **{md(current_case().title)}**."
        # Beside the uploader (which still shows the file's name) and at the top of the page, where it is
        # seen on a 720 px screen: the file was refused, not opened.
        st.sidebar.error(f"**Not opened: {md(name)}** — it has problems:\n\n{lines}\n\n{still}", icon=":material/block:")
        st.error(f"**{md(name)} was not opened.** Each problem, with where to find it:\n\n{lines}\n\n{still}",
                 icon=":material/error:")
        st.button("Dismiss this message", key="upload_error_dismiss", on_click=_dismiss_upload_error)


def _dismiss_upload_error() -> None:
    st.session_state["_upload_error"] = None
