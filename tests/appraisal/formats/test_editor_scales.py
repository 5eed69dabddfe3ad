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
