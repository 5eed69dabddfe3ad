"""The Scrutiny page's tables and dominance sentences (appraisal.report.scrutiny), from the shipped cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import scrutinise
from appraisal.formats.load import load_case
from appraisal.report.scrutiny import (
    dominance_sentences,
    leave_one_out_caption,
    leave_one_out_table,
    rating_switch_table,
    scales_table,
    set_ranks_table,
)

DATA = Path(__file__).resolve().parents[3] / "data"
CASES = ["shared_management_review.yaml", "strategic_partnership_2022.yaml"]


def _ranks(S: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Competition ranks computed here, independently: 1 + how many options score clearly more."""
    t = S @ w
    return np.array([1 + int(np.sum(t > t[i] + 1e-9 * np.abs(t).max())) for i in range(len(t))])


@pytest.fixture(scope="module", params=CASES)
def appraisal(request: pytest.FixtureRequest) -> Appraisal:
    return Appraisal(load_case(DATA / request.param))


def test_set_ranks_table_gives_the_rank_under_every_weight_set(appraisal: Appraisal) -> None:
    for option in range(appraisal.n_options):
        sc = scrutinise(appraisal, appraisal.W[0], option, "x")
        table = set_ranks_table(sc, "The option")
        assert list(table.columns) == ["Weights", "Rank of The option"]
        for k, name in enumerate(appraisal.set_names):
            row = table[table["Weights"] == name].iloc[0]
            assert row.iloc[1].endswith(fmt.ordinal(int(_ranks(appraisal.S, appraisal.W[k])[option])))
        if "Equal weights" in list(table["Weights"]) and "Equal weights" not in appraisal.set_names:
            equal = _ranks(appraisal.S, np.ones(appraisal.n_criteria))[option]
            assert table["Rank of The option"].iloc[-1].endswith(fmt.ordinal(int(equal)))


def test_set_ranks_table_puts_edited_weights_first(appraisal: Appraisal) -> None:
    w = appraisal.W[0].copy()
    w[0] += 7.0
    option = appraisal.n_options - 1
    sc = scrutinise(appraisal, w, option, "the edited weights")
    table = set_ranks_table(sc, "It", "Your weights (edited)")
    assert table["Weights"].iloc[0] == "Your weights (edited)"
    assert len(table) == len(sc.set_ranks) + 1
    rank = int(_ranks(appraisal.S, w)[option])
    assert table["Rank of It"].iloc[0].endswith(fmt.ordinal(rank))
    tied = int(np.sum(_ranks(appraisal.S, w) == rank)) > 1
    assert table["Rank of It"].iloc[0].startswith("joint ") == tied


def test_dominance_sentences_name_the_options_that_dominate(appraisal: Appraisal) -> None:
    S = appraisal.S
    names = appraisal.option_names
    for i in range(appraisal.n_options):
        sentences = dominance_sentences(scrutinise(appraisal, appraisal.W[0], i), names)
        above = [names[a] for a in range(len(S)) if a != i and np.all(S[a] >= S[i]) and np.any(S[a] > S[i])]
        below = [names[b] for b in range(len(S)) if b != i and np.all(S[i] >= S[b]) and np.any(S[i] > S[b])]
        assert 1 <= len(sentences) <= 2
        if above:
            assert all(n in sentences[0] for n in above) and "no weighting can rank it above" in sentences[0]
        else:
            assert sentences[0] == f"No option scores at least as well as {names[i]} on every criterion."
        if below:
            assert len(sentences) == 2 and sentences[1].startswith(f"{names[i]} scores at least as well as ")
            assert all(n in sentences[1] for n in below)
        else:
            assert len(sentences) == 1


def test_leave_one_out_table_recomputes_each_rank(appraisal: Appraisal) -> None:
    w = appraisal.W[0]
    for option in range(appraisal.n_options):
        sc = scrutinise(appraisal, w, option)
        table = leave_one_out_table(sc, appraisal.criterion_names)
        assert list(table["Criterion left out"]) == appraisal.criterion_names
        now = int(_ranks(appraisal.S, w)[option])
        assert leave_one_out_caption(sc).startswith("Now ") and fmt.ordinal(now) in leave_one_out_caption(sc)
        for j in range(appraisal.n_criteria):
            w_j = w.copy()
            w_j[j] = 0.0
            if w_j.sum() <= 0:
                assert table["Rank"].iloc[j] == "–" and table["Change"].iloc[j] == "no weight left"
                continue
            r = int(_ranks(appraisal.S, w_j)[option])
            assert table["Rank"].iloc[j] == fmt.ordinal(r)
            expected = "same" if r == now else f"{'up' if r < now else 'down'} {abs(r - now)}"
            assert table["Change"].iloc[j] == expected


def test_scales_table_starts_with_the_case_own_numbers(appraisal: Appraisal) -> None:
    sc = scrutinise(appraisal, appraisal.W[0], 0, custom_scale=(9.0, 4.0, 1.0) if len(appraisal.scale) == 3 else None)
    table = scales_table(sc)
    assert list(table.columns) == ["Numbers", "Rank", "Any option's rank changes"]
    own = "/".join(f"{v:g}" for v in appraisal.scale.values())
    assert table["Numbers"].iloc[0] == f"Case's own ({own})"
    assert table["Rank"].iloc[0] == fmt.ordinal(int(_ranks(appraisal.S, appraisal.W[0])[0]))
    assert table["Any option's rank changes"].iloc[0] == "no"
    if len(appraisal.scale) == 3:
        assert table["Numbers"].iloc[-1] == "Custom (9/4/1)"
    assert set(table["Any option's rank changes"]) <= {"yes", "no", "cannot (same scale stretched or shifted)"}


def test_rating_switch_table_says_whether_one_better_rating_draws_level(appraisal: Appraisal) -> None:
    w = appraisal.W[0]
    t = appraisal.S @ w
    for option in range(appraisal.n_options):
        sc = scrutinise(appraisal, w, option)
        table = rating_switch_table(sc, appraisal.criterion_names, appraisal.S[option])
        assert list(table["Score now"]) == [fmt.number(v, 2) for v in appraisal.S[option]]
        leader = np.delete(t, option).max()
        for j in range(appraisal.n_criteria):
            room = appraisal.max_score - appraisal.S[option, j]
            assert table["Room on the scale"].iloc[j] == fmt.number(room, 2)
            if w[j] == 0:
                assert table["Rise needed to draw level"].iloc[j] == ("no weight" if t[option] < leader else "0")
                continue
            reaches = t[option] + w[j] * room >= leader - 1e-9
            assert table["Enough?"].iloc[j] == ("yes" if reaches else "no")
            assert table["Rise needed to draw level"].iloc[j] == fmt.number(max(leader - t[option], 0.0) / w[j], 2)
