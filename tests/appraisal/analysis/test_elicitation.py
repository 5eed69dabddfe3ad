"""The four elicitation methods: published values, invariants, incomplete AHP, bad input, provenance.

Known values: rank-order centroid from Barron and Barrett (1996), table 1 (n = 3: .611 .278 .111;
n = 4: .5208 .2708 .1458 .0625); AHP weights and CR for [[1,3,5],[1/3,1,3],[1/5,1/3,1]] as in
Saaty's worked examples (.637 .258 .105, CR .033 with RI(3) = 0.58).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis import elicitation as el
from appraisal.analysis.elicitation.common import ElicitationError
from appraisal.case.model import WeightSet
from appraisal.errors import CaseError
from appraisal.formats.load import load_case_bytes
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import case_to_yaml
from appraisal.report import elicitation as elicitation_text

IDS = [f"c{k}" for k in range(12)]


# Known values ------------------------------------------------------------------------------------

def test_rank_order_centroid_published_values() -> None:
    assert np.round(el.roc_weights(3), 3).tolist() == [0.611, 0.278, 0.111]
    assert np.round(el.roc_weights(4), 4).tolist() == [0.5208, 0.2708, 0.1458, 0.0625]
    r = el.ranking([["a"], ["b"], ["c"]])
    assert [round(w, 3) for w in r.weights.values()] == [0.611, 0.278, 0.111]
    assert (r.method, r.variant, r.inputs) == ("ranking", "roc", {"order": [["a"], ["b"], ["c"]]})


def test_rank_sum_and_rank_reciprocal_formulae() -> None:
    assert el.rank_sum_weights(4).tolist() == pytest.approx([0.4, 0.3, 0.2, 0.1])
    h = 1 + 1 / 2 + 1 / 3 + 1 / 4
    assert el.rank_reciprocal_weights(4).tolist() == pytest.approx([1 / h, 1 / (2 * h), 1 / (3 * h), 1 / (4 * h)])
    assert list(el.ranking("a,b,c,d", "rank_sum").weights.values()) == pytest.approx([0.4, 0.3, 0.2, 0.1])


def test_pairwise_saaty_example() -> None:
    r = el.pairwise_from_matrix([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["a", "b", "c"])
    assert [round(w, 3) for w in r.weights.values()] == [0.637, 0.258, 0.105]
    c = r.consistency
    assert c is not None and c.complete
    assert round(c.cr, 3) == 0.033 and c.ri == 0.58
    assert c.ci == pytest.approx((c.lambda_max - 3) / 2)
    assert c.acceptable and not r.warnings
    # The same judgements as a list, with fractions written as text and the other way round.
    same = el.pairwise([("a", "b", "3"), ("a", "c", 5), ("c", "b", "1/3")])
    assert list(same.weights.values()) == pytest.approx(list(r.weights.values()))


def test_points_and_swing() -> None:
    p = el.points({"finance": 40, "place": 30, "influence": 30})
    assert p.weights == pytest.approx({"finance": 0.4, "place": 0.3, "influence": 0.3})
    assert el.points({"a": 3, "b": 1}).weights == pytest.approx({"a": 0.75, "b": 0.25})  # any raw numbers
    s = el.swing({"finance": 100, "place": 60, "influence": 40})
    assert s.weights == pytest.approx({"finance": 0.5, "place": 0.3, "influence": 0.2})
    assert s.inputs == {"swings": {"finance": 100.0, "place": 60.0, "influence": 40.0}}


def test_ties_take_the_mean_of_the_positions_they_occupy() -> None:
    r = el.ranking("finance,resilience=place,influence")
    w4 = el.roc_weights(4)
    assert r.weights["finance"] == pytest.approx(w4[0])
    assert r.weights["resilience"] == r.weights["place"] == pytest.approx((w4[1] + w4[2]) / 2)
    assert r.weights["influence"] == pytest.approx(w4[3])
    assert el.parse_order("a>b=c>d") == [["a"], ["b", "c"], ["d"]]
    assert el.ranking("a=b=c").weights == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})


# Invariants --------------------------------------------------------------------------------------

tiers_strategy = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=6)


@given(tiers_strategy, st.sampled_from(list(el.RANKING_VARIANTS)))
def test_ranking_invariants(sizes: list[int], variant: str) -> None:
    ids = iter(IDS * 3)
    order = [[f"{next(ids)}_{t}" for _ in range(s)] for t, s in enumerate(sizes)]
    r = el.ranking(order, variant)
    assert sum(r.weights.values()) == pytest.approx(1.0)
    for t, tier in enumerate(order):
        assert len({round(r.weights[c], 12) for c in tier}) == 1            # ties give equal weights
        if t + 1 < len(order):
            assert r.weights[tier[0]] > r.weights[order[t + 1][0]]          # order preserved, strictly


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=10).filter(lambda v: sum(v) > 0))
def test_points_invariants(values: list[float]) -> None:
    r = el.points(dict(zip(IDS, values)))
    w = list(r.weights.values())
    assert sum(w) == pytest.approx(1.0)
    for (a, b), (x, y) in zip(itertools.combinations(values, 2), itertools.combinations(w, 2)):
        if a > b:
            assert x >= y


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=10))
def test_swing_invariants(values: list[float]) -> None:
    values = [*values, 100.0]
    r = el.swing(dict(zip(IDS, values)))
    w = list(r.weights.values())
    assert sum(w) == pytest.approx(1.0)
    assert w[-1] == max(w)
    assert all(x == pytest.approx(v / sum(values)) for x, v in zip(w, values))


@settings(max_examples=60)
@given(st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=2, max_size=9))
def test_consistent_matrix_gives_cr_zero_and_its_exact_ratios(raw: list[float]) -> None:
    w = np.array(raw) / sum(raw)
    if w.max() / w.min() > 9:   # keep every ratio on Saaty's scale (1/9 … 9)
        w = np.clip(w, w.max() / 9, None)
        w /= w.sum()
    weights = dict(zip(IDS, w))
    r = el.pairwise(el.consistent_judgements(weights))
    assert r.consistency is not None and r.consistency.cr == pytest.approx(0.0, abs=1e-9)
    assert list(r.weights.values()) == pytest.approx(list(weights.values()), rel=1e-9)
    assert not r.warnings


@settings(max_examples=40)
@given(st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=3, max_size=8), st.randoms(use_true_random=False))
def test_incomplete_consistent_set_on_a_spanning_tree_recovers_the_ratios(raw: list[float], rnd) -> None:  # noqa: ANN001
    w = np.array(raw) / sum(raw)
    w = np.clip(w, w.max() / 9, None)
    w /= w.sum()
    ids = IDS[: len(w)]
    # A random spanning tree: each criterion compared with one earlier criterion only.
    judgements = []
    for k in range(1, len(ids)):
        parent = rnd.randrange(k)
        ratio = w[k] / w[parent]
        if 1 / 9 <= ratio <= 9:
            judgements.append((ids[k], ids[parent], ratio))
        else:
            judgements.append((ids[k], ids[0], w[k] / w[0]))
    r = el.pairwise(judgements, ids)
    assert r.variant == "harker" and r.consistency is not None and not r.consistency.complete
    assert list(r.weights.values()) == pytest.approx(list(w), rel=1e-7)
    assert r.consistency.cr == pytest.approx(0.0, abs=1e-9)


# Incomplete pairwise sets ------------------------------------------------------------------------

def test_incomplete_set_harker_matches_the_optimal_completion() -> None:
    """Harker's weights equal the eigenvector of the matrix completed with w_i/w_j (his theorem)."""
    judgements = [("a", "b", 3), ("b", "c", 2), ("a", "d", 5), ("c", "d", 1)]
    r = el.pairwise(judgements)
    w = np.array(list(r.weights.values()))
    full = np.ones((4, 4))
    idx = {c: k for k, c in enumerate("abcd")}
    for i, j in itertools.permutations("abcd", 2):
        full[idx[i], idx[j]] = w[idx[i]] / w[idx[j]]
    for i, j, v in judgements:
        full[idx[i], idx[j]], full[idx[j], idx[i]] = v, 1 / v
    lam, vec = el.principal_eigenvector(full)
    assert vec == pytest.approx(w, rel=1e-8)
    assert r.consistency is not None and r.consistency.lambda_max == pytest.approx(lam)
    assert r.variant == "harker"


