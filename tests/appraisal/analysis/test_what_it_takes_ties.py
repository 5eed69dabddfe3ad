"""What it would take when the smallest change only draws level (issue 18): every option tied is named,
and the change that puts it first on its own is really strict (totals recomputed)."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.scrutiny import scrutinise
from appraisal.analysis.what_it_takes import CLEAR_LEAD_SHARE, what_it_takes
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.figures.scrutiny import weight_change_chart
from appraisal.report.scrutiny import scales_table, scrutiny_paragraph, what_it_takes_sentence
from tests.conftest import MINIMAL

NAMES = ["Alpha", "Beta", "Gamma"]
LABEL = {3: "High", 2: "Medium", 1: "Low"}

# Gamma trails Alpha and Beta (level with each other); moving weight from People to Cost raises Gamma
# against both at once, so the smallest change stops at a three-way tie.
THREE_WAY = np.array([[3.0, 1.0, 2.0, 1.0], [1.0, 3.0, 2.0, 1.0], [2.0, 2.0, 1.0, 3.0]])
THREE_WAY_W = np.array([1.0, 1.0, 1.0, 0.0])
CRITERIA = ["Finance", "Place", "People", "Cost"]


def _case(scores: np.ndarray, weights: np.ndarray, names: list[str]) -> Appraisal:
    crit = [f"c{j}" for j in range(scores.shape[1])]
    data = {
        **MINIMAL,
        "criteria": [{"id": c, "name": n} for c, n in zip(crit, CRITERIA + [f"Criterion {j}" for j in range(4, 9)])],
        "options": [{"id": f"o{i}", "name": n, **({"status_quo": True} if i == len(names) - 1 else {})}
                    for i, n in enumerate(names)],
        "scores": {f"o{i}": {c: LABEL[int(v)] for c, v in zip(crit, row)} for i, row in enumerate(scores)},
        "weight_sets": [{"id": "only", "name": "Only", "council": "north",
                         "weights": {c: float(v) for c, v in zip(crit, weights)}}],
    }
    return Appraisal(case_from_mapping(data))


def _lead(S: np.ndarray, w: np.ndarray, option: int) -> float:
    t = totals(S, w)
    return float(t[option] - np.delete(t, option).max())


def test_three_way_tie_names_every_option_and_the_clear_change_is_strict() -> None:
    result = what_it_takes(THREE_WAY, normalise(THREE_WAY_W), 2, max_score=3.0)
    assert result.feasible and not result.already and result.weights is not None
    ranks = competition_ranks(totals(THREE_WAY, result.weights))
    assert list(ranks) == [1, 1, 1]                                  # the minimum change is a three-way tie
    assert result.tied_with == (0, 1) and result.level
    sentence = what_it_takes_sentence(result, NAMES, CRITERIA)
    assert "would bring Gamma level first with Alpha and Beta" in sentence
    assert "rank Gamma first" not in sentence
    # The clear change: recompute the totals, Gamma leads everyone by at least 1 % of the highest possible total.
    assert result.clear_weights is not None and result.clear_distance is not None
    assert result.clear_weights.sum() == pytest.approx(1) and (result.clear_weights >= 0).all()
    assert _lead(THREE_WAY, result.clear_weights, 2) >= CLEAR_LEAD_SHARE * 3.0 - 1e-9
    assert list(competition_ranks(totals(THREE_WAY, result.clear_weights))) == [2, 2, 1]
    assert result.clear_distance == pytest.approx(np.abs(result.clear_weights - result.before).sum())
    assert result.clear_distance > result.distance
    assert "To put Gamma first on its own, ahead of every other option by at least 1 % of the highest possible total" in sentence
    # No random weighting gives that lead with a smaller change (the LP is the minimum).
    rng = np.random.default_rng(0)
    W = np.vstack([rng.dirichlet(np.ones(4), 20000), rng.dirichlet(np.full(4, 0.3), 20000)])
    t = totals(THREE_WAY, W)
    ok = t[:, 2] - np.maximum(t[:, 0], t[:, 1]) >= CLEAR_LEAD_SHARE * 3.0
    assert ok.any()
    assert result.clear_distance <= np.abs(W[ok] - result.before).sum(axis=1).min() + 1e-9


def test_three_way_tie_that_cannot_be_broken_says_so() -> None:
    # The mean of Alpha and Beta, (2, 2, 2), is at least as good as Gamma everywhere: it can only draw level.
    S = np.array([[3.0, 1.0, 2.0], [1.0, 3.0, 2.0], [2.0, 2.0, 1.0]])
    result = what_it_takes(S, normalise(np.ones(3)), 2, max_score=3.0)
    assert result.feasible and result.tie_only and result.tied_with == (0, 1)
    assert list(competition_ranks(totals(S, result.weights))) == [1, 1, 1]
    assert result.clear_weights is None
    sentence = what_it_takes_sentence(result, NAMES, CRITERIA[:3])
    assert "level first with Alpha and Beta" in sentence
    assert "No weighting can put Gamma first on its own" in sentence and "Alpha or Beta" in sentence


def test_a_lead_short_of_the_stated_margin_is_said() -> None:
    # Gamma can lead, but never by 1 % of the highest possible total (3): at most by 0.01, at (½, ½).
    S = np.array([[3.0, 1.0], [1.0, 3.0], [2.01, 2.01]])
    result = what_it_takes(S, normalise(np.array([1.0, 0.0])), 2, max_score=3.0)
    assert result.feasible and not result.tie_only and result.clear_weights is None
    assert result.clear_best_lead == pytest.approx(0.01)
    sentence = what_it_takes_sentence(result, NAMES, CRITERIA[:2])
    assert "No weighting puts Gamma ahead of every other option by at least 1 % of the highest possible total" in sentence
    assert "a lead of 0.3 % of the highest possible total" in sentence


def test_chair_paragraph_and_chart_name_every_option_tied() -> None:
    a = _case(THREE_WAY, THREE_WAY_W, NAMES)
    sc = scrutinise(a, a.W[0], 2)
    paragraph = scrutiny_paragraph(sc, a.option_names, a.criterion_names, 2)
    assert "level first with Alpha and Beta" in paragraph
    assert "first on its own" in paragraph
    chart = weight_change_chart(a, sc.what_it_takes)
    assert "level first" in chart.title
    assert any(c.startswith("Weight for first on its own") for c in chart.table.columns)


def test_already_level_first_is_not_called_first() -> None:
    result = what_it_takes(THREE_WAY, normalise(THREE_WAY_W), 0, max_score=3.0)
    assert result.already and result.tied_with == (1,)
    sentence = what_it_takes_sentence(result, NAMES, CRITERIA)
    assert sentence.startswith("Alpha already ranks level first with Beta")
    assert result.clear_weights is not None and _lead(THREE_WAY, result.clear_weights, 0) >= 0.03 - 1e-9


def test_sample_case_as_is_names_both_options_it_would_tie_with(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    sq = a.status_quo_index
    sc = scrutinise(a, a.W[0], sq)
    wit = sc.what_it_takes
    tied = [a.option_names[u] for u in wit.tied_with]
    at_new = competition_ranks(totals(a.S, wit.weights))
    assert sorted(tied) == sorted(a.option_names[u] for u in range(a.n_options) if u != sq and at_new[u] == 1)
    assert len(tied) >= 2
    paragraph = scrutiny_paragraph(sc, a.option_names, a.criterion_names, sq)
    for name in tied:
        assert name in paragraph.split("level first with ", 1)[1].split(" moves ", 1)[0]
    assert wit.clear_weights is not None
    assert _lead(a.S, wit.clear_weights, sq) >= CLEAR_LEAD_SHARE * a.max_score - 1e-9


def test_tied_third_under_9_3_1_says_joint_3rd() -> None:
    # 3/2/1: A 12, B 10, Z 8, Y 6 (Y 4th). 9/3/1: A 36, B 24, Y 12, Z 12 (Y and Z joint 3rd).
    scores = np.array([[3, 3, 3, 3], [3, 3, 2, 2], [2, 2, 2, 2], [3, 1, 1, 1]], dtype=float)
    a = _case(scores, np.ones(4), ["Alpha", "Beta", "Zeta", "Ypsilon"])
    sc = scrutinise(a, a.W[0], 3)
    assert sc.rank == 4
    paragraph = scrutiny_paragraph(sc, a.option_names, a.criterion_names, 3)
    assert "9/3/1 would make it joint 3rd" in paragraph
    assert "would make it 3rd" not in paragraph
    table = scales_table(sc)
    assert table.set_index("Numbers").loc["9/3/1", "Rank"] == "joint 3rd"
    assert table.set_index("Numbers").loc["5/3/1", "Rank"] == "4th"
