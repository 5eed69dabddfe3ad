"""Ties that are really ties: totals equal in exact arithmetic share a rank, in scoring and in SMAA.

Ranks used to come from rounding ``total / max|total|`` to multiples of 1e-9, so two totals equal
to within rounding could fall either side of a rounding boundary (issue 19's "tie straddle").
They are now decided by the gap between neighbouring sorted totals.
"""

from __future__ import annotations

import tracemalloc
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.scoring import TIE_TOLERANCE, Appraisal, competition_ranks, rank_label, totals
from appraisal.analysis.smaa import _CHUNK_SAMPLES, sample_weights, smaa
from appraisal.formats.load import load_case

STRADDLE = """\
format: options-appraisal/1
title: tie straddle
rating_scale: {High: 3, Medium: 2, Low: 1}
criteria: [{id: c0, name: C0}, {id: c1, name: C1}, {id: c2, name: C2}]
options: [{id: o_a, name: A}, {id: o_b, name: B}, {id: o_c, name: C}]
scores:
  o_a: {c0: 2.4999999928571426, c1: 3, c2: 3}
  o_b: {c0: 2.5, c1: 1.2, c2: 2.2}
  o_c: {c0: 2.7, c1: 1, c2: 2.2}
weight_sets: [{id: s, name: S, weights: {c0: 0.2, c1: 0.2, c2: 0.3}}]
"""


def test_the_tie_straddle_case_shares_second_place(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "straddle.yaml"
    path.write_text(STRADDLE)
    a = Appraisal(load_case(path))
    results = {r.name: r for r in a.results(a.weights_of("s"))}
    # B = 0.5 + 0.24 + 0.66 and C = 0.54 + 0.2 + 0.66: both exactly 7/5, though the floats differ.
    assert Fraction("2.5") * Fraction("0.2") + Fraction("1.2") * Fraction("0.2") + Fraction("2.2") * Fraction("0.3") == Fraction(7, 5)
    assert Fraction("2.7") * Fraction("0.2") + Fraction("1") * Fraction("0.2") + Fraction("2.2") * Fraction("0.3") == Fraction(7, 5)
    assert results["B"].total != results["C"].total          # the straddle: floats differ in the last bit
    assert results["B"].rank_label == results["C"].rank_label == "=2"
    assert results["A"].rank_label == "1"


# Exact ties built in rationals: option b = option a moved along a direction the weights cannot see
# (δ_j = x·w_k, δ_k = −x·w_j), so a·w = b·w exactly while the float totals may differ by rounding.
small = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(5), max_denominator=40)


@st.composite
def exact_tie(draw: st.DrawFn) -> tuple[list[list[Fraction]], list[Fraction]]:
    m = draw(st.integers(2, 6))
    w = [draw(small) for _ in range(m)]
    a = [draw(small) for _ in range(m)]
    j, k = draw(st.sampled_from([(p, q) for p in range(m) for q in range(m) if p != q]))
    x = draw(st.fractions(min_value=Fraction(-1, 2), max_value=Fraction(1, 2), max_denominator=30))
    b = list(a)
    b[j] += x * w[k]
    b[k] -= x * w[j]
    others = [[draw(small) for _ in range(m)] for _ in range(draw(st.integers(0, 3)))]
    return [a, b, *others], w


@settings(max_examples=300, deadline=None)
@given(exact_tie())
def test_totals_equal_in_exact_arithmetic_share_a_rank(case: tuple[list[list[Fraction]], list[Fraction]]) -> None:
    rows, w = case
    exact = [sum((s * wj for s, wj in zip(row, w)), Fraction(0)) for row in rows]
    assert exact[0] == exact[1]
    S = np.array([[float(v) for v in row] for row in rows])
    t = totals(S, np.array([float(v) for v in w]))
    ranks = competition_ranks(t)
    assert ranks[0] == ranks[1]
    # Every rank is 1 + the number of totals higher in exact arithmetic (no tie closer than 1e-6 here,
    # far beyond the tolerance, except the built-in one and any other exact equalities).
    scale = max(abs(float(v)) for v in exact)
    for i, ei in enumerate(exact):
        distinct_gaps = [abs(float(ei - ej)) for ej in exact if ej != ei]
        if all(g > 1e-6 * scale for g in distinct_gaps):
            assert ranks[i] == 1 + sum(ej > ei for ej in exact)
    # The same totals stacked as SMAA samples rank the same way.
    stacked = np.vstack([t, t[::-1]])
    assert (competition_ranks(stacked)[0] == ranks).all() and (competition_ranks(stacked)[1] == ranks[::-1]).all()