def test_complete_set_through_harker_is_saatys_eigenvector() -> None:
    a = np.array([[1, 2, 4, 3], [1 / 2, 1, 3, 2], [1 / 4, 1 / 3, 1, 1 / 2], [1 / 3, 1 / 2, 2, 1]])
    lam, vec = el.principal_eigenvector(a)
    r = el.pairwise_from_matrix(a.tolist(), ["a", "b", "c", "d"])
    assert list(r.weights.values()) == pytest.approx(vec.tolist())
    assert r.consistency is not None and r.consistency.lambda_max == pytest.approx(lam)


def test_disconnected_comparisons_name_the_missing_criteria() -> None:
    with pytest.raises(ElicitationError, match=r"Deliverability is not compared.*Finance and Place"):
        el.pairwise([("finance", "place", 3)], ["finance", "place", "risk"],
                    {"finance": "Finance", "place": "Place", "risk": "Deliverability"})
    with pytest.raises(ElicitationError, match="c and d are not compared"):
        el.pairwise([("a", "b", 3), ("c", "d", 2)])


def test_inconsistent_set_warns_naming_the_worst_judgement_and_a_better_value() -> None:
    # a > b strongly, b > c strongly, yet c > a: the c–a judgement (or one of the cycle) is worst.
    judgements = [("a", "b", 5), ("b", "c", 3), ("a", "c", 3), ("c", "d", 2), ("a", "d", 7), ("b", "d", 1)]
    r = el.pairwise(judgements)
    c = r.consistency
    assert c is not None and c.cr > 0.10 and not c.acceptable
    i, j, given_value, suggested = c.worst  # type: ignore[misc]
    w = r.weights
    implied = w[i] / w[j]
    worst_gap = abs(math.log(given_value / implied))
    for a, b, v in judgements:   # it really is the judgement furthest from the derived ratio
        assert abs(math.log(v / (w[a] / w[b]))) <= worst_gap + 1e-12
    assert suggested in el.SAATY_SCALE and suggested != given_value
    assert c.cr_if_changed is not None and c.cr_if_changed < c.cr
    (warning,) = r.warnings
    assert f"{c.cr:.2f}, above 0.10" in warning
    assert f"{i} against {j}, judged {el.saaty_label(given_value)}" in warning
    assert f"Changing it to {el.saaty_label(suggested)}" in warning and f"{c.cr_if_changed:.2f}" in warning


