"""Consensus, consensus-path and participant weight tables and notes (appraisal.report.weights, .consensus_path)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appraisal import fmt
from appraisal.analysis.consensus import consensus, consensus_weight_set
from appraisal.analysis.consensus_path import path_between
from appraisal.analysis.scoring import Appraisal
from appraisal.case.model import Case
from appraisal.formats.load import load_case
from appraisal.report.consensus_path import blend_note, candidate_weights_table, weights_phrase
from appraisal.report.weights import consensus_note, consensus_preview_caption, consensus_preview_table, shares_table

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(DATA / "shared_management_review.yaml")


def test_consensus_preview_table_and_caption(case: Case) -> None:
    a = Appraisal(case)
    ids = [ws.id for ws in case.weight_sets[:2]]
    pct = consensus(a.W[:2], "median")
    table = consensus_preview_table(a.criterion_names, pct, "median")
    assert list(table.columns) == ["Criterion", "Median share"]
    shares = 100 * a.W[:2] / a.W[:2].sum(axis=1, keepdims=True)
    mid = np.median(shares, axis=0)
    assert list(table["Median share"]) == [fmt.percent(v, 1) for v in 100 * mid / mid.sum()]
    caption = consensus_preview_caption(case, "median", ids)
    assert caption == (f"The median of each criterion's share across {case.weight_sets[0].name} and "
                       f"{case.weight_sets[1].name}.")


def test_consensus_note_is_kept_with_the_new_set(case: Case) -> None:
    ids = [ws.id for ws in case.weight_sets[:2]]
    note = consensus_note(case, "consensus", "mean", ids)
    assert note == f"mean of {case.weight_sets[0].name} and {case.weight_sets[1].name}, in % of the total."
    assert consensus_note(case, "consensus", None, ids[:1]).startswith(f"consensus of {case.weight_sets[0].name},")
    ws = consensus_weight_set(case, "Joint", {c: 1.0 for c in case.criterion_ids}, "consensus", "mean", ids, note=note)
    assert ws.note == note and ws.provenance.inputs["from"] == ids


def test_shares_table_is_each_criterion_share_of_the_total(case: Case) -> None:
    weights = {c: float(k % 3) for k, c in enumerate(case.criterion_ids)}
    total = sum(weights.values())
    table = shares_table(case, weights)
    assert list(table.columns) == ["Criterion", "Your share"]
    assert list(table["Your share"]) == [fmt.percent(100 * weights[c] / total) for c in case.criterion_ids]


def test_candidate_weights_table_blends_the_two_sets(case: Case) -> None:
    a = Appraisal(case)
    first, second = case.weight_sets[0], case.weight_sets[1]
    path = path_between(a, first.id, second.id)
    table = candidate_weights_table(path, 0.25, a.criterion_names, first.name, second.name)
    assert list(table.columns) == ["Criterion", weights_phrase(first.name), "Candidate", weights_phrase(second.name)]
    wa, wb = a.weights_of(first.id), a.weights_of(second.id)
    ha, hb = wa / wa.sum(), wb / wb.sum()
    assert list(table.iloc[:, 1]) == [fmt.percent(100 * x, 1) for x in ha]
    assert list(table.iloc[:, 3]) == [fmt.percent(100 * x, 1) for x in hb]
    blend = 0.75 * ha + 0.25 * hb
    assert list(table["Candidate"]) == [fmt.percent(100 * x, 1) for x in blend / blend.sum()]


def test_blend_note(case: Case) -> None:
    a, b = case.weight_sets[0].name, case.weight_sets[1].name
    assert blend_note(40, a, b) == (f"A blend 40 % of the way from {weights_phrase(a)} towards {weights_phrase(b)} "
                                    "(consensus path), as percentages.")
