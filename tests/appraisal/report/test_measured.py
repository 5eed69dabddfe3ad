"""Measured criteria in words and figures: raw values with units, value functions, narrative, swing questions."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import scrutinise
from appraisal.case.scales import CriterionScale
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping
from appraisal.report import elicitation
from appraisal.report.figures.measured import value_function_chart
from appraisal.report.figures.scores import ratings_frame, ratings_heatmap
from appraisal.report.figures.scrutiny import gap_to_leader_chart
from appraisal.report.measured import (
    mixed_ranges_warning,
    range_words,
    raw_for_value,
    raw_text,
    value_function_takeaway,
)
from appraisal.report.scrutiny import rating_switch_table, scrutiny_paragraph
from tests.conftest import ROOT

WASTE = ROOT / "data" / "waste_collection_options.yaml"


def _measured(unit: str, low: float, high: float, direction: str = "higher",
              points: tuple[tuple[float, float], ...] | None = None) -> CriterionScale:
    ends = ((low, 100.0), (high, 0.0)) if direction == "lower" else ((low, 0.0), (high, 100.0))
    pts = points or ends
    return CriterionScale("c", "measured", unit=unit, direction=direction, low=low, high=high, points=pts)  # type: ignore[arg-type]


@pytest.fixture
def measured_mapping(minimal: dict[str, Any]) -> dict[str, Any]:
    """The minimal case with finance as £k a year saved (piecewise) and risk as minutes (lower is better)."""
    data = copy.deepcopy(minimal)
    data["criteria"][0]["scale"] = {"unit": "£k a year", "direction": "higher", "range": [0, 300],
                                    "points": [[0, 0], [200, 80], [300, 100]]}
    data["criteria"][2]["scale"] = {"unit": "minutes", "direction": "lower", "range": [20, 60]}
    data["scores"] = {
        "as_is": {"finance": 0, "place": "Medium", "risk": 30},
        "shared": {"finance": 250, "place": "High", "risk": 55},
        "alone": {"finance": 120, "place": "Low", "risk": 40},
    }
    return data


@pytest.fixture(scope="module")
def waste():  # noqa: ANN201
    if not WASTE.exists():
        pytest.skip("the measured sample case is not shipped yet")
    return load_case(WASTE)


def test_raw_values_read_as_a_council_report_prints_them() -> None:
    money = _measured("£k a year", 0, 200)
    assert raw_text(money, 120) == "£120k a year"
    assert raw_text(money, -12.5) == "−£12.5k a year"
    assert raw_text(money, 0) == "£0 a year"
    assert raw_text(_measured("£", 0, 1e6), 1_500) == "£1,500"
    assert raw_text(_measured("minutes", 20, 60, "lower"), 45) == "45 minutes"
    assert raw_text(_measured("% satisfied", 50, 100), 72) == "72 % satisfied"
    assert raw_text(_measured("£k (present value)", -1500, 3000), 303, bare=True) == "£303k"
    labels = CriterionScale("c", "labels", labels={"High": 3, "Medium": 2, "Low": 1}, low=1, high=3, value_low=1, value_high=3)
    assert raw_text(labels, 2) == "Medium"


def test_ranges_are_worded_from_the_worst_to_the_best() -> None:
    assert range_words(_measured("£k a year", 0, 200)) == "from £0 to £200k a year"
    assert range_words(_measured("minutes", 20, 60, "lower")) == "from 60 to 20 minutes"
    labels = CriterionScale("c", "labels", labels={"High": 3, "Medium": 2, "Low": 1})
    assert range_words(labels) == "from Low to High"


def test_value_function_takeaway_says_where_a_gain_counts_for_less() -> None:
    bent = _measured("£k a year", 0, 300, points=((0, 0), (200, 80), (300, 100)))
    assert value_function_takeaway(bent, "Saving") == (
        "Above £200k a year each further gain in Saving counts for less (the value function flattens).")
    steep = _measured("minutes", 20, 60, "lower", points=((20, 100), (30, 50), (60, 0)))
    assert value_function_takeaway(steep, "Time").startswith("Below 30 minutes each further gain in Time counts for more")
    assert "straight line" in value_function_takeaway(_measured("minutes", 20, 60, "lower"), "Time")


def test_raw_for_value_inverts_the_value_function() -> None:
    bent = _measured("£k a year", 0, 300, points=((0, 0), (200, 80), (300, 100)))
    for raw in (0.0, 50.0, 200.0, 260.0, 300.0):
        assert raw_for_value(bent, bent.value(raw)) == pytest.approx(raw)
    lower = _measured("minutes", 20, 60, "lower")
    assert raw_for_value(lower, 75.0) == pytest.approx(30.0)
    assert raw_for_value(lower, 120.0) is None


def test_value_function_chart_draws_the_line_and_every_option(measured_mapping: dict[str, Any]) -> None:
    case = case_from_mapping(measured_mapping, "m")
    ap = Appraisal(case)
    chart = value_function_chart(ap, 0)
    line, *markers = chart.figure.data
    assert list(line.x) == [0, 200, 300] and list(line.y) == [0, 80, 100]
    assert [m.x[0] for m in markers] == [0, 250, 120]
    assert [m.y[0] for m in markers] == pytest.approx([0, 90, 48])
    assert chart.title and chart.takeaway.startswith("Above £200k a year")
    assert list(chart.table.iloc[:, 1]) == ["£0 a year", "£250k a year", "£120k a year"]
    assert list(chart.table.iloc[:, 2]) == ["0", "90", "48"]


def test_scores_figures_show_raw_values_with_units(measured_mapping: dict[str, Any]) -> None:
    case = case_from_mapping(measured_mapping, "m")
    frame = ratings_frame(case)
    assert list(frame.iloc[1]) == ["£250k a year", "High", "55 minutes"]
    chart = ratings_heatmap(case)
    z = np.array(chart.figure.data[0].z)   # criteria down the side, shares of each range
    assert z.min() >= 0 and z.max() <= 1
    assert "measured" in chart.takeaway


def test_label_cases_keep_todays_figures(sample_case) -> None:  # noqa: ANN001
    chart = ratings_heatmap(sample_case)
    assert chart.title == "Consensus ratings by option and criterion"
    assert "cells rated High" in chart.takeaway or "cell rated High" in chart.takeaway


def test_mixed_value_ranges_get_a_plain_warning(measured_mapping: dict[str, Any]) -> None:
    ap = Appraisal(case_from_mapping(measured_mapping, "m"))
    text = mixed_ranges_warning(ap, ["place"])
    assert text is not None and "0–100" in text and "1–3" in text and "Place leadership" in text
    assert mixed_ranges_warning(ap, []) is None


def test_the_narrative_names_raw_values_with_units(measured_mapping: dict[str, Any]) -> None:
    case = case_from_mapping(measured_mapping, "m")
    ap = Appraisal(case)
    w = ap.W[0]
    option = ap.option_ids.index("alone")
    sc = scrutinise(ap, w, option, "North's weights")
    text = scrutiny_paragraph(sc, ap.option_names, ap.criterion_names, ap.status_quo_index, appraisal=ap)
    leader = ap.option_names[sc.compare_to]
    assert leader == "Shared service"
    assert "£250k a year against £120k" in text      # the leader's gain on finance, in £
    assert "40 against 55 minutes" in text            # its own gain on travel time, in minutes
    # Without the arrays the sentence reads as before (label cases, existing callers).
    plain = scrutiny_paragraph(sc, ap.option_names, ap.criterion_names, ap.status_quo_index)
    assert "£" not in plain
    table = rating_switch_table(sc, ap.criterion_names, ap.S[option], ap)
    assert list(table["Measured now"]) == ["£120k a year", "", "40 minutes"]
    gap = gap_to_leader_chart(ap, w, option)
    assert "£" in gap.takeaway and "Alone measured" not in gap.table.columns
    assert "Stand alone measured" in gap.table.columns


def test_rating_switching_values_for_a_measured_criterion_name_the_raw_value(measured_mapping: dict[str, Any]) -> None:
    case = case_from_mapping(measured_mapping, "m")
    ap = Appraisal(case)
    option = ap.option_ids.index("as_is")
    sc = scrutinise(ap, ap.W[0], option)
    text = " ".join(scrutiny_paragraph(sc, ap.option_names, ap.criterion_names, appraisal=ap).split())
    j = ap.criterion_ids.index("finance")
    target = raw_for_value(ap.scales[j], float(ap.S[option, j] + sc.rating_switch[j]))
    assert target is not None
    assert f"Financial sustainability (from £0 a year to {raw_text(ap.scales[j], target)})" in text


def test_swing_questions_use_each_criterion_s_stated_range(measured_mapping: dict[str, Any], sample_case) -> None:  # noqa: ANN001
    case = case_from_mapping(measured_mapping, "m")
    assert elicitation.swing_prompt(case, "finance", "risk") == (
        "Financial sustainability: its swing from £0 to £300k a year, compared with the swing from 60 to 20 minutes "
        "in Deliverability (100)")
    assert elicitation.swing_prompt(case, "place", "finance").startswith("Place leadership: its swing from Low to High, compared")
    assert elicitation.swing_choice(case, "risk") == "Deliverability (from 60 to 20 minutes)"
    # Label cases keep today's words.
    assert elicitation.swing_question(sample_case) == "Which swing, from Low to High, matters most?"
    assert elicitation.swing_prompt(sample_case, "finance", "place").endswith(": its swing from Low to High, against 100")


def test_the_waste_case_reads_in_units(waste) -> None:  # noqa: ANN001
    ap = Appraisal(waste)
    for j, scale in enumerate(ap.scales):
        if scale.measured:
            chart = value_function_chart(ap, j)
            assert chart.takeaway and chart.title
    sc = scrutinise(ap, ap.W[0], ap.status_quo_index)
    text = scrutiny_paragraph(sc, ap.option_names, ap.criterion_names, ap.status_quo_index, appraisal=ap)
    assert "£" in text and "minutes" in text
