"""The case editor's tables: YAML → editor → YAML is lossless, and edits are validated with table and row."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.errors import CaseError
from appraisal.formats.editor_tables import case_to_frames, frames_to_case, reshape
from appraisal.formats.load import load_case_bytes
from appraisal.formats.mapping import case_from_mapping
from appraisal.formats.yaml_file import case_to_yaml


def _message(case, frames) -> str:
    with pytest.raises(CaseError) as info:
        frames_to_case(case, frames)
    return info.value.message


def test_sample_round_trip_through_the_editor_tables(sample_case) -> None:
    back = frames_to_case(sample_case, case_to_frames(sample_case))
    assert back == sample_case
    text = case_to_yaml(back)
    assert text == case_to_yaml(sample_case)
    assert load_case_bytes(text.encode(), "edited.yaml") == sample_case


def test_round_trip_keeps_numbers_flags_and_hidden_fields(minimal: dict[str, Any]) -> None:
    minimal["scores"]["alone"]["risk"] = 2.5
    minimal["scores"]["shared"]["place"] = 3
    minimal["weight_sets"][0]["weights"]["finance"] = 0.125
    minimal["options"][2]["do_minimum"] = True
    minimal["options"][1]["description"] = "=HYPERLINK(\"x\")"
    minimal["criteria"][0]["group"] = "Money"
    minimal["weight_sets"][1]["provenance"] = {"method": "swing", "by": "South cabinet"}
    minimal["weight_sets"][1]["note"] = "Agreed 3 May"
    case = case_from_mapping(minimal, "m")
    back = frames_to_case(case, case_to_frames(case))
    assert back == case
    assert case_to_yaml(back) == case_to_yaml(case)


def test_edit_a_rating_a_weight_and_a_name(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.ratings.loc["alone", "place"] = "high"
    frames.weights.loc[1, "risk"] = 5
    frames.options.loc[2, "name"] = "Stand alone (revised)"
    edited = frames_to_case(case, frames)
    assert edited.scores["alone"]["place"] == "high"
    assert edited.weight_sets[1].weights["risk"] == 5
    assert edited.options[2].name == "Stand alone (revised)"
    assert edited.title == case.title and edited.councils == case.councils


def test_add_option_and_criterion_reshapes_ratings_and_weights(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.options.loc[len(frames.options)] = ["merge", "Merger", "", False, False]
    frames.criteria.loc[len(frames.criteria)] = ["people", "Workforce", "", ""]
    shaped = reshape(frames)
    assert list(shaped.ratings.index) == ["as_is", "shared", "alone", "merge"]
    assert "people" in shaped.ratings.columns and "people" in shaped.weights.columns
    msg = _message(case, frames)
    assert "Ratings: option 'merge', criterion 'finance': missing" in msg
    assert "Weight sets (id 'north_cabinet'), weight for 'people': missing" in msg
    shaped.ratings.loc["merge", ["finance", "place", "risk", "people"]] = ["High", "Low", "Low", "Medium"]
    for opt in ("as_is", "shared", "alone"):
        shaped.ratings.loc[opt, "people"] = "Medium"
    shaped.weights["people"] = [1.0, 2.0]
    edited = frames_to_case(case, shaped)
    assert edited.option_ids[-1] == "merge" and edited.criterion_ids[-1] == "people"


def test_renaming_ids_keeps_their_ratings_and_weights(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.options = frames.options.drop(index=0)          # delete "as_is" (labels of the others stay)
    frames.options.loc[2, "id"] = "stand_alone"           # rename "alone"
    frames.criteria.loc[1, "id"] = "place_leadership"     # rename "place"
    edited = frames_to_case(case, reshape(frames))        # the page reshapes once, then validates
    assert edited.option_ids == ["shared", "stand_alone"]
    assert edited.scores["stand_alone"] == {"finance": "Medium", "place_leadership": "Low", "risk": "Medium"}
    assert edited.weight_sets[0].weights == {"finance": 3, "place_leadership": 2, "risk": 1}
    assert frames_to_case(case, frames) == edited            # and straight from the edited tables


def test_deleting_an_option_drops_its_assessments(minimal) -> None:
    minimal["assessors"] = [{"id": "a1", "name": "Director"}]
    minimal["assessments"] = {"a1": {"alone": {"finance": "Low"}, "shared": {"finance": "High"}}}
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.options = frames.options[frames.options["id"] != "alone"].reset_index(drop=True)
    edited = frames_to_case(case, frames)
    assert edited.option_ids == ["as_is", "shared"]
    assert "alone" not in edited.assessments["a1"] and "alone" not in edited.scores


def test_errors_name_table_and_row(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.ratings.loc["as_is", "place"] = "Hgh"
    frames.weights.loc[0, "place"] = -2
    msg = _message(case, frames)
    assert "edited case: Ratings: option 'as_is', criterion 'place': 'Hgh' is not a rating; use High, Medium or Low" in msg
    assert "Weight sets (id 'north_cabinet'), weight for 'place': -2 is negative" in msg

    frames = case_to_frames(case)
    frames.options.loc[1, "id"] = "Shared Service"
    frames.options.loc[2, "name"] = ""
    msg = _message(case, frames)
    assert "Options row 2 (id 'Shared Service'), id: 'Shared Service' is not a valid id" in msg
    assert "Options row 3 (id 'alone'), name: missing (required)" in msg

    frames = case_to_frames(case)
    frames.options.loc[1, "status_quo"] = True
    assert "more than one option is the status quo" in _message(case, frames)


def test_blank_rows_from_the_editor_are_ignored(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.options.loc[len(frames.options)] = ["", "", "", False, False]
    frames.weights.loc[len(frames.weights)] = [None] * len(frames.weights.columns)
    assert frames_to_case(case, frames) == case


def test_all_zero_weight_set_is_refused(minimal) -> None:
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.weights.loc[0, ["finance", "place", "risk"]] = 0.0
    assert "every weight is zero" in _message(case, frames)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option_names=st.lists(names, min_size=3, max_size=3, unique_by=lambda s: s.strip().casefold()),
       weights=st.lists(st.one_of(st.integers(0, 1000), st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 4))),
                        min_size=3, max_size=3).filter(lambda w: sum(w) > 0))
def test_any_names_and_weights_round_trip(minimal, option_names, weights) -> None:
    for option, name in zip(minimal["options"], option_names):
        option["name"] = name
    minimal["weight_sets"][0]["weights"] = dict(zip(["finance", "place", "risk"], weights))
    case = case_from_mapping(minimal, "m")
    back = frames_to_case(case, case_to_frames(case))
    assert back == case
    assert load_case_bytes(case_to_yaml(back).encode(), "x.yaml") == case


def test_frames_are_plain_dataframes(sample_case) -> None:
    frames = case_to_frames(sample_case)
    for df in (frames.options, frames.criteria, frames.ratings, frames.weights):
        assert isinstance(df, pd.DataFrame)
    assert list(frames.ratings.columns)[1:] == sample_case.criterion_ids


def test_renaming_ids_keeps_the_assessors_ratings(minimal) -> None:
    minimal["assessors"] = [{"id": "a1", "name": "Director"}]
    minimal["assessments"] = {"a1": {"alone": {"finance": "Low", "place": "High"}, "shared": {"place": "High"}}}
    case = case_from_mapping(minimal, "m")
    frames = case_to_frames(case)
    frames.options.loc[2, "id"] = "stand_alone"           # rename "alone"
    frames.criteria.loc[1, "id"] = "place_leadership"     # rename "place"
    edited = frames_to_case(case, frames)
    assert edited.assessments["a1"] == {"stand_alone": {"finance": "Low", "place_leadership": "High"},
                                        "shared": {"place_leadership": "High"}}
