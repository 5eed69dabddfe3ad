"""The Ranking page through Streamlit's AppTest: sliders re-rank exactly as the engine says."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.report.ranking import ranking_headline
from tests.conftest import open_app
from tests.markdown_tables import table_with, tables_on


@pytest.fixture
def at() -> AppTest:
    return open_app()


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## ")).replace("\\", "")


def test_opens_on_the_shipped_case_with_sliders_from_the_first_set(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    first = sample_case.weight_sets[0]
    assert [s.value for s in at.slider] == [float(first.weights[c]) for c in a.criterion_ids]
    assert headline(at).startswith(f"## {a.results(a.W[0])[0].name} ranks 1st")
    assert any("ILLUSTRATIVE" in m.value for m in at.info)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # one stacked trace per criterion, the band of totals within ±20 % of these weights, the totals
    assert len(spec["data"]) == len(a.criterion_ids) + 2
    band = spec["data"][-2]["error_x"]
    assert min(band["array"]) >= 0 and min(band["arrayminus"]) >= 0 and max(band["array"]) > 0
    assert "(business as usual)" in " ".join(spec["data"][0]["y"])


def test_moving_a_slider_reranks_exactly_as_the_engine_says(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    w = a.W[0].copy()
    # Make "Cost and disruption of change" (where As is rates High) dominate.
    for crit, value in [("change_cost", 6.0), ("deliverability", 6.0), ("place", 0.0), ("influence", 0.0), ("devolution", 0.0)]:
        at.slider(key=f"w_{crit}").set_value(value).run()
        w[a.criterion_ids.index(crit)] = value
    assert not at.exception
    expected = a.results(w)
    assert headline(at) == "## " + ranking_headline(expected, a.max_total(w))
    table = tables_on(at.markdown)[0]
    assert list(table["Rank"]) == [r.rank_label for r in expected]
    assert list(table["Option"]) == [r.name + (" (business as usual)" if r.status_quo else "") for r in expected]
    assert list(table["Total"]) == [fmt.number(r.total) for r in expected]
    # The edited weights show as their own column in the comparison of ranks, with the engine's ranks.
    ranks_table = table_with(at.markdown, "Breckland cabinet")
    in_case_order = sorted(expected, key=lambda r: a.option_ids.index(r.option))
    assert list(ranks_table["Your weights (edited)"]) == [r.rank_label for r in in_case_order]


def test_edits_survive_a_page_switch_and_reset_restores(at: AppTest) -> None:
    at.slider(key="w_finance").set_value(0.5).run()
    at.switch_page("views/ranking.py").run()
    assert at.slider(key="w_finance").value == 0.5
    at.button(key="reset_weights").click().run()
    assert at.slider(key="w_finance").value == 3.0


def test_choosing_another_weight_set_loads_its_weights(at: AppTest, sample_case) -> None:  # noqa: ANN001
    at.selectbox(key="weight_set_picker").select_index(1).run()
    sh = sample_case.weight_set("south_holland_cabinet")
    assert at.slider(key="w_place").value == float(sh.weights["place"])
    assert not at.exception


def test_all_zero_weights_explain_instead_of_failing(at: AppTest, sample_case) -> None:  # noqa: ANN001
    for c in sample_case.criterion_ids:
        at.slider(key=f"w_{c}").set_value(0.0)
    at.run()
    assert not at.exception
    assert any("Every weight is zero" in w.value for w in at.warning)
