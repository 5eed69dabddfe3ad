"""The Savings page through AppTest: the no-savings message, the 2022 case, controls that drive everything."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.formats.load import load_case
from appraisal.report import savings as savings_report
from tests.conftest import APP, ROOT, open_app, plain
from tests.markdown_tables import table_with

CASE_2022 = ROOT / "data" / "strategic_partnership_2022.yaml"


def headline(at: AppTest) -> str:
    return plain(next(m.value for m in at.markdown if m.value.startswith("## ")))[3:]


@pytest.fixture
def at() -> AppTest:
    return open_app("views/savings.py")


def open_2022(at: AppTest) -> None:
    at.button(key="sav_open_strategic_partnership_2022").click().run()
    assert not at.exception


def test_a_case_without_savings_says_so_and_offers_the_2022_case(at: AppTest) -> None:
    assert any("has no savings section" in plain(i.value) for i in at.info)
    assert not at.get("plotly_chart")
    open_2022(at)
    case = load_case(CASE_2022)
    assert headline(at) == savings_report.headline(sv.compute(case))
    assert len(at.get("plotly_chart")) == 3


def test_the_published_table_is_regenerated(at: AppTest) -> None:
    open_2022(at)
    table = table_with(at.markdown, "Matches the report")
    assert [plain(v) for v in table["Report"][:6]] == ["£23k", "£44k", "£79k", "£117k", "£102k", "£161k"]
    assert set(table["Matches the report"]) == {"yes"}
    assert any("£354,000" in plain(m.value) and "not additional" in plain(m.value) for m in at.markdown)


def test_controls_update_every_figure_at_once(at: AppTest) -> None:
    open_2022(at)
    case = load_case(CASE_2022)
    at.slider(key="sav_High").set_value(20.0).run()
    at.selectbox(key="sav_key").set_value("population").run()
    assert not at.exception
    expected = sv.compute(case, sv.settings_for(case, "central", "population", likelihood={"High": 20.0, "Medium": 5.0, "Low": 2.0}))
    assert headline(at) == savings_report.headline(expected)
    assert any("may not fund or subsidise" in plain(w.value) for w in at.warning)
    # The cumulative chart plots the same numbers.
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    both = next(t for t in spec["data"] if t.get("name") == sv.BOTH)
    assert both["y"][-1] == pytest.approx(expected.cumulative[-1].sum())
    # The on-cost override and a scenario switch (which brings its own percentages).
    at.toggle(key="sav_on_cost_on").set_value(True).run()
    at.slider(key="sav_on_cost").set_value(0.0).run()
    at.selectbox(key="sav_scenario").set_value("prudent").run()
    assert at.slider(key="sav_High").value == 5.0
    expected = sv.compute(case, sv.settings_for(case, "prudent", "population", on_cost=0.0))
    assert headline(at) == savings_report.headline(expected)
    table = table_with(at.markdown, "With your settings")
    now = sv.reference_value(case, "ceo_dceo_including", sv.settings_for(case, "prudent", "population", on_cost=0.0))
    assert now == pytest.approx(230_000 - 0.65 * 414_000)  # Harborough pays 65 % of the shared posts
    assert plain(table["With your settings"].iloc[1]) == fmt.money(now, thousands=True) == "−£39k"


def test_settings_survive_a_page_switch_and_reset_restores(at: AppTest) -> None:
    open_2022(at)
    at.slider(key="sav_Medium").set_value(10.0).run()
    at.switch_page("views/ranking.py").run()
    at.switch_page("views/savings.py").run()
    assert at.slider(key="sav_Medium").value == 10.0
    at.button(key="sav_reset").click().run()
    assert at.slider(key="sav_Medium").value == 5.0
    assert not at.exception


def test_edited_percentages_can_be_kept_as_a_scenario(at: AppTest) -> None:
    open_2022(at)
    at.slider(key="sav_Low").set_value(3.0).run()
    at.button(key="sav_keep").click().run()
    assert not at.exception
    assert at.selectbox(key="sav_scenario").value == "edited"
    assert "Edited in this session" in [plain(o) for o in at.selectbox(key="sav_scenario").options]
    # The scenario now belongs to this session's copy of the case, so it survives moving the sliders back.
    at.selectbox(key="sav_scenario").set_value("central").run()
    at.selectbox(key="sav_scenario").set_value("edited").run()
    assert at.slider(key="sav_Low").value == 3.0


def test_presentation_mode_folds_the_settings_away() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    at.switch_page("views/savings.py").run()
    open_2022(at)
    assert not at.exception
    assert any(e.label == "Settings" for e in at.expander)
    assert len(at.get("plotly_chart")) == 3
