"""One-way sensitivity: exact stability intervals agree with a fine grid search; dominance; variants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import (
    by_fragility,
    dominance,
    is_affine,
    leave_one_out_ranks,
    scale_variants,
    stability_intervals,
    strict_dominance,
    sweep,
    weight_set_ranks,
    weights_at,
)

GRID = 4001


def grid_interval(S: np.ndarray, w_hat: np.ndarray, k: int, what: str) -> tuple[float, float]:
    """The run of grid points around today's weight where the leaders (or all ranks) stay as now."""
    t0 = float(w_hat[k])
    grid = np.union1d(np.linspace(0, 1, GRID), [t0])
    ranks = competition_ranks(totals(S, weights_at(w_hat, k, grid)))
    now = ranks[np.searchsorted(grid, t0)]
    same = (ranks == 1) == (now == 1) if what == "top" else ranks == now
    same = same.all(axis=1)
    i0 = int(np.searchsorted(grid, t0))
    lo = hi = i0
    while lo > 0 and same[lo - 1]:
        lo -= 1
    while hi < grid.size - 1 and same[hi + 1]:
        hi += 1
    return float(grid[lo]), float(grid[hi])


scores = st.integers(2, 5).flatmap(
    lambda n: st.integers(2, 5).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.sampled_from([1.0, 2.0, 3.0]), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(lambda w: sum(w) > 0),
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(scores)
def test_intervals_equal_fine_grid_search(data) -> None:
    S = np.array(data[0])
    w_hat = normalise(np.array(data[1], dtype=float))
    step = 1.0 / (GRID - 1)
    for iv in stability_intervals(S, w_hat):
        assert iv.top_unchanged[0] <= iv.weight <= iv.top_unchanged[1]
        assert iv.order_unchanged[0] <= iv.weight <= iv.order_unchanged[1]
        assert iv.top_unchanged[0] <= iv.order_unchanged[0] and iv.order_unchanged[1] <= iv.top_unchanged[1]
        for what, exact in (("top", iv.top_unchanged), ("order", iv.order_unchanged)):
            found = grid_interval(S, w_hat, iv.criterion, what)
            # The grid sees the open band (the ends are ties), so it lies inside within one step.
            assert exact[0] - 1e-9 <= found[0] <= exact[0] + step + 1e-9 or found[0] == pytest.approx(iv.weight)
            assert exact[1] - step - 1e-9 <= found[1] <= exact[1] + 1e-9 or found[1] == pytest.approx(iv.weight)


def test_crossovers_are_ties_and_upper_overtakes() -> None:
    rng = np.random.default_rng(3)
    S = rng.integers(1, 4, (6, 5)).astype(float)
    w_hat = normalise(rng.random(5))
    for iv in stability_intervals(S, w_hat):
        for c in iv.crossovers:
            at = totals(S, weights_at(w_hat, iv.criterion, c.t))
            assert at[c.upper] == pytest.approx(at[c.lower], abs=1e-9)
            after = totals(S, weights_at(w_hat, iv.criterion, min(c.t + 1e-3, 1.0)))
            before = totals(S, weights_at(w_hat, iv.criterion, max(c.t - 1e-3, 0.0)))
            assert after[c.upper] - after[c.lower] >= before[c.upper] - before[c.lower]
        assert [c.t for c in iv.crossovers] == sorted(c.t for c in iv.crossovers)


def test_worked_example_switching_value() -> None:
    # Two options, two criteria: A = (3, 1), B = (1, 3). With ŵ = (0.7, 0.3), A leads 2.4 to 1.6;
    # the leader changes exactly where the weight of criterion 0 falls to 0.5.
    S = np.array([[3.0, 1.0], [1.0, 3.0]])
    iv = stability_intervals(S, np.array([0.7, 0.3]))
    assert iv[0].top_unchanged == pytest.approx((0.5, 1.0))
    assert iv[1].top_unchanged == pytest.approx((0.0, 0.5))
    assert iv[0].crossovers[0].t == pytest.approx(0.5)
    assert (iv[0].crossovers[0].upper, iv[0].crossovers[0].lower) == (0, 1)


def test_tied_leaders_give_a_point_band() -> None:
    S = np.array([[3.0, 1.0], [1.0, 3.0], [1.0, 1.0]])
    iv = stability_intervals(S, np.array([0.5, 0.5]))
    assert iv[0].top_unchanged == pytest.approx((0.5, 0.5))


def test_all_weight_on_one_criterion_others_share_equally() -> None:
    S = np.array([[3.0, 1.0, 1.0], [2.0, 3.0, 3.0]])
    w = weights_at(np.array([1.0, 0.0, 0.0]), 0, 0.4)
    assert w == pytest.approx([0.4, 0.3, 0.3])
    iv = stability_intervals(S, np.array([1.0, 0.0, 0.0]))
    # A: 1 + 2t, B: 3 − t → equal at t = 2/3.
    assert iv[0].top_unchanged == pytest.approx((2 / 3, 1.0))


def test_sweep_is_the_lines_the_intervals_come_from() -> None:
    S = np.array([[3.0, 1.0], [1.0, 3.0]])
    sw = sweep(S, np.array([0.7, 0.3]), 0, points=11)
    assert sw.t[0] == 0 and sw.t[-1] == 1
    assert sw.totals[5] == pytest.approx([2.0, 2.0])
    assert sw.totals[10] == pytest.approx([3.0, 1.0])


def test_by_fragility_puts_smallest_margin_first() -> None:
    S = np.array([[3.0, 1.0, 2.0], [1.0, 3.0, 2.0]])
    ordered = by_fragility(stability_intervals(S, np.array([0.45, 0.35, 0.2])))
    margins = [iv.top_margin for iv in ordered]
    assert margins == sorted(margins)


def test_dominance() -> None:
    S = np.array([[3.0, 3.0], [2.0, 3.0], [1.0, 1.0], [3.0, 1.0]])
    D = dominance(S)
    assert D[0, 1] and D[0, 2] and D[1, 2] and D[0, 3] and D[3, 2]
    assert not D[1, 0] and not D[1, 3] and not D[3, 1] and not D.diagonal().any()
    strict = strict_dominance(S)
    assert strict[0, 2] and not strict[0, 1]


@settings(max_examples=40, deadline=None)
@given(scores)
def test_dominated_option_never_ranks_above_its_dominator(data) -> None:
    S = np.array(data[0])
    D = dominance(S)
    rng = np.random.default_rng(1)
    T = totals(S, rng.dirichlet(np.ones(S.shape[1]), 200))
    for a, b in zip(*np.nonzero(D)):
        assert (T[:, a] >= T[:, b] - 1e-12).all()


def test_leave_one_out(sample_case) -> None:
    a = Appraisal(sample_case)
    loo = leave_one_out_ranks(a.S, a.W[0])
    assert loo.shape == (a.n_criteria, a.n_options)
    for j in range(a.n_criteria):
        w = a.W[0].copy()
        w[j] = 0
        assert (loo[j] == competition_ranks(totals(a.S, w))).all()
    only_one = leave_one_out_ranks(a.S, np.array([1.0] + [0.0] * (a.n_criteria - 1)))
    assert np.isnan(only_one[0]).all()


def test_affine_scales_flagged_and_cannot_change_ranks(sample_case) -> None:
    assert is_affine((1, 0.5, 0), (3, 2, 1))
    assert is_affine((5, 3, 1), (3, 2, 1))
    assert not is_affine((9, 3, 1), (3, 2, 1))
    assert not is_affine((1, 2, 3), (3, 2, 1))
    a = Appraisal(sample_case)
    variants = {v.name: v for v in scale_variants(a, a.W[0], custom=(4, 2, 0))}
    assert variants["1/0.5/0"].affine and not variants["1/0.5/0"].changes_ranks
    assert not variants["9/3/1"].affine
    assert "Custom (4/2/0)" in variants
    for v in variants.values():
        expected = competition_ranks(totals(Appraisal(sample_case, dict(zip(a.scale, v.values))).S, a.W[0]))
        assert (v.ranks == expected).all()


def test_weight_set_ranks_match_scoring(sample_case) -> None:
    a = Appraisal(sample_case)
    assert (weight_set_ranks(a.S, a.W) == a.all_ranks).all()


def test_rating_switching_values_close_the_gap_exactly() -> None:
    from appraisal.analysis.scrutiny import rating_switching_values

    S = np.array([[3.0, 1.0, 2.0], [2.0, 2.0, 2.0], [1.0, 1.0, 1.0]])
    w = np.array([2.0, 1.0, 0.0])
    need = rating_switching_values(S, w, 1)
    t = totals(S, w)
    assert need[0] == pytest.approx((t[0] - t[1]) / 2) and need[1] == pytest.approx(t[0] - t[1]) and np.isinf(need[2])
    for j in (0, 1):
        raised = S.copy()
        raised[1, j] += need[j]
        assert competition_ranks(totals(raised, w))[1] == 1
    assert (rating_switching_values(S, w, 0) == 0).all()
