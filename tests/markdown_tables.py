"""Reading report tables back out of a page's Markdown (ui.components.text.table_markdown draws them as GFM tables)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_ESCAPE = re.compile(r"\\(.)")


def _cells(line: str) -> list[str]:
    """The cells as a reader sees them: escapes removed, and the invisible word joiners md() puts in bare
    URLs (so they stay text) dropped."""
    return [_ESCAPE.sub(r"\1", cell.strip(" \t")).replace("\u2060", "")
            for cell in _CELL_SPLIT.split(line.strip(" \t"))[1:-1]]


def parse_tables(markdown: str) -> list[pd.DataFrame]:
    """Every GFM table in one Markdown text, as DataFrames of strings with the escapes removed."""
    lines, tables = markdown.split("\n"), []  # Markdown's line ends (md() turns \r into a space)
    for i in range(1, len(lines)):
        if _SEPARATOR.match(lines[i].strip()) and lines[i - 1].lstrip().startswith("|"):
            rows = []
            for line in lines[i + 1:]:
                if not line.lstrip().startswith("|"):
                    break
                rows.append(_cells(line))
            tables.append(pd.DataFrame(rows, columns=_cells(lines[i - 1])))
    return tables


def tables_on(markdown_elements: Iterable) -> list[pd.DataFrame]:  # noqa: ANN001 - AppTest's markdown sequence
    """Every report table on an AppTest page, in page order."""
    return [t for element in markdown_elements for t in parse_tables(element.value)]


def table_with(markdown_elements: Iterable, column: str) -> pd.DataFrame:
    """The first report table on the page that has this column."""
    return next(t for t in tables_on(markdown_elements) if column in t.columns)


def as_shown(df: pd.DataFrame) -> pd.DataFrame:
    """A report table (of formatted text) as a reader sees it: Markdown trims each header and cell."""
    out = df.astype(str).apply(lambda column: column.str.strip())
    out.columns = [str(c).strip() for c in df.columns]
    return out
