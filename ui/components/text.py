"""Showing user text literally: Streamlit reads Markdown (and :colour[] directives) in labels and
st.markdown, so every piece of case text goes through :func:`md` first — report tables included,
which are Markdown tables (:func:`table_markdown`)."""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from appraisal import fmt

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])")


# Bare addresses that Streamlit's Markdown (GitHub's "autolink literal" extension) turns into live links
# even when every character is escaped: it finds them in the text after escapes are resolved. A word
# joiner (U+2060: invisible, zero width, no line break, passed over by screen readers) between "http"
# and ":", "www" and ".", and after "@" breaks the pattern while the text reads and copies the same.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp|www)(?=:|\.)|(?<=@)(?=[\w-])")


def no_autolink(text: str) -> str:
    """``text`` with a word joiner where a bare URL, www. address or e-mail address would become a link."""
    return _AUTOLINK_START.sub(lambda m: (m.group(1) or "") + WORD_JOINER, text)


def md(text: object) -> str:
    """Escape Markdown so the text shows exactly as typed (no links, emphasis, HTML or LaTeX; a bare
    URL stays text)."""
    return _MD_SPECIAL.sub(r"\\\1", no_autolink(str(text))).replace("\r", " ").replace("\n", " ")


# A cell that reads as a figure ("56.5", "80 %", "£23,000", "−£12k", "=2") is right-aligned, as in a report.
_FIGURE = re.compile(r"^=?[−+-]?£?\d[\d,]*(\.\d+)?\s?(%|k|m|bn)?$")
_BLANK = {"", "–", "—"}


def cell_text(value: object) -> str:
    """A table cell as a report prints it (the tables arrive formatted; this covers the odd raw number)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(value)
    if isinstance(value, numbers.Real):
        return fmt.number(float(value), 2)
    return str(value)


def table_markdown(df: pd.DataFrame, caption: str | None = None) -> str:
    """A report table (with its caption above it) as one GitHub-flavoured Markdown table.

    One Markdown element instead of a caption plus ``st.table``: the live pages redraw their tables on
    every slider move, and each element costs the browser a render (bench/ui_latency.py). Every header
    and cell is escaped with :func:`md`, so user text shows literally (a ``|`` cannot split a cell).
    Columns whose cells are all figures are right-aligned. A meaningful index becomes the first column.
    """
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index(names=[n or "" for n in df.index.names])
    header = [md(c) or " " for c in df.columns]
    columns = [[cell_text(v) for v in df.iloc[:, j].tolist()] for j in range(df.shape[1])]
    align = ["---:" if _all_figures(col) else "---" for col in columns]
    lines = [f"*{md(caption)}*", ""] if caption else []
    if not header:
        return "\n".join([*lines, "*(no columns)*"])
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(md(col[i]) for col in columns) + " |" for i in range(len(df))]
    return "\n".join(lines)


def _all_figures(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip() not in _BLANK]
    return bool(filled) and all(_FIGURE.match(c) for c in filled)


def note(text: str) -> None:
    """A secondary line of text at full contrast (st.caption's grey fails WCAG AA contrast)."""
    import streamlit as st

    st.markdown(f"*{md(text)}*")
