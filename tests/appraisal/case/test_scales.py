"""Measured criteria: resolving scales, value functions, and the refusals naming criterion and point."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.case import scales
from appraisal.errors import CaseError
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from tests.conftest import MINIMAL, ROOT

SAMPLE = ROOT / "data" / "waste_collection_options.yaml"


def measured(minimal: dict[str, Any], **scale: Any) -> dict[str, Any]:
    """The minimal case with 'finance' measured in £k a year, lower is better, over [0, 500]."""
    spec = {"unit": "£k a year", "direction": "lower", "range": [0, 500], **scale}
    minimal["criteria"][0]["scale"] = spec
    for option, raw in zip(("as_is", "shared", "alone"), (400, 100, 250), strict=True):
        minimal["scores"][option]["finance"] = raw
    return minimal


def problems_of(data: dict[str, Any]) -> str:
    with pytest.raises(CaseError) as info:
        case_from_mapping(data, "case.yaml")
    return info.value.message


def test_label_criteria_keep_todays_numbers(minimal: dict) -> None:
    case = case_from_mapping(minimal)
    sc = scales.scale_for(case, "finance")
    assert sc.kind == "labels" and dict(sc.labels) == {"High": 3.0, "Medium": 2.0, "Low": 1.0}
    assert sc.value(2.0) == 2.0 and (sc.low, sc.high, sc.max_value) == (1.0, 3.0, 3.0)
    assert not scales.has_measured(case) and scales.mixed_value_ranges(case) == []


def test_linear_lower_is_better_scale(minimal: dict) -> None:
    case = case_from_mapping(measured(minimal))
    sc = scales.scale_for(case, "finance")
    assert sc.measured and (sc.worst, sc.best) == (500.0, 0.0)
    assert sc.points == ((0.0, 100.0), (500.0, 0.0))
    assert sc.value(100) == pytest.approx(80.0)
    np.testing.assert_allclose(sc.value(np.array([0.0, 250.0, 500.0])), [100.0, 50.0, 0.0])
    assert sc.describe() == "£k a year, lower is better, 0 = 500, 100 = 0"
    assert scales.has_measured(case)


def test_piecewise_points_get_their_range_ends(minimal: dict) -> None:
    case = case_from_mapping(measured(minimal, points=[[200, 40]]))
    sc = scales.scale_for(case, "finance")
    assert sc.points == ((0.0, 100.0), (200.0, 40.0), (500.0, 0.0))
    assert sc.value(100) == pytest.approx(70.0)
    assert sc.value(350) == pytest.approx(20.0)
    assert "value function through 200 → 40" in sc.describe()


def test_case_level_scale_is_the_default_and_written_back_as_scale(minimal: dict) -> None:
    minimal["scale"] = {"unit": "", "range": [0, 10]}
    for row in minimal["scores"].values():
        for criterion in row:
            row[criterion] = 5
    case = case_from_mapping(minimal)
    assert all(scales.scale_for(case, c).measured for c in case.criterion_ids)
    data = case_to_mapping(case)
    assert data["scale"] == {"unit": "", "range": [0, 10]} and "default_scale" not in data
    assert case_from_mapping(data) == case


def test_case_level_label_scale_replaces_the_rating_scale(minimal: dict) -> None:
    del minimal["rating_scale"]
    minimal["scale"] = {"labels": {"Good": 3, "Fair": 2, "Poor": 1}}
    for row in minimal["scores"].values():
        for criterion, label in row.items():
            row[criterion] = {"High": "Good", "Medium": "Fair", "Low": "Poor"}[label]
    case = case_from_mapping(minimal)
    assert case.scale == {"Good": 3.0, "Fair": 2.0, "Poor": 1.0}


def test_a_criterion_may_have_its_own_label_scale_and_mixed_ranges_are_noticed(minimal: dict) -> None:
    minimal["criteria"][1]["scale"] = {"labels": {"Good": 100, "Fair": 50, "Poor": 0}}
    for option, label in zip(("as_is", "shared", "alone"), ("Good", "fair", "Poor"), strict=True):
        minimal["scores"][option]["place"] = label
    case = case_from_mapping(minimal)
    assert scales.scale_for(case, "place").labels == {"Good": 100.0, "Fair": 50.0, "Poor": 0.0}
    assert scales.mixed_value_ranges(case) == ["place"]
    raw = scales.resolve_raw_cells(case)
    assert raw["shared", "place"].value == 50.0 and raw["shared", "finance"].value == 3.0


@pytest.mark.parametrize(("scale", "field", "words"), [
    ({"range": [500, 0]}, "criteria[finance].scale.range", "low 500 must be below high 0"),
    ({"range": [0]}, "criteria[finance].scale.range", "should be two numbers"),
    ({"range": None}, "criteria[finance].scale.range", "missing"),
    ({"value_range": [10, 0]}, "criteria[finance].scale.value_range", "must be below"),
    ({"points": [[100, 90], [50, 80]]}, "criteria[finance].scale.points[2]", "strictly increasing"),
    ({"points": [[100, 60], [200, 80]]}, "criteria[finance].scale.points[2]", "lower is better"),
    ({"points": [[100, 60], [600, 10]]}, "criteria[finance].scale.points[2]", "outside the stated range 0–500"),
    ({"points": [[100, 160]]}, "criteria[finance].scale.points[1]", "outside the value range 0–100"),
    ({"alternative": [[100, "x"]]}, "criteria[finance].scale.alternative[1]", "two finite numbers"),
    ({"labels": {"High": 3}}, "criteria[finance].scale", "not both"),
])
def test_bad_scales_are_refused_naming_criterion_and_point(minimal: dict, scale: dict, field: str, words: str) -> None:
    data = measured(minimal, **scale)
    if scale.get("range", 0) is None:
        del data["criteria"][0]["scale"]["range"]
    message = problems_of(data)
    assert field in message and words in message


def test_higher_is_better_points_must_not_fall(minimal: dict) -> None:
    message = problems_of(measured(minimal, direction="higher", points=[[100, 60], [200, 40]]))
    assert "criteria[finance].scale.points[2]" in message and "must not fall" in message


def test_raw_values_outside_the_range_are_refused_naming_option(minimal: dict) -> None:
    data = measured(minimal)
    data["scores"]["shared"]["finance"] = 650
    message = problems_of(data)
    assert "scores.shared.finance" in message
    assert "outside the stated range 0–500 £k a year of criterion 'finance': widen the range" in message


def test_a_label_in_a_measured_cell_is_refused(minimal: dict) -> None:
    data = measured(minimal)
    data["scores"]["shared"]["finance"] = "High"
    message = problems_of(data)
    assert "scores.shared.finance" in message and "is not a number" in message and "£k a year" in message
    data["scores"]["shared"]["finance"] = "12,5"
    assert "write 12.5, not 12,5" in problems_of(data)


def test_the_sample_case_opens_and_mixes_measured_and_label_criteria() -> None:
    case = load_case(SAMPLE)
    assert case.illustrative and case.status_quo is not None
    kinds = {c: scales.scale_for(case, c) for c in case.criterion_ids}
    assert sum(sc.measured for sc in kinds.values()) >= 4 and any(not sc.measured for sc in kinds.values())
    assert any(sc.direction == "lower" and sc.from_savings for sc in kinds.values())
    assert scales.mixed_value_ranges(case) == []


def test_from_savings_needs_every_option_and_known_ids() -> None:
    data = case_to_mapping(load_case(SAMPLE))
    spec = data["criteria"][0]["scale"]["from_savings"]
    del spec["options"]["joint_company"]
    spec["options"]["shared_depot"]["lines"].append("no_such_line")
    spec["scenario"] = "gloomy"
    message = problems_of(copy.deepcopy(data))
    assert "criteria[saving_npv].scale.from_savings.options.joint_company: missing: option 'joint_company' has no savings figure" in message
    assert "'no_such_line' is not one of the savings model's lines" in message
    assert "'gloomy' is not a savings scenario" in message
    del data["savings"]
    assert "the case has no savings section" in problems_of(data)


def test_from_savings_criteria_take_no_cells() -> None:
    data = case_to_mapping(load_case(SAMPLE))
    data["scores"]["as_is"]["saving_npv"] = 10
    assert "takes its figures from the savings model" in problems_of(data)


@given(
    low=st.floats(-1000, 1000), width=st.floats(1, 1000), lower=st.booleans(),
    inner=st.lists(st.tuples(st.floats(0.01, 0.99), st.floats(0, 1)), max_size=4),
    raws=st.lists(st.floats(0, 1), min_size=1, max_size=10),
)
def test_value_functions_stay_in_value_range_and_respect_direction(
    low: float, width: float, lower: bool, inner: list[tuple[float, float]], raws: list[float],
) -> None:
    """Any valid value function maps the range into [0, 100] and never rewards the worse raw value."""
    high = low + width
    xs = sorted({round(low + f * width, 6) for f, _ in inner} - {low, high})
    ys = sorted((v * 100 for _, v in inner[: len(xs)]), reverse=lower)
    spec = {"unit": "u", "direction": "lower" if lower else "higher", "range": [low, high],
            "points": [[x, y] for x, y in zip(xs, ys, strict=False)] or None}
    data = copy.deepcopy(MINIMAL)
    data["criteria"][0]["scale"] = {k: v for k, v in spec.items() if v is not None}
    for option in data["scores"]:
        data["scores"][option]["finance"] = low
    sc = scales.scale_for(case_from_mapping(data), "finance")
    values = sc.value(np.array(sorted(low + f * width for f in raws)))
    assert ((values >= -1e-9) & (values <= 100 + 1e-9)).all()
    steps = np.diff(values)
    assert (steps <= 1e-9).all() if lower else (steps >= -1e-9).all()


def test_a_unit_with_a_control_character_is_refused_naming_the_criterion(minimal) -> None:
    """A unit is printed beside every raw value, in the terminal too: an escape sequence in it is refused."""
    minimal["criteria"][0]["scale"] = {"unit": "\x1b[31mred", "range": [0, 10]}
    for option in minimal["scores"].values():
        option["finance"] = 5
    with pytest.raises(CaseError, match=r"criteria row 1 \(id 'finance'\)\.scale\.unit: .*control character"):
        case_from_mapping(minimal, "case")


@pytest.mark.parametrize("where", ["rating_scale", "criterion"])
def test_a_label_with_a_control_character_is_refused(minimal, where: str) -> None:
    labels = {"\x1b[31mHigh": 3, "Medium": 2, "Low": 1}
    if where == "rating_scale":
        minimal["rating_scale"] = labels
    else:
        minimal["criteria"][0]["scale"] = {"labels": labels}
    with pytest.raises(CaseError, match=r"'\\x1b\[31mHigh' contains a control character \(\\x1b\)"):
        case_from_mapping(minimal, "case")