def test_random_index_table_and_beyond() -> None:
    assert [el.random_index(n) for n in (3, 4, 5, 10)] == [0.58, 0.90, 1.12, 1.49]
    assert el.random_index(20) == pytest.approx((1.7699 * 20 - 4.3513) / 19)


def test_nearest_saaty_and_labels() -> None:
    assert el.nearest_saaty(2.6) == 3 and el.nearest_saaty(1 / 2.6) == pytest.approx(1 / 3)
    assert el.nearest_saaty(100) == 9
    assert [el.saaty_label(v) for v in (3, 1 / 3, 1)] == ["3", "1/3", "1"]


# Bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: el.ranking("a,b=a"), "'a' is listed at rank 1 and again at rank 2 — a cycle"),
        (lambda: el.ranking("a,b=b"), "'b' is tied with itself at rank 2"),
        (lambda: el.ranking("a,,b"), "an empty rank"),
        (lambda: el.ranking("a,b", "borda"), "'borda' is not a ranking variant"),
        (lambda: el.ranking("a,x", criteria=["a", "b"]), "'x' is not a criterion of this case"),
        (lambda: el.ranking("a", criteria=["a", "b"]), "no rank for 'b'"),
        (lambda: el.points({"a": 0, "b": 0}), "every criterion has 0 points"),
        (lambda: el.points({"a": -5, "b": 1}), "-5 points is negative"),
        (lambda: el.points({"a": float("nan")}), "finite"),
        (lambda: el.points({"a": True}), "not a number"),
        (lambda: el.swing({"a": 80, "b": 50}), "must score 100 (the largest here is 'a' at 80)"),
        (lambda: el.swing({"a": 100, "b": 150}), "outside 0–100"),
        (lambda: el.pairwise([("a", "b", 0)]), "judgements must be positive"),
        (lambda: el.pairwise([("a", "b", -3)]), "judgements must be positive"),
        (lambda: el.pairwise([("a", "b", "1/0")]), "divides by zero"),
        (lambda: el.pairwise([("a", "b", 12)]), "outside Saaty's scale"),
        (lambda: el.pairwise([("a", "a", 3)]), "with itself"),
        (lambda: el.pairwise([("a", "b", 3), ("b", "a", 3)]), "is 3 here, but an earlier judgement of the same pair makes it 1/3"),
        (lambda: el.pairwise([("a", "b", 3)], ["a"]), "'b' is not a criterion"),
        (lambda: el.pairwise_from_matrix([[1, 3], [3, 1]], ["a", "b"]), "not the reciprocal"),
        (lambda: el.pairwise_from_matrix([[2, 3], [None, 1]], ["a", "b"]), "on the diagonal"),
        (lambda: el.pairwise_from_matrix([[1, 3]], ["a", "b"]), "must be 2 × 2"),
    ],
)
def test_bad_input_messages(call, message: str) -> None:  # noqa: ANN001
    with pytest.raises(ElicitationError) as info:
        call()
    assert message in info.value.message
    assert isinstance(info.value, CaseError)   # the CLI exits 2, the app shows the message


