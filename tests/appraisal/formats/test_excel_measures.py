"""Measured criteria in the workbook: the Measures sheet, round trips, and errors naming sheet!cell."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from appraisal.errors import CaseError
from appraisal.formats.excel.write import case_workbook
from appraisal.formats.load import load_case, load_case_bytes
from appraisal.formats.mapping import case_from_mapping
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "waste_collection_options.yaml"


def with_scales(minimal: dict[str, Any]) -> dict[str, Any]:
    minimal["criteria"][0]["scale"] = {"unit": "£k a year", "direction": "lower", "range": [0, 500],
                                       "value_range": [0, 10], "points": [[200, 4]], "alternative": [[0, 10], [500, 0]],
                                       "note": "benchmarked"}
    minimal["criteria"][1]["scale"] = {"labels": {"Good": 3, "Fair": 2, "Poor": 1}}
    for option, raw, label in (("as_is", 400, "Poor"), ("shared", 100.5, "Good"), ("alone", 250, "fair")):
        minimal["scores"][option]["finance"] = raw
        minimal["scores"][option]["place"] = label
    return minimal


def edit(workbook: bytes, sheet: str, cell: str, value: Any) -> bytes:
    wb = load_workbook(io.BytesIO(workbook))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_sample_case_round_trips_through_excel() -> None:
    case = load_case(SAMPLE)
    assert load_case_bytes(case_workbook(case), "case.xlsx") == case


def test_measured_and_label_scales_round_trip(minimal: dict) -> None:
    case = case_from_mapping(with_scales(minimal))
    book = case_workbook(case)
    sheet = load_workbook(io.BytesIO(book))["Measures"]
    assert [c.value for c in sheet[2]][:8] == ["finance", "£k a year", "lower", 0, 500, 0, 10, "200: 4"]
    assert sheet["J3"].value == "Good = 3; Fair = 2; Poor = 1"
    assert load_case_bytes(book, "case.xlsx") == case


def test_a_case_level_scale_travels_on_the_more_sheet(minimal: dict) -> None:
    minimal["scale"] = {"unit": "score", "range": [0, 10], "value_range": [0, 10]}
    for row in minimal["scores"].values():
        for criterion in row:
            row[criterion] = 7
    case = case_from_mapping(minimal)
    assert load_case_bytes(case_workbook(case), "case.xlsx") == case


@pytest.mark.parametrize(("cell", "value", "words"), [
    ("H2", "200 40", "point 1 '200 40' of the value function should be 'raw: value'"),
    ("H2", "100: 8; 50: 9", "strictly increasing"),
    ("D2", 600, "low 600 must be below high 500"),
    ("J3", "Good 3", "should be 'label = number'"),
])
def test_bad_measures_are_reported_with_their_cell(minimal: dict, cell: str, value: Any, words: str) -> None:
    book = edit(case_workbook(case_from_mapping(with_scales(minimal))), "Measures", cell, value)
    with pytest.raises(CaseError) as info:
        load_case_bytes(book, "case.xlsx")
    message = info.value.message
    assert words in message
    assert f"Measures!{cell}" in message or f"Measures!{cell[0]}" in message


def test_a_raw_value_outside_the_range_names_the_ratings_cell(minimal: dict) -> None:
    book = case_workbook(case_from_mapping(with_scales(minimal)))
    wb = load_workbook(io.BytesIO(book))
    ratings = wb["Ratings"]
    column = next(c.column_letter for c in ratings[1] if c.value == "finance")
    row = next(c.row for c in ratings["A"] if c.value == "shared")
    with pytest.raises(CaseError) as info:
        load_case_bytes(edit(book, "Ratings", f"{column}{row}", 900), "case.xlsx")
    assert f"Ratings!{column}{row}" in info.value.message and "outside the stated range 0–500" in info.value.message


def test_a_unit_stated_as_empty_text_round_trips(minimal: dict) -> None:
    """`unit: ""` (a plain number) is not the same case as no unit: the More sheet keeps what a blank cell cannot."""
    data = with_scales(minimal)
    data["criteria"][0]["scale"]["unit"] = ""
    case = case_from_mapping(data, "minimal")
    workbook = case_workbook(case)
    assert load_workbook(io.BytesIO(workbook))["Measures"]["B2"].value is None
    back = load_case_bytes(workbook, "case.xlsx")
    assert back.criterion("finance").scale.unit == ""
    assert back == case
    # A unit typed in the cell still wins, and a criterion with a unit puts nothing extra on the More sheet.
    data["criteria"][0]["scale"]["unit"] = "£k"
    typed = case_from_mapping(data, "minimal")
    assert load_case_bytes(case_workbook(typed), "case.xlsx") == typed
