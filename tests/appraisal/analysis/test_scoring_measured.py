"""Scoring measured criteria: values from value functions, direction, % of max, savings-fed criteria."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis import savings as sv
from appraisal.analysis.measured_savings import savings_raw_values
from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from appraisal.case.scales import scale_for
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "waste_collection_options.yaml"

# A published weighted-sum table, worked by hand: 3 options scored 1–10 on 4 criteria, weights 40/30/20/10.
#   Option A: 8·40 + 6·30 + 4·20 + 9·10 = 320 + 180 + 80 + 90 = 670
#   Option B: 5·40 + 9·30 + 7·20 + 3·10 = 200 + 270 + 140 + 30 = 640
#   Option C: 7·40 + 7·30 + 8·20 + 6·10 = 280 + 210 + 160 + 60 = 710
PUBLISHED = {"a": 670.0, "b": 640.0, "c": 710.0}
PUBLISHED_RANKS = {"c": 1, "a": 2, "b": 3}


def ten_point_case(value_range: list[float] | None = (0, 10), points: list[list[float]] | None = None,
                   extra_option: tuple[str, dict[str, float]] | None = None) -> dict[str, Any]:
    scale: dict[str, Any] = {"unit": "score 0–10", "range": [0, 10]}
    if value_range is not None:
        scale["value_range"] = list(value_range)
    if points is not None:
        scale["points"] = points
    scores = {"a": [8, 6, 4, 9], "b": [5, 9, 7, 3], "c": [7, 7, 8, 6]}
    data: dict[str, Any] = {
        "format": "options-appraisal/1",
        "title": "Published weighted-sum table",
        "scale": scale,
        "criteria": [{"id": f"c{j}", "name": f"Criterion {j}"} for j in range(1, 5)],
        "options": [{"id": o, "name": f"Option {o.upper()}"} for o in scores],
        "scores": {o: {f"c{j + 1}": v for j, v in enumerate(row)} for o, row in scores.items()},
        "weight_sets": [{"id": "published", "name": "Published", "weights": {"c1": 40, "c2": 30, "c3": 20, "c4": 10}}],
    }
    if extra_option:
        oid, row = extra_option
        data["options"].append({"id": oid, "name": f"Option {oid}"})
        data["scores"][oid] = row
    return data


def test_a_stated_ten_point_scale_reproduces_the_published_table_exactly() -> None:
    a = Appraisal(case_from_mapping(ten_point_case()))
    results = {r.option: r for r in a.results(a.weights_of("published"))}
    assert {o: r.total for o, r in results.items()} == PUBLISHED
    assert {o: r.rank for o, r in results.items()} == PUBLISHED_RANKS
    assert results["c"].percent_of_max == pytest.approx(71.0)  # 710 of 10 × 100
    np.testing.assert_array_equal(a.S, a.raw)


def cost_case(direction: str) -> dict[str, Any]:
    return {
        "format": "options-appraisal/1",
        "title": "Cost only",
        "criteria": [{"id": "net_cost", "name": "Net cost",
                      "scale": {"unit": "£k a year", "direction": direction, "range": [0, 500]}}],
        "options": [{"id": "cheap", "name": "Cheap"}, {"id": "dear", "name": "Dear"}],
        "scores": {"cheap": {"net_cost": 100}, "dear": {"net_cost": 400}},
        "weight_sets": [{"id": "only", "name": "Only", "weights": {"net_cost": 1}}],
    }


def test_lower_is_better_ranks_the_cheaper_option_first() -> None:
    a = Appraisal(case_from_mapping(cost_case("lower")))
    assert [r.option for r in a.results(a.W[0])] == ["cheap", "dear"]
    np.testing.assert_allclose(a.S[:, 0], [80.0, 20.0])
    np.testing.assert_allclose(a.raw[:, 0], [100.0, 400.0])
    b = Appraisal(case_from_mapping(cost_case("higher")))
    assert [r.option for r in b.results(b.W[0])] == ["dear", "cheap"]


def test_lower_is_better_holds_through_the_command_line(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "cost.yaml"
    path.write_text(json.dumps(cost_case("lower")), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "appraisal", "rank", str(path), "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    ranks = {row["option"]: row["rank"] for row in json.loads(out.stdout)["results"]}
    assert ranks == {"cheap": 1, "dear": 2}
    text = subprocess.run([sys.executable, "-m", "appraisal", "rank", str(path)],
                          capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "Net cost: £k a year, lower is better, 0 = 500, 100 = 0" in text


def test_percent_of_max_uses_each_criterions_own_maximum(minimal: dict) -> None:
    minimal["criteria"][0]["scale"] = {"unit": "%", "range": [0, 100]}
    for option, raw in zip(("as_is", "shared", "alone"), (20, 90, 50), strict=True):
        minimal["scores"][option]["finance"] = raw
    a = Appraisal(case_from_mapping(minimal))
    np.testing.assert_array_equal(a.max_values, [100.0, 3.0, 3.0])
    w = a.weights_of("north_cabinet")  # 3, 2, 1
    assert a.max_total(w) == 3 * 100 + 2 * 3 + 1 * 3
    shared = next(r for r in a.results(w) if r.option == "shared")
    assert shared.percent_of_max == pytest.approx(100 * (3 * 90 + 2 * 3 + 1 * 1) / 309)


def test_todays_cases_keep_their_numbers(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    assert a.max_score == 3.0 and (a.max_values == 3.0).all()
    np.testing.assert_array_equal(a.S, a.raw)


def test_an_alternative_value_function_re_scores_only_its_criterion() -> None:
    case = load_case(SAMPLE)
    a = Appraisal(case)
    sc = scale_for(case, "deliverability")
    b = Appraisal(case, value_functions={"deliverability": sc.alternative})
    j = a.criterion_ids.index("deliverability")
    np.testing.assert_allclose(b.S[:, j], a.raw[:, j] * 10)  # linear 0–10 → 0–100
    np.testing.assert_array_equal(np.delete(a.S, j, axis=1), np.delete(b.S, j, axis=1))


def test_savings_fed_criteria_follow_the_savings_model_and_its_scenario() -> None:
    case = load_case(SAMPLE)
    j = case.criterion_ids.index("saving_npv")
    central = Appraisal(case)
    result = sv.compute(case)
    assert central.raw[0, j] == 0.0  # the status quo delivers nothing
    # joint_contract: the contract and the shared head of waste, less procurement, discounted, in £k
    lines = [k for k, ln in enumerate(result.lines) if ln.id in ("joint_contract", "head_of_waste")]
    gross = result.by_line[lines].sum(axis=(0, 2))
    one_off = np.zeros(len(result.years))
    one_off[0] = 300_000
    expected = ((gross - one_off) * result.discount).sum() / 1000
    assert central.raw[case.option_ids.index("joint_contract"), j] == pytest.approx(expected)
    prudent = Appraisal(case, savings_scenario="prudent")
    assert prudent.savings_scenario == "prudent"
    spec = scale_for(case, "saving_npv").from_savings
    assert spec is not None
    figures = savings_raw_values(case, spec, "prudent")
    np.testing.assert_allclose(prudent.raw[:, j], [figures[o] for o in case.option_ids])
    assert not np.allclose(prudent.raw[:, j], central.raw[:, j])


def test_one_off_cost_is_lower_is_better() -> None:
    case = load_case(SAMPLE)
    a = Appraisal(case)
    j = case.criterion_ids.index("one_off_cost")
    assert a.raw[0, j] == 0.0 and a.S[0, j] == 100.0
    assert a.raw[case.option_ids.index("shared_depot"), j] == pytest.approx(650.0)


def test_a_savings_figure_beyond_the_stated_range_is_scored_as_the_end_and_reported() -> None:
    data = case_to_mapping(load_case(SAMPLE))
    data["criteria"][0]["scale"]["range"] = [0, 500]
    a = Appraisal(case_from_mapping(data))
    outside = {o.option for o in a.out_of_range if o.criterion == "saving_npv"}
    assert outside == {"joint_contract", "in_house_shared", "joint_company"}
    assert a.S[a.option_ids.index("joint_contract"), 0] == 100.0
    assert a.S[a.option_ids.index("joint_company"), 0] == 0.0


def test_the_label_override_still_changes_the_default_label_criteria_only() -> None:
    case = load_case(SAMPLE)
    a = Appraisal(case, {"High": 90, "Medium": 30, "Low": 10})
    j = case.criterion_ids.index("workforce")
    assert set(a.S[:, j]) <= {90.0, 30.0, 10.0}
    np.testing.assert_array_equal(np.delete(a.S, j, axis=1), np.delete(Appraisal(case).S, j, axis=1))


RAW = st.integers(0, 10)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(RAW, min_size=4, max_size=4), min_size=2, max_size=6),
    scale=st.floats(0.5, 50), shift=st.floats(-100, 100),
)
def test_an_affine_change_of_the_value_function_changes_no_ranking(rows: list[list[int]], scale: float, shift: float) -> None:
    """v' = a·v + b (a > 0) adds b·Σw to every total and multiplies the rest by a: ranks cannot move."""
    data = ten_point_case()
    data["options"] = [{"id": f"o{i}", "name": f"Option {i}"} for i in range(len(rows))]
    data["scores"] = {f"o{i}": {f"c{j + 1}": v for j, v in enumerate(row)} for i, row in enumerate(rows)}
    base = Appraisal(case_from_mapping(data))
    moved = copy.deepcopy(data)
    moved["scale"]["value_range"] = [shift, shift + 10 * scale]
    other = Appraisal(case_from_mapping(moved))
    via_points = copy.deepcopy(data)
    via_points["scale"]["value_range"] = [0, 100]
    via_points["scale"]["points"] = [[5, 50]]  # linear written as points: an affine map of [0, 10]
    third = Appraisal(case_from_mapping(via_points))
    w = base.W[0]
    expected = competition_ranks(totals(base.S, w))
    np.testing.assert_array_equal(competition_ranks(totals(other.S, w)), expected)
    np.testing.assert_array_equal(competition_ranks(totals(third.S, w)), expected)


