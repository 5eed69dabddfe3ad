"""Issue 20 through AppTest: the Scores, Savings and Scrutiny pages on the measured sample case.

The open case is patched in (``ui.cases.current_case``), so the tests do not depend on how the sidebar
chooses a case; every number they check comes from the same domain functions the pages call."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import scenario_effect, value_for_money
from appraisal.formats.load import load_case
from appraisal.report.value_for_money import scenario_effect_sentence, value_for_money_sentence
from tests.conftest import ROOT, plain, view

WASTE = ROOT / "data" / "waste_collection_options.yaml"


@pytest.fixture
def waste(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    if not WASTE.exists():
        pytest.skip("the measured sample case is not shipped yet")
    case = load_case(WASTE)
    import ui.cases

    monkeypatch.setattr(ui.cases, "current_case", lambda: case)
    monkeypatch.setattr(ui.cases, "current_case_key", lambda: "test:waste_collection_options")
    return case


def _run(name: str) -> AppTest:
    at = AppTest.from_file(view(name), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown]


def test_scores_page_shows_raw_values_and_value_functions(waste) -> None:  # noqa: ANN001
    at = _run("scores")
    ap = Appraisal(waste)
    measured = [j for j, sc in enumerate(ap.scales) if sc.measured]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 1 + len(measured) + (1 if waste.assessments else 0)
    line = charts[1]["data"][0]
    assert [list(p) for p in ap.scales[measured[0]].points] == [list(p) for p in zip(line["x"], line["y"])]
    texts = " ".join(_texts(at))
    assert "minutes" in texts and "£" in texts and "% satisfied" in texts
    assert "each further gain in Residents satisfied with collections counts for less" in texts


def test_savings_page_shows_the_ranking_under_the_scenario_and_value_for_money(waste) -> None:  # noqa: ANN001
    at = _run("savings")
    ap = Appraisal(waste)
    w = ap.W[0]
    names = {sc.id: sc.name for sc in waste.savings.scenarios}
    texts = _texts(at)
    central = scenario_effect(waste, w, "central")
    assert scenario_effect_sentence(central, ap.option_names, names["central"], names["central"]) in texts
    vfm = value_for_money(ap, w)
    assert any(value_for_money_sentence(vfm, ap.option_names) in t for t in texts)
    at.selectbox(key="sav_scenario").set_value("optimistic").run()
    assert not at.exception
    effect = scenario_effect(waste, w, "optimistic")
    assert scenario_effect_sentence(effect, ap.option_names, names["optimistic"], names["central"]) in _texts(at)


def test_scrutiny_page_tries_other_value_functions_and_ranges(waste) -> None:  # noqa: ANN001
    at = _run("scrutiny")
    assert any(h.value == "Other value functions and ranges for the measured criteria" for h in at.header)
    narrative = next(t for t in _texts(at) if t.startswith("Under "))
    assert "£" in narrative and "minutes" in narrative


@pytest.mark.parametrize("page", ["ranking", "sensitivity", "weights", "briefing", "case_data"])
def test_other_pages_run_on_the_measured_case(waste, page: str) -> None:  # noqa: ANN001
    if not (ROOT / "views" / f"{page}.py").exists():
        pytest.skip(f"no page {page}")
    _run(page)
