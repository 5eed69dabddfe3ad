"""The app's handle on :mod:`appraisal.store.repository`: the URL from the environment or Streamlit secrets.

The store object is one per process and URL (``appraisal.store.repository.open_store``), shared by every
session; its errors are plain sentences, shown with :func:`show_error` instead of a traceback.
"""

from __future__ import annotations

import streamlit as st

from appraisal.store.errors import StoreError, StoreUnavailable
from appraisal.store.repository import Store, open_store
from ui.components.text import md

SECRET_KEY = "store_url"


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
    if isinstance(exc, StoreUnavailable):
        st.error(md(str(exc)), icon=":material/cloud_off:")
    else:
        st.error(md(str(exc)))