def test_reciprocal_pair_given_both_ways_is_accepted() -> None:
    r = el.pairwise([("a", "b", 3), ("b", "a", "1/3")])
    assert r.weights == pytest.approx({"a": 0.75, "b": 0.25})


# Method comparison helpers ----------------------------------------------------------------------

def test_as_methods_translates_one_set_of_priorities() -> None:
    out = el.as_methods({"a": 3, "b": 2, "c": 2, "d": 1})
    assert out["points"].weights == pytest.approx(out["swing"].weights)
    assert out["ranking:roc"].inputs == {"order": [["a"], ["b", "c"], ["d"]]}
    assert out["pairwise"].inputs["judgements"][0] == ["a", "b", 2.0]   # 1.5 rounds to 2 on the log scale
    for e in out.values():
        assert sum(e.weights.values()) == pytest.approx(1.0)
        assert list(e.weights) == ["a", "b", "c", "d"]
    zero = el.as_methods({"a": 2, "b": 0})
    assert zero["ranking:roc"].weights == {"a": 1.0, "b": 0.0}


# Provenance in the case file ---------------------------------------------------------------------

def test_provenance_round_trips_through_yaml(minimal) -> None:  # noqa: ANN001
    elicited = el.ranking("finance,place=risk")
    ws = elicited.weight_set("north_ranked", "North cabinet (ranked)", "north", by="North informal cabinet", date="2021-06-14")
    minimal["weight_sets"].append(ws.model_dump(mode="json", exclude_none=True))
    case = case_from_mapping(minimal, "test")
    again = load_case_bytes(case_to_yaml(case).encode(), "again.yaml")
    assert again == case
    p = again.weight_set("north_ranked").provenance
    assert p is not None and (p.method, p.variant, p.by, p.date) == ("ranking", "roc", "North informal cabinet", "2021-06-14")
    assert p.inputs == {"order": [["finance"], ["place", "risk"]]}
    assert sum(again.weight_set("north_ranked").weights.values()) == pytest.approx(100, abs=0.02)
    pw = el.pairwise([("finance", "place", 3), ("place", "risk", "1/2")], ["finance", "place", "risk"])
    minimal["weight_sets"].append(pw.weight_set("pw", "Pairwise set").model_dump(mode="json", exclude_none=True))
    case = case_from_mapping(minimal, "test")
    assert load_case_bytes(case_to_yaml(case).encode(), "again.yaml") == case


