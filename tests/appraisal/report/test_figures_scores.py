"""The Scores figures and tables come straight from the case's ratings (the page itself: tests/views/test_scores.py)."""

from __future__ import annotations

import numpy as np

from appraisal import fmt
from appraisal.case.ratings import resolve_cells
from appraisal.report.figures.scores import assessor_frame, disagreement_heatmap, ratings_frame, ratings_heatmap


def test_ratings_frame_matches_the_file(sample_case) -> None:  # noqa: ANN001
    frame = ratings_frame(sample_case)
    for o in sample_case.options:
        row = frame.loc[o.name + (" (business as usual)" if o.status_quo else "")]
        assert list(row) == [sample_case.scores[o.id][c.id] for c in sample_case.criteria]


def test_disagreement_is_max_minus_min_of_the_assessors(sample_case) -> None:  # noqa: ANN001
    chart = disagreement_heatmap(sample_case)
    cells = resolve_cells(sample_case)
    z = chart.figure.data[0].z
    for i, o in enumerate(sample_case.options):
        for j, c in enumerate(sample_case.criteria):
            values = [sample_case.scale[a[o.id][c.id]] for a in sample_case.assessments.values()]
            assert z[j][i] == max(values) - min(values) == cells[o.id, c.id].disagreement  # criteria down the side
    assert "agreed on" in chart.takeaway
    # Its table: a criterion a row, an option a column.
    assert list(chart.table.columns) == ["Criterion"] + [fmt.option_display(o.name, o.status_quo) for o in sample_case.options]
    assert list(chart.table["Criterion"]) == [c.name for c in sample_case.criteria]
    assert list(chart.table.iloc[:, 1]) == [fmt.number(v) for v in np.array(z)[:, 0]]


def test_heatmap_and_assessor_table(sample_case) -> None:  # noqa: ANN001
    chart = ratings_heatmap(sample_case)
    assert chart.figure.layout.title.text.startswith("Consensus ratings")
    first = sample_case.options[0]
    assert list(chart.table.columns)[:2] == ["Criterion", first.name + (" (business as usual)" if first.status_quo else "")]
    assert list(chart.table.iloc[:, 1]) == [sample_case.scores[first.id][c.id] for c in sample_case.criteria]
    table = assessor_frame(sample_case, "as_is")
    assert list(table.columns)[-1] == "Consensus used"
    assert len(table) == len(sample_case.criteria)


def test_measured_disagreement_is_in_value_points_with_the_raw_spread_beside_it() -> None:
    """Two assessors 10 minutes apart on a 10–60 minute lower-is-better range are 20 value points apart;
    on deliverability (70 points over 0–5, 30 over 5–10) 4 → 6 is 76 − 56 = 20 points; a label cell keeps its numbers."""
    from appraisal.case.scales import scale_for
    from appraisal.formats.load import load_case
    from appraisal.formats.mapping import case_from_mapping, case_to_mapping
    from tests.conftest import ROOT

    data = case_to_mapping(load_case(ROOT / "data" / "waste_collection_options.yaml"))
    data["assessors"] = [{"id": "a", "name": "Assessor A"}, {"id": "b", "name": "Assessor B"}]
    data["assessments"] = {
        "a": {"as_is": {"round_minutes": 30, "deliverability": 4, "workforce": "High"}},
        "b": {"as_is": {"round_minutes": 40, "deliverability": 6, "workforce": "Low"}},
    }
    case = case_from_mapping(data, "waste case with assessors")
    chart = disagreement_heatmap(case)
    assert "value points" in chart.title
    z = np.array(chart.figure.data[0].z)  # criteria down the side, options across
    j = {c.id: k for k, c in enumerate(case.criteria)}
    dv = scale_for(case, "deliverability")
    assert z[j["round_minutes"], 0] == 20.0
    assert z[j["deliverability"], 0] == dv.value(6.0) - dv.value(4.0) == 20.0
    assert z[j["workforce"], 0] == 100.0  # High 100 − Low 0 on the case's label scale
    assert z[j["saving_npv"], 0] == 0.0 and (z[:, 1:] == 0).all()
    column = dict(zip(chart.table["Criterion"], chart.table.iloc[:, 1]))
    assert column["Average round travel time"] == "20 (10 minutes)"
    assert column["Workforce impact"] == "100"
    # The widest split is named in value points, with its raw spread.
    assert "(100 value points apart)" in chart.takeaway
    assert chart.takeaway.startswith(f"The assessors agreed on {z.size - 3} of {z.size} cells")
    hover = np.array(chart.figure.data[0].customdata)
    assert hover[j["round_minutes"], 0] == "20 (10 minutes) value points"
