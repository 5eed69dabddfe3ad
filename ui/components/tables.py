"""Tables a user can download as CSV (``st.dataframe``'s own download button): cells are made inert.

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``). :func:`safe_frame` prefixes such text
with an apostrophe, as the committee pack does (``appraisal.report.excel_pack.safe_text``), so the
downloaded file holds text, never a formula. Plain numbers written as text ("-3", "-2.5 %") are left as
they are: a spreadsheet reads them as numbers, not formulas. Every table the app hands to
``st.dataframe`` goes through :func:`dataframe` (or :func:`safe_frame`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from appraisal.report.excel_pack import FORMULA_START  # the committee pack's list: one list of formula starts

_PLAIN_NUMBER = re.compile(r"[+-]?\s?[£$€]?\d[\d,]*(\.\d+)?\s?%?")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, quote-prefixed; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(data: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A copy of the table with every text cell (and column name) made inert for CSV download."""
    df = data.copy() if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].map(safe_cell)
    df.columns = [safe_cell(c) for c in df.columns]
    return df


def dataframe(data: pd.DataFrame | Iterable[Mapping[str, Any]], **kwargs: Any) -> Any:
    """``st.dataframe`` of :func:`safe_frame` (its built-in CSV download then carries no formulas)."""
    return st.dataframe(safe_frame(data), **kwargs)
