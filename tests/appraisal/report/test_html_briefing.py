"""The HTML briefing opens with no network and shows every name literally."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.briefing import STEP_TITLES, all_steps, context
from appraisal.report.html_briefing import briefing_html
from tests.conftest import ROOT


class _Collector(HTMLParser):
    """Scripts, links and visible text of a document, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.script_src: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "script":
            self._in_script = True
            if a.get("src"):
                self.script_src.append(a["src"])
        if tag in ("link", "img", "iframe") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if not self._in_script:
            self.text.append(data)


def _parse(doc: str) -> _Collector:
    c = _Collector()
    c.feed(doc)
    return c


@pytest.fixture(scope="module")
def sample_html(sample_case) -> str:
    return briefing_html(sample_case)


def test_self_contained(sample_html: str) -> None:
    parsed = _parse(sample_html)
    assert parsed.script_src == [], "no script is loaded from anywhere"
    assert not [u for u in parsed.links if u.startswith(("http:", "https:", "//"))]
    assert not re.search(r"<script[^>]+src=[\"']?https?:", sample_html)
    assert "Plotly.newPlot" in sample_html
    assert len(sample_html) > 1_000_000, "plotly.js is embedded inline"
    assert sample_html.count("plotly.js v") <= 2, "plotly.js is embedded once, not per chart"


def test_narrative_and_every_step(sample_case, sample_html: str) -> None:
    steps = all_steps(context(sample_case))
    text = " ".join(_parse(sample_html).text)
    for step in steps:
        assert step.title in text
        assert (step.missing or step.takeaway) in text
    assert len(steps) == len(STEP_TITLES)
    assert "no savings section" in text
    assert "ILLUSTRATIVE FIGURES" in text


def test_savings_step_when_the_case_has_savings() -> None:
    path = ROOT / "data" / "strategic_partnership_2022.yaml"
    if not path.exists():
        pytest.skip("no shipped case with a savings section")
    doc = briefing_html(load_case(path))
    assert 'id="chart-savings"' in doc


def test_user_text_is_escaped(minimal: dict[str, Any]) -> None:
    minimal["title"] = "<script>alert('title')</script>"
    minimal["options"][1]["name"] = "<img src=x onerror=alert(1)>"
    minimal["options"][2]["name"] = "**bold** </script><script>alert(2)</script>"
    minimal["criteria"][0]["name"] = "<b>Finance</b> & \"money\""
    minimal["note"] = "<a href='javascript:alert(3)'>click</a>"
    minimal["source"] = "<iframe src='http://evil.example'></iframe>"
    doc = briefing_html(case_from_mapping(minimal, "m"))
    parsed = _parse(doc)
    assert "img" not in parsed.tags and "iframe" not in parsed.tags and "b" not in parsed.tags
    assert "alert" not in "".join(t for t in parsed.tags)
    assert "<script>alert" not in doc and "<img src=x" not in doc and "<iframe" not in doc
    assert "javascript:alert" not in re.sub(r"&#x27;|&quot;|&lt;|&gt;", "", doc).split("<body>")[0]
    text = " ".join(parsed.text)
    assert "<script>alert('title')</script>" in text      # shown literally as text
    assert "<img src=x onerror=alert(1)>" in text
    # Inside the Plotly JSON every "<" is \u003c, so a name cannot close or open a script element:
    # the document has exactly as many script elements as the same briefing with plain names.
    plain = briefing_html(case_from_mapping(_plain(minimal), "plain"))
    assert parsed.tags.count("script") == _parse(plain).tags.count("script")


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    out = {**data, "title": "Plain", "note": "Plain note", "source": "Plain source"}
    out["options"] = [{**o, "name": f"Option {i}"} for i, o in enumerate(data["options"])]
    out["criteria"] = [{**c, "name": f"Criterion {i}"} for i, c in enumerate(data["criteria"])]
    return out
