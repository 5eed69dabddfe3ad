"""Weights page section (placeholder until its issue lands; replaced by the owning work)."""

from __future__ import annotations

import streamlit as st

from appraisal.model import Case


def render(case: Case) -> None:
    st.info("This section is not built yet.")