@settings(max_examples=60, deadline=None)
@given(new=st.lists(st.floats(0, 10), min_size=4, max_size=4),
       points=st.lists(st.tuples(st.floats(0.5, 9.5), st.floats(0, 10)), max_size=3))
def test_adding_an_option_inside_the_range_changes_no_other_options_value(new: list[float], points: list) -> None:
    xs = sorted({round(x, 3) for x, _ in points})
    ys = sorted(y for _, y in points[: len(xs)])
    stated = [[x, y] for x, y in zip(xs, ys, strict=False)] or None
    before = Appraisal(case_from_mapping(ten_point_case(points=stated)))
    after = Appraisal(case_from_mapping(ten_point_case(
        points=stated, extra_option=("new", {f"c{j + 1}": v for j, v in enumerate(new)}))))
    np.testing.assert_array_equal(after.S[: before.n_options], before.S)
    w = before.W[0]
    old_order = np.argsort(-totals(before.S, w), kind="stable")
    new_totals = totals(after.S, w)[: before.n_options]
    assert (np.diff(new_totals[old_order]) <= 1e-9).all()  # the others keep their order (no rank reversal)


def test_savings_settings_reach_the_criteria_fed_from_the_savings_model() -> None:
    case = load_case(SAMPLE)
    j, k = case.criterion_ids.index("saving_npv"), case.criterion_ids.index("one_off_cost")
    central = Appraisal(case)
    # The scenario's own settings give the scenario's own figures.
    same = Appraisal(case, savings_settings=sv.settings_for(case, "central"))
    np.testing.assert_allclose(same.raw, central.raw)
    # Low-likelihood lines (rounds re-planned across the border) saving 20 % instead of the scenario's own:
    # only the options delivering phase 2 gain, by the discounted extra saving, and the ranking follows.
    moved = sv.settings_for(case, "central", likelihood={"Low": 20.0})
    a = Appraisal(case, savings_settings=moved)
    assert a.savings_scenario == "central" and a.savings_settings == moved
    spec = scale_for(case, "saving_npv").from_savings
    assert spec is not None
    figures = savings_raw_values(case, spec, settings=moved)
    np.testing.assert_allclose(a.raw[:, j], [figures[o] for o in case.option_ids])
    phase2 = [case.option_ids.index(o) for o in ("in_house_shared", "joint_company")]
    others = [i for i in range(len(case.option_ids)) if i not in phase2]
    assert (a.raw[phase2, j] > central.raw[phase2, j] + 1000).all()
    np.testing.assert_allclose(a.raw[others, j], central.raw[others, j])
    np.testing.assert_allclose(a.raw[:, k], central.raw[:, k])  # one-off costs do not depend on likelihoods
    w = central.W[0]
    assert competition_ranks(totals(a.S, w)).tolist() != competition_ranks(totals(central.S, w)).tolist()
    # A higher discount rate lowers every positive NPV.
    dearer = Appraisal(case, savings_settings=sv.settings_for(case, "central", discount_rate=10.0))
    positive = central.raw[:, j] > 0
    assert (dearer.raw[positive, j] < central.raw[positive, j]).all()