def test_saved_percentages_never_round_a_positive_weight_to_zero() -> None:
    ids = [f"c{k}" for k in range(150)]
    ws = el.ranking([[c] for c in ids]).weight_set("many", "Many criteria")
    assert all(v > 0 for v in ws.weights.values())
    assert ws.weights["c0"] == pytest.approx(100 * el.roc_weights(150)[0], abs=5e-4)
    assert el.points({"a": 1, "b": 2}).weight_set("x", "X").weights == {"a": 33.33, "b": 66.67}


def test_files_without_provenance_still_load(minimal) -> None:  # noqa: ANN001
    case = case_from_mapping(minimal, "test")
    assert all(ws.provenance is None for ws in case.weight_sets)
    text = case_to_yaml(case)
    assert "provenance" not in text
    assert load_case_bytes(text.encode(), "x.yaml") == case


def test_dates_stay_text_in_yaml(minimal) -> None:  # noqa: ANN001
    minimal["weight_sets"][0]["provenance"] = {"method": "points", "date": "2021-06-14", "inputs": {"points": {"finance": 50}}}
    raw = case_to_yaml(case_from_mapping(minimal, "t")).replace("'2021-06-14'", "2021-06-14")
    case = load_case_bytes(raw.encode(), "t.yaml")
    assert case.weight_sets[0].provenance.date == "2021-06-14"  # type: ignore[union-attr]


def test_provenance_text(minimal) -> None:  # noqa: ANN001
    case = case_from_mapping(minimal, "test")
    assert (elicitation_text.provenance_text(case.weight_sets[0], case)
            == "North cabinet — how these weights were arrived at is not recorded.")
    ws = el.ranking("finance,place=risk").weight_set("x", "North ranked", "north", by="the informal cabinet", date="2021-06-14")
    assert elicitation_text.provenance_text(ws, case) == (
        "North ranked — ranking method (rank-order centroid), agreed 14 June 2021 by the informal cabinet.")
    pw = el.pairwise([("finance", "place", 3), ("place", "risk", 2), ("finance", "risk", 5)])
    ws2 = WeightSet(id="y", name="Joint view", council="south", weights={"finance": 1}, provenance=pw.provenance(date="June 2021"))
    assert elicitation_text.provenance_text(ws2, case) == (
        "Joint view (South) — pairwise comparison method, agreed June 2021; consistency ratio 0.00.")
    data = case_to_mapping(case)
    data["weight_sets"][0]["provenance"] = {"method": "consensus", "by": "Joint meeting", "note": "Mean of both."}
    case = case_from_mapping(data, "t")
    assert elicitation_text.provenance_text(case.weight_sets[0], case) == (
        "North cabinet — consensus of weight sets, agreed by Joint meeting. Mean of both.")
    data["weight_sets"][0]["provenance"] = {"method": "consensus", "variant": "mean", "date": "2021-06-21",
                                            "inputs": {"from": ["a", "b"], "from_names": ["North cabinet", "South cabinet"]}}
    case = case_from_mapping(data, "t")
    assert elicitation_text.provenance_text(case.weight_sets[0], case) == (
        "North cabinet — consensus of weight sets (mean of North cabinet and South cabinet), agreed 21 June 2021.")
    data["weight_sets"][0]["provenance"] = {"method": "workshop", "variant": "median", "by": "Joint meeting",
                                            "inputs": {"participants": 12, "participant_method": "ranking"}}
    case = case_from_mapping(data, "t")
    assert elicitation_text.provenance_text(case.weight_sets[0], case) == (
        "North cabinet — workshop submissions (median of 12 participants, who used ranking), "
        "agreed by Joint meeting.")
