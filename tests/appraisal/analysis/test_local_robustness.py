"""Robustness near the weights in use (issue 19): SMAA within ± a share of each slider value."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.robustness import (
    MAX_LOCAL_SAMPLES,
    MIN_LOCAL_SAMPLES,
    local_robustness,
    local_samples,
)
from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from appraisal.analysis.smaa import sample_weights
from appraisal.report.robustness import local_note, local_sentence, local_table


def test_same_weights_same_figures(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    one, two = local_robustness(a.S, a.W[0]), local_robustness(a.S, a.W[0])
    assert np.array_equal(one.first_share, two.first_share)
    assert np.array_equal(one.total_low, two.total_low) and np.array_equal(one.worst_rank, two.worst_rank)


def test_matches_brute_force_over_the_same_weightings(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    w = a.W[1]
    got = local_robustness(a.S, w, 0.3, n_samples=6_000, seed=4)
    W = sample_weights(a.n_criteria, 6_000, np.random.default_rng(4), base_weights=w, spread=0.3)
    T = totals(a.S, W)                                  # (samples × options) on normalised weights
    ranks = competition_ranks(T)
    assert np.array_equal(got.first_share, (ranks == 1).mean(axis=0))
    assert np.array_equal(got.best_rank, ranks.min(axis=0)) and np.array_equal(got.worst_rank, ranks.max(axis=0))
    assert np.allclose(got.total_low, T.min(axis=0) * w.sum()) and np.allclose(got.total_high, T.max(axis=0) * w.sum())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 5.0), min_size=10, max_size=10).filter(lambda v: sum(v) > 0.5),
       st.sampled_from([0.05, 0.2, 0.5]))
def test_todays_rank_and_total_lie_inside_the_ranges(sample_case, weights, spread) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    w = np.array(weights)
    local = local_robustness(a.S, w, spread, n_samples=2_000)
    now = competition_ranks(totals(a.S, w))
    t = totals(a.S, w)
    assert (local.best_rank <= now).all() and (now <= local.worst_rank).all()
    assert (local.total_low <= t + 1e-9).all() and (t <= local.total_high + 1e-9).all()
    assert local.first_share.sum() >= 1 - 1e-12          # every weighting has at least one leader


def test_no_spread_means_no_doubt(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    local = local_robustness(a.S, a.W[0], 0.0, n_samples=MIN_LOCAL_SAMPLES)
    now = competition_ranks(totals(a.S, a.W[0]))
    assert np.array_equal(local.best_rank, now) and np.array_equal(local.worst_rank, now)
    assert local.first_share[int(np.argmin(now))] == 1


def test_sample_budget() -> None:
    assert local_samples(4, 10) == MAX_LOCAL_SAMPLES
    assert local_samples(500, 200) == MIN_LOCAL_SAMPLES
    assert MIN_LOCAL_SAMPLES <= local_samples(100, 60) <= MAX_LOCAL_SAMPLES


def test_words_and_table_come_from_the_figures(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    w = a.W[0]
    local = local_robustness(a.S, w)
    leader = a.leaders(w)[0]
    sentence = local_sentence(a, local, w)
    assert sentence.startswith(a.option_names[leader]) and "within ±20 % of these" in sentence
    table = local_table(a, local, w)
    assert list(table.columns) == ["Now", "Option", "First within ±20 %", "Rank range"]
    assert table["Option"].iloc[0].startswith(a.option_names[leader])
    assert f"{local.n_samples:,} weightings" in local_note(local) and "sampling error at most ±1 percentage point." in local_note(local)


@pytest.mark.parametrize("share, words", [(1.0, "every one of the"), (0.5, "50 %")])
def test_sentence_says_every_one_or_the_share(sample_case, share, words) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    w = a.W[0]
    local = local_robustness(a.S, w)
    leader = a.leaders(w)[0]
    shares = np.zeros(a.n_options)
    shares[leader] = share
    shares[(leader + 1) % a.n_options] = 1 - share
    fake = type(local)(local.spread, local.n_samples, shares, local.best_rank, local.worst_rank, local.total_low, local.total_high)
    assert words in local_sentence(a, fake, w)
