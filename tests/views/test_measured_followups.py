"""Issue 20 follow-ups through AppTest on the measured sample case: the Savings page's settings reach the
ranking, and Scrutiny's label-scale section only where there are label criteria.

The open case is patched in (``ui.cases.current_case``) as in test_measured_pages.py."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.analysis import savings as sv
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import scenario_effect, value_for_money
from appraisal.case.model import Case
from appraisal.formats.load import load_case
from appraisal.report.value_for_money import scenario_effect_sentence, scenario_effect_table
from tests.conftest import ROOT, plain, view
from tests.markdown_tables import tables_on

WASTE = ROOT / "data" / "waste_collection_options.yaml"


def _open(monkeypatch: pytest.MonkeyPatch, case: Case) -> Case:
    import ui.cases

    monkeypatch.setattr(ui.cases, "current_case", lambda: case)
    monkeypatch.setattr(ui.cases, "current_case_key", lambda: "test:waste_collection_options")
    return case


@pytest.fixture
def waste(monkeypatch: pytest.MonkeyPatch) -> Case:
    if not WASTE.exists():
        pytest.skip("the measured sample case is not shipped yet")
    return _open(monkeypatch, load_case(WASTE))


def _run(name: str) -> AppTest:
    at = AppTest.from_file(view(name), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _effect_table(at: AppTest, columns: list[str]) -> list[list[str]]:
    table = next(t for t in tables_on(at.markdown) if list(t.columns) == columns)
    return table.values.tolist()


def _vfm_costs(at: AppTest) -> list[float]:
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                if "Benefit against net cost" in json.dumps(json.loads(c.proto.spec)["layout"].get("title", "")))
    return [float(t["x"][0]) for t in spec["data"][1:]]


def test_a_likelihood_slider_on_the_savings_page_moves_the_ranking_and_value_for_money(waste: Case) -> None:
    at = _run("savings")
    ap = Appraisal(waste)
    w = ap.W[0]
    names = {sc.id: sc.name for sc in waste.savings.scenarios}
    central = names["central"]
    untouched = scenario_effect(waste, w, "central")
    assert untouched is not None
    before = scenario_effect_table(untouched, ap, central, central)
    assert _effect_table(at, list(before.columns)) == before.values.tolist()
    costs_before = _vfm_costs(at)

    # Low-likelihood lines (phase 2's re-planned rounds) saving 20 % lifts the phase-2 options' NPVs by
    # about £2m and reorders the ranking: the page must show that, not the scenario's own figures.
    at.slider(key="sav_Low").set_value(20.0).run()
    assert not at.exception, [e.value for e in at.exception]
    settings = sv.settings_for(waste, "central", likelihood={"Low": 20.0})
    effect = scenario_effect(waste, w, "central", settings=settings)
    assert effect is not None and effect.adjusted and effect.changes
    chosen = Appraisal(waste, savings_settings=settings)
    after = scenario_effect_table(effect, chosen, central, central)
    assert f"Rank, {central} (settings above)" in after.columns
    assert _effect_table(at, list(after.columns)) == after.values.tolist()
    texts = [plain(m.value) for m in at.markdown]
    assert scenario_effect_sentence(effect, ap.option_names, central, central) in texts
    assert effect.ranks_scenario.tolist() != untouched.ranks_baseline.tolist()
    vfm = value_for_money(chosen, w)
    assert vfm is not None
    assert _vfm_costs(at) == pytest.approx(vfm.cost.tolist())
    assert _vfm_costs(at) != pytest.approx(costs_before)


def _measured_only(case: Case) -> Case:
    """The waste case with its one label criterion (workforce) measured on a 1–3 points scale instead."""
    from appraisal.formats.mapping import case_from_mapping, case_to_mapping

    data = case_to_mapping(case)
    numbers = {"High": 3, "Medium": 2, "Low": 1}
    workforce = next(c for c in data["criteria"] if c["id"] == "workforce")
    workforce["scale"] = {"unit": "points", "direction": "higher", "range": [1, 3]}
    for row in data["scores"].values():
        row["workforce"] = numbers[row["workforce"]]
    return case_from_mapping(data, "measured-only waste case")


def test_scrutiny_offers_other_rating_numbers_only_where_there_are_label_criteria(monkeypatch: pytest.MonkeyPatch) -> None:
    if not WASTE.exists():
        pytest.skip("the measured sample case is not shipped yet")
    waste = load_case(WASTE)
    _open(monkeypatch, waste)
    headers = [h.value for h in _run("scrutiny").header]
    assert "Other numbers for the ratings" in headers and "Leave one criterion out" in headers

    measured = _measured_only(waste)
    assert all(scale.measured for scale in Appraisal(measured).scales)
    _open(monkeypatch, measured)
    at = _run("scrutiny")
    headers = [h.value for h in at.header]
    assert "Other numbers for the ratings" not in headers
    assert "Leave one criterion out" in headers
    assert "Other value functions and ranges for the measured criteria" in headers
    assert not [t for t in at.text_input if "Your own numbers" in t.label]
