"""The app's handle on :mod:`appraisal.store.repository`: the URL from the environment or Streamlit secrets.

The store object is one per process and URL (``appraisal.store.repository.open_store``), shared by every
session; its errors are plain sentences, shown with :func:`show_error` instead of a traceback — each
fault class (unreachable, full, read-only, damaged, busy, locked out) with its own words and icon.
"""

from __future__ import annotations

import secrets

import streamlit as st

from appraisal.store.errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    TooManyAttempts,
)
from appraisal.store.repository import Store, open_store
from ui.components.text import md

SECRET_KEY = "store_url"
_SESSION_ID = "_store_session_id"
_ICONS = [
    (StoreDamaged, ":material/report:"),
    (StoreFull, ":material/storage:"),
    (StoreReadOnly, ":material/lock:"),
    (StoreBusy, ":material/hourglass_top:"),
    (StoreUnavailable, ":material/cloud_off:"),
    (TooManyAttempts, ":material/block:"),
]


def configured_url() -> str | None:
    """``store_url`` from .streamlit/secrets.toml, if there is one (the environment variable wins)."""
    try:
        value = st.secrets.get(SECRET_KEY)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning None
        return None
    return str(value) if value else None


def get_store() -> Store:
    return open_store(configured_url())


def show_error(exc: StoreError) -> None:
    """A store problem as one readable message (its text may carry names typed by users)."""
    icon = next((i for cls, i in _ICONS if isinstance(exc, cls)), None)
    st.error(md(str(exc)), icon=icon)


def client_address() -> str:
    """The browser's network address as the server sees it ('' when unknown, e.g. in AppTest)."""
    try:
        return str(st.context.ip_address or "")
    except Exception:
        return ""


def device_description() -> str:
    """What the browser says about the device: its address and its browser ('' when either is unknown).
    The store keeps only a hash of it, to let a reload on the same phone resume its place."""
    address = client_address()
    try:
        agent = str(st.context.headers.get("User-Agent") or "")
    except Exception:
        agent = ""
    return f"{address}|{agent}" if address and agent else ""


def attempt_subjects() -> tuple[str, ...]:
    """Who is typing codes or keys, for slowing down and locking out guessing: this browser session
    and (more leniently, a whole room may share it) its network address."""
    sid = st.session_state.get(_SESSION_ID)
    if not sid:
        sid = st.session_state[_SESSION_ID] = secrets.token_hex(12)
    address = client_address()
    return (f"session:{sid}",) + ((f"address:{address}",) if address else ())
