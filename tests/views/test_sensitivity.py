"""The Sensitivity page through AppTest: charts per criterion, switching values, SMAA settings."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.sensitivity import by_fragility, stability_intervals
from appraisal.analysis.smaa import smaa
from appraisal.report.figures.sensitivity import stability_table
from appraisal.report.sensitivity import fragility_sentence
from tests.conftest import open_app
from tests.markdown_tables import as_shown, table_with


@pytest.fixture
def at() -> AppTest:
    return open_app("views/sensitivity.py")


def headline(at: AppTest) -> str:
    """The page's headline sentence (its first paragraph; the note on the weights follows it)."""
    block = next(m.value for m in at.markdown if m.value.startswith("## ") and "Weights in use:" in m.value)
    return block.split("\n\n")[0].replace("\\", "")


def expected_headline(a: Appraisal, w: np.ndarray) -> str:
    ivs = stability_intervals(a.S, normalise(w))
    t = a.S @ w
    leaders = [a.option_names[i] for i in range(a.n_options) if np.isclose(t[i], t.max())]
    return "## " + fragility_sentence(ivs, a.criterion_names, leaders)


def test_a_panel_per_criterion_a_detail_chart_and_the_heatmap(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # all criteria as panels of one figure, one criterion in detail, SMAA heatmap
    assert headline(at) == expected_headline(a, a.W[0])
    panels = json.loads(charts[0].proto.spec)
    lines = [t for t in panels["data"] if t.get("mode") == "lines" and t.get("name", "").startswith(tuple(a.option_names))]
    assert len(lines) == a.n_options  # one trace per option, broken between the panels
    today = next(t for t in panels["data"] if t.get("name", "").startswith("Today"))
    assert sum(1 for x in today["x"] if x is None) == a.n_criteria  # today's weight marked on each panel
    text = " ".join(next(t for t in panels["data"] if t.get("mode") == "text")["text"]).replace("<br>", " ")
    assert all(name in text for name in a.criterion_names)
    # The detail chart starts on the most fragile criterion and labels its switching value.
    ivs = by_fragility(stability_intervals(a.S, normalise(a.W[0])))
    assert at.selectbox(key="sens_detail").value == a.criterion_ids[ivs[0].criterion]
    detail = json.loads(charts[1].proto.spec)
    assert any("switching value" in ann.get("text", "") for ann in detail["layout"]["annotations"])
    at.selectbox(key="sens_detail").set_value("deliverability").run()
    detail = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert "Deliverability" in detail["layout"]["title"]["text"]
    heat = json.loads(charts[-1].proto.spec)
    assert heat["data"][0]["type"] == "heatmap"
    expected = smaa(a.S, 10_000, seed=0).acceptability
    assert heat["data"][0]["text"] == [[fmt.share(v) for v in row] for row in expected]
    assert any("Settings" in m.value and "10,000 weightings drawn at random" in m.value and "draw number 0" in m.value for m in at.markdown)


def test_moving_a_weight_changes_the_narrative_and_carries_to_ranking(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    before = headline(at)
    at.slider(key="sens_w_workforce").set_value(6.0).run()
    assert not at.exception
    w = a.W[0].copy()
    w[a.criterion_ids.index("workforce")] = 6.0
    assert headline(at) == expected_headline(a, w) != before
    # The switching values table follows the slider too, most fragile criterion first.
    expected = stability_table(a, by_fragility(stability_intervals(a.S, normalise(w))))
    assert table_with(at.markdown, expected.columns[0]).equals(as_shown(expected))
    at.switch_page("views/ranking.py").run()
    assert at.slider(key="w_workforce").value == 6.0


def test_smaa_settings_change_the_figures_and_survive_a_page_switch(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    at.radio(key="sens_mode").set_value("spread").run()
    at.slider(key="sens_spread").set_value(50).run()
    at.number_input(key="sens_seed").set_value(3).run()
    assert not at.exception
    heat = json.loads(at.get("plotly_chart")[-1].proto.spec)
    expected = smaa(a.S, 10_000, seed=3, base_weights=a.W[0], spread=0.5).acceptability
    assert heat["data"][0]["text"] == [[fmt.share(v) for v in row] for row in expected]
    assert any("±50 % of Breckland cabinet" in m.value.replace("\\", "") for m in at.markdown)
    at.switch_page("views/ranking.py").run()
    at.switch_page("views/sensitivity.py").run()
    assert at.radio(key="sens_mode").value == "spread" and at.number_input(key="sens_seed").value == 3
