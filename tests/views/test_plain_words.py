"""Words a councillor does not use (issue 18): no page shows "uniform on the simplex", "seed",
"samples", "rank acceptability" or "central weights" — in its Markdown, headings, captions, alerts,
tables, widget labels and options, expander labels or chart titles. The technical terms stay in help
tooltips (not scanned here) and in docs/scrutiny.md. "Switching value", the Green Book's term, is kept,
with a plain explanation in brackets beside it the first time a page shows it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_app
from ui.pages import PAGES

BANNED = re.compile(r"uniform on the simplex|\bseeds?\b|\bsamples\b|rank acceptability|central weights", re.IGNORECASE)
SWITCHING = re.compile(r"switching values?", re.IGNORECASE)
EXPLAINED = re.compile(r"switching values?\b[^.;:()]{0,30}\(", re.IGNORECASE)


def _nodes(node) -> Iterator[object]:  # noqa: ANN001
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _figure_text(spec: str) -> list[str]:
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    out = []
    for key in ("title", "xaxis", "yaxis"):
        part = layout.get(key, {})
        title = part.get("title", part) if key != "title" else part
        if isinstance(title, dict):
            out += [str(title.get("text", "")), str(title.get("subtitle", {}).get("text", ""))]
        elif isinstance(title, str):
            out.append(title)
    out += [str(trace.get("name", "")) for trace in fig.get("data", [])]
    return [t for t in out if t]


def page_text(at: AppTest) -> list[str]:
    """Every piece of text a reader sees on the page, in page order (sidebar first); not help tooltips."""
    out: list[str] = []
    for root in (at.sidebar, at.main):
        for node in _nodes(root):
            kind = getattr(node, "type", "")
            if kind == "plotly_chart":
                out += _figure_text(node.proto.spec)
                continue
            for attr in ("value", "label", "body"):
                value = getattr(node, attr, None) if attr != "value" or not hasattr(node, "label") else None
                if isinstance(value, str) and value:
                    out.append(value)
            options = getattr(node, "options", None)
            if isinstance(options, list | tuple):
                out += [str(o) for o in options]
    return list(dict.fromkeys(t.replace("\\", "") for t in out))   # value and body are often the same text


@pytest.mark.parametrize("page", [path for path, _, _ in PAGES])
def test_no_page_shows_technical_words(page: str) -> None:
    at = open_app(page)
    text = page_text(at)
    assert any(len(t) > 40 for t in text), "the scan found the page's text"
    found = [t for t in text if BANNED.search(t)]
    assert not found, f"{page} shows: {found}"
    first = next((t for t in text if SWITCHING.search(t)), None)
    if first is not None:
        assert EXPLAINED.search(first), f"{page}: first 'switching value' has no plain explanation beside it: {first!r}"


def test_the_scan_sees_labels_options_and_charts() -> None:
    at = open_app("views/sensitivity.py")
    text = page_text(at)
    assert "Weightings drawn" in text and "Repeatable draw number" in text               # widget labels
    assert any("every balance of the criteria equally likely" in t for t in text)        # radio options
    assert "How often each option takes each rank" in text                               # header and chart title
    assert any(t.lstrip("*").startswith("Settings:") and "draw number 0" in t for t in text)
    # The technical term stays in the tooltip.
    assert "seed" in at.number_input(key="sens_seed").help
    assert "samples" in at.number_input(key="sens_samples").help.lower()


def _check(text: list[str], where: str) -> None:
    found = [t for t in text if BANNED.search(t)]
    assert not found, f"{where} shows: {found}"
    first = next((t for t in text if SWITCHING.search(t)), None)
    if first is not None:
        assert EXPLAINED.search(first), f"{where}: first 'switching value' has no plain explanation beside it: {first!r}"


def test_every_briefing_screen_and_every_scrutiny_option_too(sample_case) -> None:  # noqa: ANN001
    at = open_app("views/briefing.py")
    for screen in range(5):
        _check(page_text(at), f"briefing screen {screen + 1}")
        if screen < 4:
            at.button(key="brief_next").click().run()
    at = open_app("views/scrutiny.py")
    for option in sample_case.option_ids:
        at.selectbox(key="scr_option").set_value(option).run()
        assert not at.exception
        _check(page_text(at), f"scrutiny of {option}")
