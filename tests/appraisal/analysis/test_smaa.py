"""SMAA: symmetric cases give 1/n per rank, seeds reproduce, modes respect their constraints."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise
from appraisal.analysis.smaa import sample_weights, smaa


def test_symmetric_case_gives_one_over_n_per_rank() -> None:
    # Each option is best on "its own" criterion, the same elsewhere: a cyclic, symmetric case.
    n = 4
    S = np.ones((n, n)) + 2 * np.eye(n)
    N = 20_000
    result = smaa(S, n_samples=N, seed=7)
    se = np.sqrt((1 / n) * (1 - 1 / n) / N)
    assert np.abs(result.acceptability - 1 / n).max() < 5 * se
    assert result.acceptability.sum(axis=1) == pytest.approx(np.ones(n))
    # Central weights lean on each option's own criterion; confidence is 1 without rating noise.
    assert (np.argmax(result.central_weights, axis=1) == np.arange(n)).all()
    assert result.confidence == pytest.approx(np.ones(n))


def test_same_seed_same_figures_other_seed_differs() -> None:
    rng = np.random.default_rng(0)
    S = rng.integers(1, 4, (5, 6)).astype(float)
    a, b = smaa(S, 3000, seed=11), smaa(S, 3000, seed=11)
    assert np.array_equal(a.acceptability, b.acceptability)
    assert np.array_equal(a.central_weights, b.central_weights, equal_nan=True)
    c = smaa(S, 3000, seed=12)
    assert not np.array_equal(a.acceptability, c.acceptability)
    flips = smaa(S, 2000, seed=5, rating_flip_p=0.3, scale_values=[3, 2, 1])
    assert np.array_equal(flips.acceptability, smaa(S, 2000, seed=5, rating_flip_p=0.3, scale_values=[3, 2, 1]).acceptability)


def test_ties_share_the_better_rank() -> None:
    S = np.array([[2.0, 2.0], [2.0, 2.0], [1.0, 1.0]])
    result = smaa(S, 500, seed=1)
    assert result.acceptability[0, 0] == 1 and result.acceptability[1, 0] == 1
    assert result.acceptability[2, 2] == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0]), min_size=5, max_size=5), min_size=1, max_size=30))
def test_vectorised_ranks_equal_row_by_row_ranks(rows) -> None:
    T = np.array(rows)
    assert (competition_ranks(T) == np.array([competition_ranks(row) for row in T])).all()


def test_dominated_option_never_first() -> None:
    S = np.array([[3.0, 3.0, 2.0], [2.0, 1.0, 1.0], [1.0, 3.0, 3.0]])
    result = smaa(S, 4000)
    assert result.acceptability[1, 0] == 0
    assert np.isnan(result.central_weights[1]).all() and np.isnan(result.confidence[1])


def test_spread_mode_stays_within_band() -> None:
    base = np.array([3.0, 2.0, 1.0])
    W = sample_weights(3, 5000, np.random.default_rng(0), base_weights=base, spread=0.2)
    assert W.sum(axis=1) == pytest.approx(np.ones(5000))
    raw_low, raw_high = base * 0.8, base * 1.2
    # After renormalising, each weight is bounded by its extreme-case shares.
    assert (W[:, 0] >= raw_low[0] / (raw_low[0] + raw_high[1:].sum()) - 1e-12).all()
    assert (W[:, 0] <= raw_high[0] / (raw_high[0] + raw_low[1:].sum()) + 1e-12).all()
    zero_spread = sample_weights(3, 10, np.random.default_rng(0), base_weights=base, spread=0.0)
    assert zero_spread == pytest.approx(np.tile(normalise(base), (10, 1)))


def test_order_mode_respects_the_weight_order() -> None:
    ref = np.array([2.0, 3.0, 1.0, 3.0])
    W = sample_weights(4, 3000, np.random.default_rng(2), order_of=ref)
    assert W.sum(axis=1) == pytest.approx(np.ones(3000))
    assert (W[:, 1] >= W[:, 0]).all() and (W[:, 0] >= W[:, 2]).all()
    assert W[:, 1] == pytest.approx(W[:, 3])


def test_rating_flips_change_figures_and_zero_is_deterministic() -> None:
    S = np.array([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0]])
    plain = smaa(S, 3000, seed=3)
    noisy = smaa(S, 3000, seed=3, rating_flip_p=0.5, scale_values=[3, 2, 1])
    assert not np.array_equal(plain.acceptability, noisy.acceptability)
    assert noisy.acceptability.sum(axis=1) == pytest.approx(np.ones(3))
    assert ((noisy.confidence >= 0) & (noisy.confidence <= 1) | np.isnan(noisy.confidence)).all()
    with pytest.raises(ValueError):
        smaa(S, 10, rating_flip_p=0.1)


def test_sample_case_runs(sample_case) -> None:
    a = Appraisal(sample_case)
    result = smaa(a.S, 2000, base_weights=a.W[0], spread=0.2)
    assert result.mode == "spread" and result.acceptability.shape == (4, 4)
