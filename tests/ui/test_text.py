"""ui.components.text.table_markdown: report tables as one Markdown element, user text literal, figures right-aligned."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from tests.markdown_tables import parse_tables
from ui.components.text import md, table_markdown

HOSTILE = ["a | b", "**bold** _it_", "<script>alert(1)</script>", "[link](http://x)", ":red[x]", "=cmd|' /C calc'!A0",
           "back\\slash", "line\nbreak", "carriage\rreturn", "| --- |", "$x^2$"]


def test_hostile_text_stays_in_its_cell_and_reads_back_literally() -> None:
    df = pd.DataFrame({"Option": HOSTILE, "Total": [str(i) for i in range(len(HOSTILE))]})
    text = table_markdown(df, caption="Results — [not a link](x) | pipe")
    [shown] = parse_tables(text)
    assert list(shown.columns) == ["Option", "Total"]
    assert list(shown["Option"]) == [h.replace("\n", " ").replace("\r", " ") for h in HOSTILE]
    assert list(shown["Total"]) == [str(i) for i in range(len(HOSTILE))]
    assert text.startswith(f"*{md('Results — [not a link](x) | pipe')}*\n\n|")
    assert "<script>" not in text and "](" not in text


def test_figures_are_right_aligned_and_words_left() -> None:
    df = pd.DataFrame({"Rank": ["1", "=2", "=2"], "Option": ["A", "B", "C"], "Total": ["56.5", "47", "—"],
                       "Share": ["80 %", "67 %", "53 %"], "Saving": ["£23,000", "−£12k", "£0"], "Ordinal": ["1st", "2nd", "3rd"]})
    separator = table_markdown(df).splitlines()[1]
    assert separator == "|---:|---|---:|---:|---:|---|"


def test_an_index_becomes_the_first_column_and_raw_numbers_read_as_a_report_prints_them() -> None:
    df = pd.DataFrame({"Score": [3.0, 2.5, math.nan], "Count": [1, 2, 3], "Agreed": [True, False, True]},
                      index=pd.Index(["Finance", "Place", "Risk"], name="Criterion"))
    [shown] = parse_tables(table_markdown(df))
    assert list(shown.columns) == ["Criterion", "Score", "Count", "Agreed"]
    assert shown.values.tolist() == [["Finance", "3", "1", "yes"], ["Place", "2.5", "2", "no"], ["Risk", "–", "3", "yes"]]


def test_an_empty_table_keeps_its_header_and_caption() -> None:
    text = table_markdown(pd.DataFrame(columns=["Option", "Total"]), caption="Nothing yet")
    [shown] = parse_tables(text)
    assert list(shown.columns) == ["Option", "Total"] and shown.empty
    assert text.startswith("*Nothing yet*")


cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def as_read(text: str) -> str:
    """A cell as Markdown shows it: line breaks become spaces, spaces and tabs at the ends are trimmed."""
    return text.replace("\r", " ").replace("\n", " ").strip(" \t")


@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=6), st.tuples(cells, cells))
def test_any_text_round_trips_cell_for_cell(rows: list[tuple[str, str]], header: tuple[str, str]) -> None:
    """Whatever a case file holds, the table has the same rows and the same cells: no text can add a
    column, end a row or start a table of its own."""
    df = pd.DataFrame(rows, columns=["first", "second"])
    df.columns = list(header)
    text = table_markdown(df)
    [shown] = parse_tables(text)
    assert [as_read(h) for h in header] == list(shown.columns)
    assert shown.values.tolist() == [[as_read(c) for c in row] for row in rows]
    assert len(text.split("\n")) == 2 + len(rows)


# --- Issue 17: bare URLs in names and notes stay text ----------------------------------------------------
import re as _re  # noqa: E402

# GitHub's autolink-literal patterns, as Streamlit's Markdown applies them to the text after escapes.
_GFM_AUTOLINK = _re.compile(r"(?i)(?:https?://|www\.)[-\w]|[-.\w+]+@[-\w]+\.[-\w]")


def _unescaped(markdown: str) -> str:
    return _re.sub(r"\\(.)", r"\1", markdown)


def test_md_leaves_no_bare_url_for_autolinking() -> None:
    from ui.components.text import WORD_JOINER, md

    for text in ["See https://evil.example/pay", "HTTP://EVIL.EXAMPLE", "visit www.evil.example today",
                 "write to clerk@council.example", "ftp://x.example", "mailto:a@b.example"]:
        shown = md(text)
        assert not _GFM_AUTOLINK.search(_unescaped(shown)), shown
        assert _unescaped(shown).replace(WORD_JOINER, "") == text, "the reader sees (and copies) the text as typed"


def _url_app() -> None:
    import pandas as pd
    import streamlit as st

    from ui.components.text import md, note, table_markdown

    st.markdown(md("Option: Outsource via https://evil.example/login or www.evil.example"))
    note("Contact clerk@council.example")
    st.markdown(table_markdown(pd.DataFrame({"Option": ["https://evil.example/x"]})))


def test_rendered_markdown_has_no_link() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_url_app, default_timeout=30)
    at.run()
    assert not at.exception and len(at.markdown) == 3
    for element in at.markdown:
        text = _unescaped(element.value)
        assert "](" not in text and "<http" not in text.lower()
        assert not _GFM_AUTOLINK.search(text), element.value