def test_a_run_of_near_ties_shares_the_first_rank_of_the_run() -> None:
    eps = TIE_TOLERANCE / 2
    t = np.array([1.0, 1.0 - eps, 1.0 - 2 * eps, 0.5, 0.5, 0.1])
    assert competition_ranks(t).tolist() == [1, 1, 1, 4, 4, 6]
    assert [rank_label(int(r), int((competition_ranks(t) == r).sum()) > 1) for r in competition_ranks(t)] == [
        "=1", "=1", "=1", "=4", "=4", "6"]


def test_all_zero_totals_tie_first() -> None:
    assert competition_ranks(np.zeros(4)).tolist() == [1, 1, 1, 1]


def _reference(S: np.ndarray, n_samples: int, seed: int, **mode: object) -> tuple[np.ndarray, np.ndarray]:
    """SMAA the plain way: every weight drawn at once, competition ranks of every sample, one product."""
    rng = np.random.default_rng(seed)
    W = sample_weights(S.shape[1], n_samples, rng, **mode)  # type: ignore[arg-type]
    ranks = competition_ranks(W @ S.T)
    n = S.shape[0]
    acceptability = np.stack([(ranks == r + 1).mean(axis=0) for r in range(n)], axis=1)
    first = ranks == 1
    with np.errstate(invalid="ignore"):
        central = (first.T.astype(float) @ W) / first.sum(axis=0)[:, None]
    return acceptability, central


@pytest.mark.parametrize("mode", ["uniform", "spread", "order"])
def test_chunked_smaa_gives_exactly_the_one_shot_figures(mode: str) -> None:
    rng = np.random.default_rng(5)
    S = rng.integers(1, 4, (6, 7)).astype(float)
    S[3] = S[1]                                   # identical rows: a tie in every sample
    base = np.array([3.0, 0.0, 2.0, 2.0, 1.0, 0.0, 4.0])   # zero weights: exact ties in spread mode
    kwargs: dict[str, object] = {}
    if mode == "spread":
        kwargs = {"base_weights": base, "spread": 0.3}
    elif mode == "order":
        kwargs = {"order_of": base}
    n_samples = 2 * _CHUNK_SAMPLES + 1234          # three chunks, the last a partial one
    got = smaa(S, n_samples, 11, **kwargs)        # type: ignore[arg-type]
    acceptability, central = _reference(S, n_samples, 11, **kwargs)
    assert np.array_equal(got.acceptability, acceptability)
    assert np.allclose(got.central_weights, central, rtol=1e-12, atol=1e-15, equal_nan=True)
    # The identical options always share their rank, so they come first equally often.
    assert got.first_rank[1] == got.first_rank[3]


def test_same_seed_same_figures() -> None:
    S = np.random.default_rng(2).integers(1, 4, (10, 20)).astype(float)
    one, two = smaa(S, 50_000, 3), smaa(S, 50_000, 3)
    assert np.array_equal(one.acceptability, two.acceptability)
    assert np.array_equal(one.central_weights, two.central_weights, equal_nan=True)


def test_memory_is_bounded_by_the_chunk_not_the_sample_count() -> None:
    """Peak memory (numpy reports to tracemalloc) at 200,000 samples stays near that at 2 chunks."""
    S = np.random.default_rng(2).integers(1, 4, (10, 20)).astype(float)

    def peak(n_samples: int) -> int:
        tracemalloc.start()
        smaa(S, n_samples, 0)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2 * _CHUNK_SAMPLES), peak(200_000)
    assert large < 1.5 * small
    assert large < 200_000 * 20 * 8          # less than the weights of every sample held at once
