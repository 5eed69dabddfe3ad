"""Which case is open: the shipped ones in data/, or an upload — kept in session state.

The open case survives page switches; a bad upload shows its problems and leaves the open case
(and everything edited) untouched.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from appraisal.errors import CaseError
from appraisal.io import MAX_CASE_BYTES, load_case, load_case_bytes
from appraisal.model import Case
from ui.text import md

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CASE = "shared_management_review.yaml"
CASE_KEY = "case_key"            # "data:<file name>" or "upload:<file name>"
UPLOADS_KEY = "uploaded_cases"   # {case key: Case}


def shipped_cases() -> dict[str, Path]:
    """Shipped case files by key, the default first."""
    files = sorted(DATA_DIR.glob("*.yaml"), key=lambda p: (p.name != DEFAULT_CASE, p.name))
    return {f"data:{p.name}": p for p in files}


@st.cache_data(show_spinner=False)
def _load_shipped(path: str, mtime: float) -> Case:
    """Parsed once per file version; cache_data hands each session its own copy."""
    del mtime  # part of the cache key only
    return load_case(path)


def case_options() -> dict[str, str]:
    """Case key → label for the picker."""
    labels = {key: path.stem.replace("_", " ").capitalize() for key, path in shipped_cases().items()}
    for key in st.session_state.get(UPLOADS_KEY, {}):
        labels[key] = f"Uploaded: {key.split(':', 1)[1]}"
    return labels


def current_case_key() -> str:
    keys = case_options()
    key = st.session_state.get(CASE_KEY)
    if key not in keys:
        key = next(iter(keys))
        st.session_state[CASE_KEY] = key
    return key


def current_case() -> Case:
    """The open case (the shipped sample by default, with no setup)."""
    key = current_case_key()
    uploads = st.session_state.get(UPLOADS_KEY, {})
    if key in uploads:
        return uploads[key]
    path = shipped_cases()[key]
    return _load_shipped(str(path), path.stat().st_mtime)


def add_upload(name: str, data: bytes) -> CaseError | None:
    """Validate an uploaded YAML case; on success open it, on failure change nothing."""
    try:
        case = load_case_bytes(data, name)
    except CaseError as exc:
        return exc
    key = f"upload:{name}"
    st.session_state.setdefault(UPLOADS_KEY, {})[key] = case
    st.session_state[CASE_KEY] = key
    return None


def _on_upload() -> None:
    """Runs before the rerun, so it may switch the picker to the newly opened case."""
    upload = st.session_state.get("case_upload")
    if upload is None:
        return
    error = add_upload(upload.name, upload.getvalue())
    st.session_state["_upload_error"] = error.message if error else None


def case_picker() -> None:
    """Sidebar: choose the case, or upload one (with its size limit stated)."""
    options = case_options()
    current_case_key()  # repairs a stale choice before the widget reads it
    st.sidebar.selectbox("Case", list(options), format_func=lambda k: options[k], key=CASE_KEY)
    limit_mb = MAX_CASE_BYTES // (1024 * 1024)
    st.sidebar.file_uploader(
        f"Open a case file (YAML, up to {limit_mb} MB)",
        type=["yaml", "yml"],
        key="case_upload",
        on_change=_on_upload,
        help="See docs/case-format.md for the format. A file with problems is not opened; "
        "the case already open stays as it is.",
    )
    error_text = st.session_state.get("_upload_error")
    if error_text:
        st.sidebar.error("That file was not opened:\n\n" + "\n\n".join(md(line) for line in error_text.splitlines()))
