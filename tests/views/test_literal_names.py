"""Names are shown literally everywhere: a case whose option, criterion, weight-set and council names
and title carry HTML, ``<script>``, Markdown, Streamlit directives and spreadsheet formulas is opened,
and every page of the app is visited.

What "literally" means depends on how Streamlit draws the text:

- Markdown contexts (st.markdown/title/header, report tables — which are Markdown tables —, alerts,
  widget labels and help, radio options, expander and tab labels, any st.table cells): the source must
  never carry the raw user text, only its escaped form (``ui.components.text.md``), so no link, emphasis, HTML or
  LaTeX is made from it.
- Plain-text contexts (selectbox options, st.dataframe cells): the text is shown as typed, so it must
  not carry Markdown escapes (a member would see stray backslashes).
- Plotly charts: Plotly reads ``<b>``, ``<a href>``… in any label, so user text must reach the figure
  HTML-escaped (``figures.common.safe_label``).

The HTML briefing (``appraisal.report.html_briefing``) and the committee pack (``appraisal.report.excel_pack``)
are checked the same way: escaped HTML, and formulas in names stored as text, never as formulas.
"""

from __future__ import annotations

import html
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.formats.excel.read import load_case_workbook
from appraisal.formats.excel.write import case_workbook
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_to_mapping
from appraisal.report.excel_pack import committee_pack
from appraisal.report.html_briefing import briefing_html
from tests.conftest import ROOT
from tests.hostile.make_corpus import GENERATED, HOSTILE_NAMES
from ui.cases import REMEMBER_CASE_SCRIPT

pytestmark = pytest.mark.usefixtures("hostile_corpus")  # makes CASE_FILE (and the rest of the corpus) once a session
CASE_FILE = GENERATED / "literal_all_names.yaml"

# Raw user text that would be interpreted if it reached Markdown unescaped.
MARKDOWN_TOKENS = ["<b>Bold</b>", "<i>italic</i>", "<script>", "<img src", '<a href="javascript', "**Strong**", "_em_",
                   "[link](https", ":red[alarm]", "$x^2$", "~~struck~~", "`code`"]
# Raw user text that Plotly would turn into markup.
PLOTLY_TOKENS = ["<b>Bold</b>", "<i>italic</i>", "<script>", "<img src", '<a href="javascript']
# Markdown escapes that must not show in plain-text contexts.
ESCAPED_TOKENS = [r"\<script", r"\*\*Strong", r"\[link\]", r"\=HYPERLINK", r"\:red"]
PLAIN_TYPES = {"selectbox", "multiselect", "select_slider", "dataframe", "text", "code", "json", "text_input", "text_area"}


def _strings(message: Any) -> list[str]:
    """Every string field of a protobuf message, recursively (labels, help, body, options…)."""
    out: list[str] = []
    for desc, value in message.ListFields():
        if desc.type == desc.TYPE_STRING:
            out += [value] if isinstance(value, str) else list(value)
        elif desc.type == desc.TYPE_MESSAGE:
            for item in ([value] if hasattr(value, "ListFields") else value):
                if hasattr(item, "ListFields"):
                    out += _strings(item)
    return out


def _walk(node: Any) -> list[Any]:
    nodes = [node]
    for child in getattr(node, "children", {}).values():
        nodes += _walk(child)
    return nodes


def _problems(at: AppTest, page: str) -> tuple[list[str], dict[str, int]]:
    """Everything on the page that shows a hostile name other than literally; and what was seen."""
    problems: list[str] = []
    seen = {"markdown": 0, "chart": 0, "plain": 0}
    escaped_names = [re.sub(r"\\(.)", r"\1", n) for n in HOSTILE_NAMES.values()]
    for node in _walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or kind in ("arrow_data_frame",):
            continue
        if kind == "html" and getattr(proto, "body", "") == REMEMBER_CASE_SCRIPT:
            continue  # ui.cases' own constant script: remembers the case on this browser
        if kind == "plotly_chart":
            spec = json.loads(proto.spec)
            texts = [t for t in _json_strings(spec) if not t.startswith(("#", "rgb"))]
            for token in PLOTLY_TOKENS:
                hits = [t for t in texts if token in t]
                if hits:
                    problems.append(f"{page}: chart {node.key or ''} carries raw {token!r}: {hits[0][:120]!r}")
            seen["chart"] += sum(html.escape(n, quote=False) in t for t in texts for n in escaped_names)
            continue
        if kind == "table":
            cells = [str(v) for v in node.value.to_numpy().ravel()] + [str(c) for c in node.value.columns]
            _check_markdown(cells, f"{page}: table", problems)
            continue
        if kind == "dataframe":
            frame = node.value
            cells = [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns]
            _check_plain(cells, f"{page}: dataframe", problems)
            seen["plain"] += sum(n in c for c in cells for n in HOSTILE_NAMES.values())
            continue
        texts = _strings(proto)
        if kind in PLAIN_TYPES:
            label_fields = [proto.label] if hasattr(proto, "label") else []
            _check_markdown(label_fields + ([proto.help] if getattr(proto, "help", "") else []), f"{page}: {kind} label", problems)
            options = list(getattr(proto, "options", []))
            _check_plain([str(o) for o in options], f"{page}: {kind} options", problems)
            seen["plain"] += sum(n in str(o) for o in options for n in HOSTILE_NAMES.values())
            continue
        _check_markdown(texts, f"{page}: {kind}", problems)
        seen["markdown"] += sum(_md_escaped(n) in t for t in texts for n in HOSTILE_NAMES.values())
    return problems, seen


