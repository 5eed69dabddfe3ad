"""Value for money: the frontier kernel's invariants, and the waste case's benefit and cost from the engine."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.measured_savings import savings_raw_values
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import cost_spec, frontier, scenario_effect, value_for_money
from appraisal.formats.load import load_case
from appraisal.report.figures.value_for_money import value_for_money_chart
from appraisal.report.value_for_money import scenario_effect_sentence, value_for_money_sentence
from tests.conftest import ROOT

WASTE = ROOT / "data" / "waste_collection_options.yaml"


@pytest.fixture(scope="module")
def waste():  # noqa: ANN201
    if not WASTE.exists():
        pytest.skip("the measured sample case is not shipped yet")
    return load_case(WASTE)


def test_frontier_of_a_worked_example() -> None:
    # A: cheap, good; B: dearer and worse than A; C: dearest, best; D: same cost as A, less benefit.
    cost = np.array([100.0, 150.0, 300.0, 100.0])
    benefit = np.array([60.0, 50.0, 80.0, 40.0])
    efficient, beaten_by = frontier(cost, benefit)
    assert efficient.tolist() == [True, False, True, False]
    assert beaten_by == [[], [0], [], [0]]
    names = ["A", "B", "C", "D"]
    from appraisal.analysis.value_for_money import ValueForMoney

    vfm = ValueForMoney(benefit, cost, efficient, beaten_by, [0], [1], "central")
    assert value_for_money_sentence(vfm, names) == (
        "A and C are not beaten on both cost and benefit; D costs the same as A for less benefit; "
        "B costs more than A for less benefit.")


def test_equal_options_do_not_beat_each_other() -> None:
    efficient, beaten_by = frontier(np.array([1.0, 1.0]), np.array([5.0, 5.0]))
    assert efficient.all() and beaten_by == [[], []]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 10)), min_size=1, max_size=12))
def test_frontier_invariants(points: list[tuple[int, int]]) -> None:
    cost = np.array([p[0] for p in points], dtype=float)
    benefit = np.array([p[1] for p in points], dtype=float)
    efficient, beaten_by = frontier(cost, benefit)
    assert efficient.any()                                   # someone is always unbeaten
    for i, beaters in enumerate(beaten_by):
        assert efficient[i] == (not beaters)
        for a in beaters:
            assert cost[a] <= cost[i] and benefit[a] >= benefit[i] and (cost[a], benefit[a]) != (cost[i], benefit[i])
        if beaters:                                          # beaten means an unbeaten option beats it too
            assert any(efficient[a] for a in beaters)
    # The cheapest of the best-benefit options is always on the frontier.
    top = np.flatnonzero(benefit == benefit.max())
    assert efficient[top[np.argmin(cost[top])]]


def test_waste_case_benefit_and_cost_come_from_the_engine(waste) -> None:  # noqa: ANN001
    ap = Appraisal(waste)
    w = ap.W[2]
    vfm = value_for_money(ap, w)
    assert vfm is not None
    financial = [ap.criterion_ids[j] for j in vfm.financial]
    assert financial == ["saving_npv", "one_off_cost"]
    others = vfm.benefit_criteria
    expected = 100 * (ap.S[:, others] @ w[others]) / (w[others] @ ap.max_values[others])
    assert vfm.benefit == pytest.approx(expected)
    spec = cost_spec(waste)
    assert spec is not None
    npv = savings_raw_values(waste, spec, vfm.scenario)
    assert vfm.cost == pytest.approx([-npv[o] for o in ap.option_ids])
    # The saving criterion (in £k) is the same NPV in thousands.
    assert ap.raw[:, ap.criterion_ids.index("saving_npv")] == pytest.approx(-vfm.cost / 1000)
    chart = value_for_money_chart(vfm, ap)
    assert chart.takeaway == value_for_money_sentence(vfm, ap.option_names)
    assert "not beaten on both cost and benefit" in chart.takeaway
    assert [float(t.x[0]) for t in chart.figure.data[1:]] == pytest.approx(vfm.cost.tolist())


def test_a_scenario_change_moves_the_ranking(waste) -> None:  # noqa: ANN001
    ap = Appraisal(waste)
    w = ap.W[2]
    same = scenario_effect(waste, w, "central")
    assert same is not None and not same.changes
    effect = scenario_effect(waste, w, "optimistic")
    assert effect is not None
    chosen = Appraisal(waste, savings_scenario="optimistic")
    assert effect.ranks_scenario.tolist() == [r.rank for r in sorted(chosen.results(w), key=lambda r: chosen.option_ids.index(r.option))]
    assert effect.raw_scenario.tolist() == chosen.raw[:, effect.criteria].tolist()
    sentence = scenario_effect_sentence(effect, ap.option_names, "Optimistic", "Central")
    if effect.changes:
        assert "moves from" in sentence
    else:
        assert "keeps its rank" in sentence


def test_no_savings_criterion_means_no_value_for_money(sample_case) -> None:  # noqa: ANN001
    ap = Appraisal(sample_case)
    assert value_for_money(ap, ap.W[0]) is None


def test_the_savings_pages_settings_move_the_ranking_and_value_for_money(waste) -> None:  # noqa: ANN001
    from appraisal.analysis import savings as sv
    from appraisal.report.value_for_money import scenario_effect_table, value_for_money_note

    ap = Appraisal(waste)
    w = ap.W[0]
    untouched = scenario_effect(waste, w, "central", settings=sv.settings_for(waste, "central"))
    assert untouched is not None and untouched.same and not untouched.adjusted
    settings = sv.settings_for(waste, "central", likelihood={"Low": 20.0})
    effect = scenario_effect(waste, w, "central", settings=settings)
    assert effect is not None and effect.adjusted and not effect.same and effect.changes
    chosen = Appraisal(waste, savings_settings=settings)
    assert effect.raw_scenario.tolist() == chosen.raw[:, effect.criteria].tolist()
    assert effect.ranks_scenario.tolist() == [
        r.rank for r in sorted(chosen.results(w), key=lambda r: chosen.option_ids.index(r.option))]
    assert effect.ranks_baseline.tolist() == untouched.ranks_baseline.tolist()
    sentence = scenario_effect_sentence(effect, ap.option_names, "Central", "Central")
    assert sentence.startswith("Under the Central scenario with the settings above ") and "moves from" in sentence
    table = scenario_effect_table(effect, chosen, "Central", "Central")
    assert {"Rank, Central", "Rank, Central (settings above)"} <= set(table.columns)
    # Value for money reads the same settings: net cost is minus the adjusted NPV.
    vfm = value_for_money(chosen, w)
    assert vfm is not None
    spec = cost_spec(waste)
    assert spec is not None
    npv = savings_raw_values(waste, spec, settings=settings)
    assert vfm.cost.tolist() == pytest.approx([-npv[o] for o in chosen.option_ids])
    assert vfm.cost.tolist() != pytest.approx(value_for_money(ap, w).cost.tolist())
    assert "with the settings above" in value_for_money_note(vfm, chosen, "Central", adjusted=True)
