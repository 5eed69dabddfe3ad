"""The Case data editor's Scales table: measured scales survive editing and bad entries name the row."""

from __future__ import annotations

import pytest

from appraisal.errors import CaseError
from appraisal.formats.editor_tables import case_to_frames, frames_to_case
from appraisal.formats.load import load_case
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "waste_collection_options.yaml"


def test_the_sample_round_trips_through_the_tables() -> None:
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    assert frames.scales is not None and frames.scales.loc["satisfaction", "points"] == "50: 0; 85: 90; 100: 100"
    assert frames_to_case(case, frames) == case


def test_tables_without_a_scales_frame_keep_the_case_scales() -> None:
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    frames.scales = None
    assert frames_to_case(case, frames) == case


def test_editing_a_value_function_and_direction() -> None:
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    frames.scales.loc["recycling", "points"] = "50: 60"
    edited = frames_to_case(case, frames)
    assert edited.criterion("recycling").scale.points == [[50, 60]]


@pytest.mark.parametrize(("column", "value", "words"), [
    ("points", "50 60", "should be 'raw: value'"),
    ("points", "70: 60", "outside the stated range 35–65"),
    ("low", "x", "should both be numbers"),
    ("direction", "sideways", "direction"),
])
def test_bad_scale_cells_name_the_criterion(column: str, value: str, words: str) -> None:
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    frames.scales.loc["recycling", column] = value
    with pytest.raises(CaseError) as info:
        frames_to_case(case, frames)
    assert "Scales (criterion 'recycling')" in info.value.message and words in info.value.message


@pytest.mark.parametrize("scales_table", [True, False])
@pytest.mark.parametrize("criterion", ["saving_npv", "satisfaction"])
def test_renaming_a_criterion_carries_its_scale_across(criterion: str, scales_table: bool) -> None:
    """The Scales row (and from_savings, which the table does not show) follows the id typed in the Criteria table."""
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    if not scales_table:
        frames.scales = None
    row = list(frames.criteria["id"]).index(criterion)
    frames.criteria.loc[frames.criteria.index[row], "id"] = f"{criterion}_renamed"
    edited = frames_to_case(case, frames)
    assert edited.criterion_ids[row] == f"{criterion}_renamed"
    assert edited.criteria[row].scale == case.criterion(criterion).scale
    assert edited.weight_sets[0].weights[f"{criterion}_renamed"] == case.weight_sets[0].weights[criterion]
    from appraisal.analysis.scoring import Appraisal

    before, after = Appraisal(case), Appraisal(edited)
    assert after.S.tolist() == before.S.tolist() and after.raw.tolist() == before.raw.tolist()


def test_renaming_an_option_keeps_its_savings_lines() -> None:
    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    frames.options.loc[frames.options.index[1], "id"] = "depot_shared"
    edited = frames_to_case(case, frames)
    spec = edited.criterion("saving_npv").scale.from_savings
    assert list(spec.options) == ["as_is", "depot_shared", "joint_contract", "in_house_shared", "joint_company"]
    assert spec.options["depot_shared"] == case.criterion("saving_npv").scale.from_savings.options["shared_depot"]
    from appraisal.analysis.scoring import Appraisal

    assert Appraisal(edited).raw.tolist() == Appraisal(case).raw.tolist()


def test_a_unit_stated_as_empty_text_survives_the_tables() -> None:
    from appraisal.formats.mapping import case_from_mapping, case_to_mapping

    data = case_to_mapping(load_case(SAMPLE))
    data["criteria"][2]["scale"]["unit"] = ""
    case = case_from_mapping(data, "unit-less")
    frames = case_to_frames(case)
    assert frames.scales.loc["round_minutes", "unit"] == ""
    assert frames_to_case(case, frames) == case
    frames.scales.loc["round_minutes", "unit"] = "minutes"
    assert frames_to_case(case, frames).criterion("round_minutes").scale.unit == "minutes"


def test_renames_carry_across_when_the_page_reshaped_the_tables_first() -> None:
    """The Case data page draws reshaped ratings and weights (renamed columns) and passes no Scales table."""
    from appraisal.formats.editor_tables import Frames, reshape

    case = load_case(SAMPLE)
    frames = case_to_frames(case)
    frames.criteria.loc[frames.criteria.index[0], "id"] = "npv"
    frames.options.loc[frames.options.index[1], "id"] = "depot_shared"
    shaped = reshape(Frames(frames.options, frames.criteria, frames.ratings, frames.weights))
    edited = frames_to_case(case, Frames(frames.options, frames.criteria, shaped.ratings, shaped.weights))
    spec = edited.criterion("npv").scale.from_savings
    assert spec is not None and "depot_shared" in spec.options and "shared_depot" not in spec.options
    assert edited.criterion("npv").scale.range == case.criterion("saving_npv").scale.range
