"""Robustness at a glance: every badge figure is the engine's own (scoring, SMAA, stability intervals)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.analysis.robustness import robustness
from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import by_fragility, stability_intervals, weights_at
from appraisal.analysis.smaa import smaa
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.robustness import badge_sentence, robustness_table, share_text


@pytest.fixture(scope="module")
def sample_smaa(sample_case):  # noqa: ANN001, ANN201
    return smaa(Appraisal(sample_case).S, n_samples=10_000, seed=0)


def check_against_engine(a: Appraisal, w: np.ndarray, result) -> None:  # noqa: ANN001
    rows = robustness(a, w, result)
    ranks_now = competition_ranks(totals(a.S, w))
    set_ranks = competition_ranks(totals(a.S, a.W))
    equal = competition_ranks(totals(a.S, np.ones(a.n_criteria)))
    intervals = stability_intervals(a.S, normalise(w))
    for r in rows:
        i = r.option
        assert r.rank_now == ranks_now[i]
        assert [rank for _, rank, _ in r.set_ranks] == list(set_ranks[:, i])
        assert [name for name, _, _ in r.set_ranks] == a.set_names
        assert r.first_under_all == bool((set_ranks[:, i] == 1).all())
        assert r.equal_rank == equal[i]
        assert r.first_share == result.acceptability[i, 0]
        if ranks_now[i] != 1:
            assert r.fragile is None and not r.never_switches
            continue
        most = by_fragility(intervals)[0]
        if not np.isfinite(most.top_margin):
            assert r.fragile is None and r.never_switches
            continue
        f = r.fragile
        if r.tied_now:  # joint leaders: any move that favours one of them separates them
            continue
        assert f.criterion == most.criterion and f.weight == most.weight
        assert f.switch in most.top_unchanged
        assert f.points == pytest.approx(100 * most.top_margin)
        # Inside the switching value the leaders are unchanged; just beyond it someone else is first.
        step = 1e-6 if f.rises else -1e-6
        inside = competition_ranks(totals(a.S, weights_at(normalise(w), f.criterion, f.switch - step)))
        beyond = competition_ranks(totals(a.S, weights_at(normalise(w), f.criterion, f.switch + step)))
        assert set(np.flatnonzero(inside == 1)) == set(np.flatnonzero(ranks_now == 1))
        assert set(np.flatnonzero(beyond == 1)) == set(f.taken_by) != set(np.flatnonzero(ranks_now == 1))


def test_sample_case_badges_equal_the_engine(sample_case, sample_smaa) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    for w in [*a.W, np.array([0, 0, 0, 1, 0, 0, 5, 5, 0, 0.0])]:
        check_against_engine(a, w, sample_smaa)


def test_default_smaa_is_the_seeded_10000_sample_run(sample_case, sample_smaa) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    assert [r.first_share for r in robustness(a, a.W[0])] == list(sample_smaa.first_rank)


def test_sample_case_leader_sentence(sample_case, sample_smaa) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    rows = robustness(a, a.weights_of("breckland_cabinet"), sample_smaa)
    leader = rows[a.option_ids.index("local_partnership")]
    share = share_text(sample_smaa.first_rank[3])
    assert badge_sentence(a, leader) == (
        f"Leads under all four weightings and in {share} of random weightings; its lead is most sensitive to "
        "Workforce capacity and skills (holds until that weight passes 39 %, 26 percentage points from today's 13 %, "
        "when Improved existing partnership takes the lead)."
    )
    improved = badge_sentence(a, rows[a.option_ids.index("stand_alone")])
    assert improved.startswith("Leads under none of the four weightings (at best 2nd, under South Holland cabinet); first in ")
    as_is = badge_sentence(a, rows[0])
    assert as_is.startswith("Leads under none of the four weightings (4th under every one)")


def test_table_is_in_rank_order_with_one_row_per_option(sample_case, sample_smaa) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    table = robustness_table(a, robustness(a, a.W[1], sample_smaa))
    assert list(table.columns) == ["Now", "Option", "First under every set?", "Equal weights",
                                   "First in random weightings", "Most fragile weight"]
    assert list(table["Now"]) == ["1st", "2nd", "3rd", "4th"]
    assert table["Option"].iloc[-1] == "As is (business as usual)"
    assert table["First under every set?"].iloc[0] == "Yes (all 4)"
    assert table["Most fragile weight"].iloc[0] == "Deliverability and risk: holds until 40 % (now 9 %, +31 points)"
    assert set(table["Most fragile weight"].iloc[1:]) == {"—"}


def test_a_dominant_leader_cannot_be_moved_by_any_single_weight(minimal) -> None:  # noqa: ANN001
    minimal["scores"]["shared"] = {"finance": "High", "place": "High", "risk": "High"}
    a = Appraisal(case_from_mapping(minimal, "test"))
    rows = robustness(a, a.W[0])
    shared = rows[a.option_ids.index("shared")]
    assert shared.never_switches and shared.fragile is None and shared.first_share == 1.0
    assert badge_sentence(a, shared).endswith("no change to any single weight on its own takes the lead from it.")
    assert "equal weights" in badge_sentence(a, rows[0])  # the case has no equal-weight set: say it


def test_joint_leaders_are_described_as_sharing(minimal) -> None:  # noqa: ANN001
    minimal["scores"]["alone"] = dict(minimal["scores"]["shared"])
    a = Appraisal(case_from_mapping(minimal, "test"))
    rows = robustness(a, a.W[0])
    assert rows[1].tied_now and rows[2].tied_now
    assert "shares first place now" in badge_sentence(a, rows[1])
    assert robustness_table(a, rows)["Now"].iloc[0] == "joint 1st"


def test_share_text_never_claims_an_inexact_0_or_100() -> None:
    assert share_text(0.0) == "0 %" and share_text(1.0) == "100 %"
    assert share_text(0.001) == "under 1 %" and share_text(0.999) == "over 99 %"
    assert share_text(0.9134) == "91 %"


cases_st = st.integers(2, 5).flatmap(
    lambda n: st.integers(2, 5).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.integers(1, 3), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any), min_size=1, max_size=3),
            st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(any),
        )
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases_st)
def test_badges_equal_the_engine_on_random_cases(data) -> None:  # noqa: ANN001
    scores, sets, w = data
    m = len(w)
    crit = [f"c{j}" for j in range(m)]
    mapping = {
        "format": "options-appraisal/1", "title": "Random",
        "criteria": [{"id": c, "name": f"Criterion {c}"} for c in crit],
        "options": [{"id": f"o{i}", "name": f"Option {i}"} for i in range(len(scores))],
        "scores": {f"o{i}": dict(zip(crit, row)) for i, row in enumerate(scores)},
        "weight_sets": [{"id": f"s{k}", "name": f"Set {k}", "weights": dict(zip(crit, ws))} for k, ws in enumerate(sets)],
    }
    a = Appraisal(case_from_mapping(mapping, "random"))
    result = smaa(a.S, n_samples=500, seed=1)
    check_against_engine(a, np.array(w, dtype=float), result)
    for r in robustness(a, np.array(w, dtype=float), result):
        assert badge_sentence(a, r).endswith(".")
