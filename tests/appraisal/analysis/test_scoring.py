"""The scoring engine: totals, % of maximum, competition ranks and contributions, with invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from appraisal.analysis.scoring import Appraisal, competition_ranks, contributions, normalise, percent_of_max, totals
from appraisal.formats.mapping import case_from_mapping

LEVELS = st.sampled_from([1.0, 2.0, 3.0])


@st.composite
def problems(draw):  # noqa: ANN201 - hypothesis strategy
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 8))
    scores = draw(arrays(np.float64, (n, m), elements=LEVELS))
    weights = draw(arrays(np.float64, (m,), elements=st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 2))))
    if weights.sum() == 0:
        weights[0] = 1.0
    return scores, weights


def loop_totals(scores: np.ndarray, weights: np.ndarray) -> list[float]:
    return [sum(scores[i, j] * weights[j] for j in range(scores.shape[1])) for i in range(scores.shape[0])]


def loop_ranks(total: list[float]) -> list[int]:
    return [1 + sum(other > t + 1e-9 * max(map(abs, total)) for other in total) for t in total]


@given(problems())
def test_totals_and_ranks_equal_a_plain_loop(problem) -> None:  # noqa: ANN001
    scores, weights = problem
    assert totals(scores, weights) == pytest.approx(loop_totals(scores, weights))
    assert competition_ranks(totals(scores, weights)).tolist() == loop_ranks(loop_totals(scores, weights))


@given(problems(), st.floats(0.01, 1000))
def test_scaling_all_weights_never_changes_ranks(problem, factor: float) -> None:  # noqa: ANN001
    scores, weights = problem
    assert (competition_ranks(totals(scores, weights)) == competition_ranks(totals(scores, weights * factor))).all()


@given(problems())
def test_a_dominating_option_never_ranks_below(problem) -> None:  # noqa: ANN001
    scores, weights = problem
    ranks = competition_ranks(totals(scores, weights))
    for a in range(len(scores)):
        for b in range(len(scores)):
            if (scores[a] >= scores[b]).all() and (scores[a] > scores[b]).any():
                assert ranks[a] <= ranks[b]


@given(problems())
def test_contributions_sum_to_totals_and_percent_is_bounded(problem) -> None:  # noqa: ANN001
    scores, weights = problem
    assert contributions(scores, weights).sum(axis=1) == pytest.approx(totals(scores, weights))
    pct = percent_of_max(totals(scores, weights), weights, 3.0)
    assert ((pct >= 100 / 3 - 1e-9) & (pct <= 100 + 1e-9)).all()


@given(problems())
@settings(max_examples=50)
def test_removing_an_option_never_reorders_the_others(problem) -> None:  # noqa: ANN001
    """Fixed rating anchors: no rank reversal when an option is added or removed."""
    scores, weights = problem
    full = competition_ranks(totals(scores, weights))
    for drop in range(len(scores)):
        keep = [i for i in range(len(scores)) if i != drop]
        part = competition_ranks(totals(scores[keep], weights))
        for x in range(len(keep)):
            for y in range(len(keep)):
                assert (full[keep[x]] < full[keep[y]]) == (part[x] < part[y])


def test_competition_ranks_share_ties_and_many_rows_at_once() -> None:
    assert competition_ranks(np.array([5.0, 7.0, 7.0, 1.0])).tolist() == [3, 1, 1, 4]
    assert competition_ranks(np.array([0.1 + 0.2, 0.3])).tolist() == [1, 1]
    many = competition_ranks(np.array([[1.0, 2.0, 3.0], [3.0, 3.0, 1.0]]))
    assert many.tolist() == [[3, 2, 1], [1, 1, 3]]


def test_normalise() -> None:
    assert normalise(np.array([1.0, 3.0])).tolist() == [0.25, 0.75]
    assert normalise(np.array([[2.0, 2.0], [1.0, 0.0]])).tolist() == [[0.5, 0.5], [1.0, 0.0]]


def test_appraisal_reproduces_published_units(minimal: dict) -> None:
    a = Appraisal(case_from_mapping(minimal, "case.yaml"))
    # North cabinet: finance 3, place 2, risk 1. Shared: High, High, Low → 3·3 + 3·2 + 1·1 = 16 of 18;
    # As is: 1·3 + 2·2 + 3·1 = 10 and Stand alone: 2·3 + 1·2 + 2·1 = 10 share 2nd (case order breaks the tie).
    results = a.results(a.weights_of("north_cabinet"))
    assert [(r.option, r.total, r.rank_label) for r in results] == [("shared", 16.0, "1"), ("as_is", 10.0, "=2"), ("alone", 10.0, "=2")]
    assert results[0].percent_of_max == pytest.approx(100 * 16 / 18)
    assert results[1].status_quo
    assert a.all_totals.shape == (2, 3)
    assert a.all_ranks[1].tolist() == competition_ranks(totals(a.S, a.weights_of("south_cabinet"))).tolist()


def test_scale_override_changes_numbers_not_labels(minimal: dict) -> None:
    case = case_from_mapping(minimal, "case.yaml")
    a = Appraisal(case, {"High": 9.0, "Medium": 3.0, "Low": 1.0})
    assert a.S[1].tolist() == [9.0, 9.0, 1.0]
    assert a.max_score == 9.0
    assert case.scale["High"] == 3.0


def test_tied_results_show_equals(minimal: dict) -> None:
    minimal["scores"]["alone"] = dict(minimal["scores"]["shared"])
    a = Appraisal(case_from_mapping(minimal, "case.yaml"))
    labels = {r.option: r.rank_label for r in a.results(a.weights_of("north_cabinet"))}
    assert labels == {"shared": "=1", "alone": "=1", "as_is": "3"}
    # Both share the lead, in case order, and scaling the weights keeps the tie.
    w = a.weights_of("north_cabinet")
    assert [a.option_ids[i] for i in a.leaders(w)] == [o for o in a.option_ids if labels[o] == "=1"]
    assert len(a.leaders(w * 3)) == 2


def test_assessors_consensus_is_the_lower_median(minimal: dict) -> None:
    minimal["scores"]["alone"].pop("place")
    minimal["assessments"] = {
        "d1": {"alone": {"place": "High"}},
        "d2": {"alone": {"place": "Low"}},
        "d3": {"alone": {"place": "Medium"}},
        "d4": {"alone": {"place": "High"}},
    }
    from appraisal.case.ratings import resolve_cells

    case = case_from_mapping(minimal, "case.yaml")
    cell = resolve_cells(case)["alone", "place"]
    assert (cell.value, cell.published, cell.tie, cell.disagreement) == (2.0, False, True, 2.0)
    assert Appraisal(case).S[2, 1] == 2.0
