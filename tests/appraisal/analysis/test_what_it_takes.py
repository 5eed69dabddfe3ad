"""Minimum weight change (LP): no random feasible weighting is closer, and its weights really work."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.what_it_takes import what_it_takes
from appraisal.report.scrutiny import what_it_takes_sentence

DEFAULT_OPTIONS = ["option 1", "option 2", "option 3"]
DEFAULT_CRITERIA = ["criterion 1", "criterion 2", "criterion 3"]


def first(S: np.ndarray, W: np.ndarray, option: int, beat: list[int] | None = None) -> np.ndarray:
    """Rows of W (normalised weights) under which ``option`` ranks 1st among itself and ``beat``."""
    idx = [option, *(beat if beat is not None else [i for i in range(S.shape[0]) if i != option])]
    return competition_ranks(totals(S[idx], W))[:, 0] == 1


@pytest.mark.parametrize("seed", range(6))
def test_lp_distance_no_larger_than_random_feasible_weightings(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 5, 6
    S = rng.integers(1, 4, (n, m)).astype(float)
    w_hat = normalise(rng.random(m))
    W = np.vstack([rng.dirichlet(np.ones(m), 6000), rng.dirichlet(np.full(m, 0.3), 6000)])
    for option in range(n):
        result = what_it_takes(S, w_hat, option)
        ok = first(S, W, option)
        if not result.feasible:
            assert not ok.any(), "a random weighting put an 'infeasible' option first"
            continue
        assert result.weights is not None and result.distance is not None
        assert result.weights.sum() == pytest.approx(1) and (result.weights >= 0).all()
        assert first(S, result.weights[None, :], option)[0], "the LP's weights must rank the option first"
        assert result.distance == pytest.approx(np.abs(result.weights - w_hat).sum())
        if ok.any():
            assert result.distance <= np.abs(W[ok] - w_hat).sum(axis=1).min() + 1e-9


def test_beat_a_named_option_only() -> None:
    S = np.array([[3.0, 3.0, 1.0], [2.0, 1.0, 3.0], [1.0, 2.0, 3.0]])
    w_hat = normalise(np.array([2.0, 2.0, 1.0]))
    result = what_it_takes(S, w_hat, 2, beat=[1])
    assert result.feasible and result.weights is not None
    t = totals(S, result.weights)
    assert t[2] >= t[1] - 1e-12
    assert "above option 2" in what_it_takes_sentence(result, DEFAULT_OPTIONS, DEFAULT_CRITERIA)
    # Beating option 1 too needs more change.
    assert what_it_takes(S, w_hat, 2).distance >= result.distance


def test_dominated_options_are_infeasible_with_the_reason() -> None:
    S = np.array([[3.0, 3.0, 2.0], [2.0, 2.0, 1.0], [1.0, 3.0, 3.0]])
    result = what_it_takes(S, normalise(np.ones(3)), 1)
    explanation = what_it_takes_sentence(result, ["Alpha", "Beta", "Gamma"], ["A", "B", "C"])
    assert not result.feasible and result.distance is None and result.weights is None
    assert result.blockers == (0,) and not result.mix
    assert "No weighting can rank Beta first" in explanation and "Alpha" in explanation


def test_weakly_dominated_option_can_only_tie() -> None:
    S = np.array([[3.0, 2.0], [2.0, 2.0]])
    result = what_it_takes(S, np.array([0.5, 0.5]), 1)
    assert result.feasible and result.tie_only and result.weights == pytest.approx([0.0, 1.0])
    assert "only share first place" in what_it_takes_sentence(result, ["Alpha", "Beta"], ["criterion 1", "criterion 2"])


def test_infeasible_by_a_mix_of_options() -> None:
    S = np.array([[3.0, 1.0], [1.0, 3.0], [1.9, 1.9]])
    result = what_it_takes(S, np.array([0.5, 0.5]), 2)
    assert not result.feasible and result.mix and set(result.blockers) == {0, 1}
    W = np.random.default_rng(0).dirichlet(np.ones(2), 5000)
    assert not first(S, W, 2).any()


def test_already_first_needs_no_change(sample_case) -> None:
    a = Appraisal(sample_case)
    leader = int(np.argmin(a.all_ranks[0]))
    result = what_it_takes(a.S, normalise(a.W[0]), leader)
    assert result.already and result.distance == 0
    assert "already ranks first" in what_it_takes_sentence(result, a.option_names, a.criterion_names)


def test_status_quo_on_sample_case(sample_case) -> None:
    a = Appraisal(sample_case)
    result = what_it_takes(a.S, normalise(a.W[0]), a.status_quo_index)
    assert result.feasible and 0 < result.distance <= 2
    assert "Deliverability and risk up" in what_it_takes_sentence(result, a.option_names, a.criterion_names)
