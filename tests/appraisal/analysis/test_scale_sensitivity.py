"""Sensitivity to the measured scales: the variants tried and when the leader changes."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from appraisal.analysis.scale_sensitivity import scale_sensitivity, stretched, variant_scales
from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.scale_sensitivity import scale_sensitivity_sentence, scale_sensitivity_table


def _case(minimal: dict[str, Any]):  # noqa: ANN202
    """Two options on two measured criteria: A leads thanks to a value function that flattens below 30 minutes
    (30 minutes scores 90); on a straight line 30 minutes scores only 60 and B leads."""
    data = copy.deepcopy(minimal)
    data["criteria"] = [
        {"id": "minutes", "name": "Travel time", "scale": {"unit": "minutes", "direction": "lower", "range": [10, 60],
                                                           "points": [[10, 100], [30, 90], [60, 0]],
                                                           "alternative": [[10, 100], [40, 50], [60, 0]]}},
        {"id": "recycling", "name": "Recycling", "scale": {"unit": "% recycled", "direction": "higher", "range": [30, 70]}},
    ]
    data["options"] = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    data["scores"] = {"a": {"minutes": 30, "recycling": 60}, "b": {"minutes": 15, "recycling": 42}}
    data["weight_sets"] = [{"id": "w", "name": "W", "weights": {"minutes": 2, "recycling": 1}}]
    return case_from_mapping(data, "scale sensitivity")


def test_points_stretch_with_the_range() -> None:
    pts = ((10.0, 100.0), (30.0, 90.0), (60.0, 0.0))
    assert np.array(stretched(pts, 10, 60, 0, 60)) == pytest.approx(np.array([[0.0, 100.0], [24.0, 90.0], [60.0, 0.0]]))


def test_variants_of_a_bent_scale(minimal: dict[str, Any]) -> None:
    ap = Appraisal(_case(minimal))
    kinds = [kind for kind, _ in variant_scales(ap.scales[0])]
    assert kinds == ["linear", "alternative", "low_minus", "low_plus", "high_minus", "high_plus"]
    linear = dict(variant_scales(ap.scales[0]))["linear"]
    assert linear.value(35.0) == pytest.approx(50.0)
    low_minus = dict(variant_scales(ap.scales[0]))["low_minus"]
    assert (low_minus.low, low_minus.high) == (0.0, 60.0)
    assert [k for k, _ in variant_scales(ap.scales[1])] == ["low_minus", "low_plus", "high_minus", "high_plus"]


def test_each_variant_re_ranks_through_one_criterion_only(minimal: dict[str, Any]) -> None:
    ap = Appraisal(_case(minimal))
    w = ap.W[0]
    variants = scale_sensitivity(ap, w)
    assert len(variants) == 10
    for v in variants:
        S = ap.S.copy()
        S[:, v.criterion] = v.scale.value(ap.raw[:, v.criterion])
        assert v.ranks.tolist() == competition_ranks(totals(S, w)).tolist()
    # Today A leads (2·90 + 75 = 255 against 2·97.5 + 30 = 225); on the straight line 2·60 + 75 = 195 against 2·90 + 30 = 210.
    assert ap.leaders(w) == [0]
    by_kind = {(v.criterion, v.kind): v for v in variants}
    assert by_kind[0, "linear"].leader_changes and by_kind[0, "linear"].leaders == [1]
    assert not by_kind[1, "high_plus"].order_changes or by_kind[1, "high_plus"].leaders == [0]


def test_the_sentence_names_a_change_of_leader(minimal: dict[str, Any]) -> None:
    ap = Appraisal(_case(minimal))
    w = ap.W[0]
    variants = scale_sensitivity(ap, w)
    changed = [v for v in variants if v.leader_changes]
    sentence = scale_sensitivity_sentence(variants, ap, ap.leaders(w))
    assert sentence.startswith(f"The leader changes in {len(changed)} of {len(variants)} variants tried")
    assert "with Travel time's straight line between the ends, B leads" in sentence
    assert sentence.endswith("otherwise A leads.")
    table = scale_sensitivity_table(variants, ap, 0)
    assert list(table["Leader changes"]).count("yes") == len(changed)
    assert table.loc[0, "Scale tried"] == "Straight line between the ends" and table.loc[0, "Rank of A"] == "2nd"
    assert scale_sensitivity_sentence([], ap, [0]).startswith("No criterion is measured")


def test_label_cases_have_no_scale_variants(sample_case) -> None:  # noqa: ANN001
    ap = Appraisal(sample_case)
    assert scale_sensitivity(ap, ap.W[0]) == []
