"""The ranking chart tells things apart without colour alone: the status quo in words, criteria beyond ten by pattern.

Accessibility guards beside the source checks in tests/test_accessibility_static.py and the browser sweep.
"""

from __future__ import annotations


def test_status_quo_is_marked_in_words_not_colour_alone(sample_case) -> None:
    """The as-is option carries "(business as usual)" in the ranking chart's labels and its table."""
    from appraisal.analysis.scoring import Appraisal
    from appraisal.report.figures.ranking import ranking_chart

    appraisal = Appraisal(sample_case)
    chart = ranking_chart(appraisal, appraisal.weights_of(sample_case.weight_sets[0].id), sample_case.weight_sets[0].name)
    labels = [str(v) for trace in chart.figure.data for axis in ("x", "y") for v in (getattr(trace, axis) or [])]
    status_quo = sample_case.status_quo
    assert status_quo is not None
    assert any(status_quo.name in v and "business as usual" in v for v in labels), labels[:10]
    assert chart.table.astype(str).apply(lambda col: col.str.contains("business as usual")).any().any()


def test_criteria_beyond_ten_are_told_apart_by_pattern(minimal) -> None:  # noqa: ANN001
    """Ten colours, then patterns: with twelve criteria the 11th and 12th bars repeat the 1st and 2nd
    colours but carry a hatch, and the first ten carry none (an empty pattern still costs a redraw)."""
    from appraisal.analysis.scoring import Appraisal
    from appraisal.formats.mapping import case_from_mapping
    from appraisal.report.figures.ranking import ranking_chart

    criteria = [{"id": f"c{j}", "name": f"Criterion {j}"} for j in range(12)]
    minimal["criteria"] = criteria
    minimal["scores"] = {o["id"]: {c["id"]: "High" for c in criteria} for o in minimal["options"]}
    for ws in minimal["weight_sets"]:
        ws["weights"] = {c["id"]: 1 for c in criteria}
    appraisal = Appraisal(case_from_mapping(minimal))
    bars = [t for t in ranking_chart(appraisal, appraisal.W[0], "Equal").figure.data if t.type == "bar"]
    assert len(bars) == 12
    assert [b.marker.pattern.shape for b in bars] == [None] * 10 + ["/", "/"]
    assert [b.marker.color for b in bars[10:]] == [b.marker.color for b in bars[:2]]
    assert len({b.marker.color for b in bars[:10]}) == 10


def test_the_status_quo_mark_never_doubles_a_bracket() -> None:
    """Issue 18: "In-house (as now) (business as usual)"."""
    from appraisal import fmt

    assert fmt.option_display("As is", True) == "As is (business as usual)"
    assert fmt.option_display("In-house (as now)", True) == "In-house (as now) — business as usual"
    assert fmt.option_display("Carry on [as is]", True) == "Carry on [as is] — business as usual"
    assert fmt.option_display("Business as usual", True) == "Business as usual"
    assert fmt.option_display("In-house (as now)", False) == "In-house (as now)"
