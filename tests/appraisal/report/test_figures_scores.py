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
