"""Showing user text literally: Streamlit reads Markdown (and :colour[] directives) in labels,
st.markdown and st.table cells, so every piece of case text goes through :func:`md` first."""

from __future__ import annotations

import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])")


def md(text: object) -> str:
    """Escape Markdown so the text shows exactly as typed (no links, emphasis, HTML or LaTeX)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def md_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every cell, header and index label escaped, for st.table."""
    out = df.map(lambda v: md(v) if isinstance(v, str) else v)
    out.columns = [md(c) for c in out.columns]
    out.index = [md(i) if isinstance(i, str) else i for i in out.index]
    return out


def note(text: str) -> None:
    """A secondary line of text at full contrast (st.caption's grey fails WCAG AA contrast)."""
    import streamlit as st

    st.markdown(f"*{md(text)}*")