def _md_escaped(name: str) -> str:
    from ui.components.text import md

    return md(name)


def _json_strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _json_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _json_strings(v)]
    return []


def _check_markdown(texts: list[str], where: str, problems: list[str]) -> None:
    for text in texts:
        for token in MARKDOWN_TOKENS:
            if re.search(r"(?<!\\)" + re.escape(token), text):  # escaped, it is preceded by a backslash
                problems.append(f"{where} carries raw {token!r} (Markdown would interpret it): {text[:120]!r}")


def _check_plain(texts: list[str], where: str, problems: list[str]) -> None:
    for text in texts:
        for token in ESCAPED_TOKENS:
            if token in text:
                problems.append(f"{where} shows Markdown escapes to the reader: {text[:120]!r}")


@pytest.fixture
def hostile_app(tmp_path, monkeypatch) -> tuple[AppTest, str]:
    """The app with the all-hostile-names case open, and a workshop for it with a hostile display name."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("APPRAISAL_STORE_URL", url)
    case = load_case(CASE_FILE)
    from appraisal.case.changes import Actor
    from appraisal.store.library import CaseLibrary
    from appraisal.store.repository import open_store

    store = open_store()
    key = CaseLibrary(store).create(case, Actor(HOSTILE_NAMES["script"][:60]), reason=HOSTILE_NAMES["markdown"]).case_id
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["case_key"] = key
    at.session_state["case_choice"] = key
    new = store.create_workshop(key, case_to_mapping(case))
    code = new.workshop.code
    weights = {c: 1.0 + i for i, c in enumerate(case.criterion_ids)}
    store.submit(code, store.issue_participant(code), "north", HOSTILE_NAMES["script"][:60], weights)
    store.submit(code, store.issue_participant(code), "south", HOSTILE_NAMES["markdown"][:60], weights)
    at.session_state["wsf_code"] = code
    at.session_state["join_code"] = code
    from ui.sections import workshop as view

    at.session_state[view.KEYS] = {code: new.facilitator_key}
    return at, code


def test_every_page_shows_hostile_names_literally(hostile_app) -> None:
    from ui.pages import PAGES

    at, _code = hostile_app
    at.run()
    assert not at.exception, at.exception
    problems: list[str] = []
    visited: dict[str, dict[str, int]] = {}
    for path, *_ in PAGES:
        if not (ROOT / path).exists():
            continue
        at.switch_page(path).run()
        if at.exception:
            problems.append(f"{path}: exception {at.exception[0].value[:300]}")
            continue
        found, seen = _problems(at, path)
        problems += found
        visited[path] = seen
    assert not problems, "\n".join(problems)
    # Not vacuous: the names were on screen, escaped, on the Ranking page (headline, table, chart).
    ranking = visited["views/ranking.py"]
    assert ranking["markdown"] > 0 and ranking["chart"] > 0, ranking


def test_presentation_mode_shows_names_literally(hostile_app) -> None:
    at, _code = hostile_app
    at.session_state["present"] = True
    at.run()
    assert not at.exception
    found, _seen = _problems(at, "ranking (presentation)")
    assert not found, "\n".join(found)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_briefing_escapes_every_name() -> None:
    case = load_case(CASE_FILE)
    page = briefing_html(case)
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "img" not in tags and "b" not in tags and "i" not in tags
    assert not [a for t, a in parser.tags if t == "a" and "javascript" in a.get("href", "")]
    scripts = [a for t, a in parser.tags if t == "script"]
    assert all(a.get("type") in (None, "text/javascript") for a in scripts)
    visible = "".join(parser.text)
    assert case.title in visible  # shown as typed, as text
    assert "alert('x')</script>" not in page.replace(html.escape("alert('x')</script>"), "")


def test_committee_pack_stores_formula_names_as_text() -> None:
    from openpyxl import load_workbook

    case = load_case(CASE_FILE)
    data = committee_pack(case)
    wb = load_workbook(io.BytesIO(data))
    formulas_with_user_text = []
    names_seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                if cell.data_type == "f" and any(bad in value for bad in ("evil.example", "cmd|", "alert(")):
                    formulas_with_user_text.append(f"{ws.title}!{cell.coordinate}: {value[:80]}")
                names_seen += any(n in value for n in HOSTILE_NAMES.values())
    assert not formulas_with_user_text
    assert names_seen > 0


def test_case_workbook_round_trips_hostile_names() -> None:
    case = load_case(CASE_FILE)
    back = load_case_workbook(case_workbook(case), "round trip.xlsx")
    assert [o.name for o in back.options] == [o.name for o in case.options]
    assert [c.name for c in back.criteria] == [c.name for c in case.criteria]
    assert [w.name for w in back.weight_sets] == [w.name for w in case.weight_sets]
