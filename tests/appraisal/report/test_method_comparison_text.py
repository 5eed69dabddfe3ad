"""'Does the method matter?' in words and tables, and one method's weights (appraisal.report.elicitation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraisal import fmt
from appraisal.analysis.elicitation import points
from appraisal.analysis.elicitation.comparison import compare_methods
from appraisal.analysis.scoring import Appraisal
from appraisal.case.model import Case
from appraisal.formats.load import load_case
from appraisal.report.elicitation import (
    elicited_weights_table,
    method_comparison_sentence,
    method_phrase,
    method_ranks_table,
    method_weights_table,
)

DATA = Path(__file__).resolve().parents[3] / "data"
CASES = ["shared_management_review.yaml", "strategic_partnership_2022.yaml"]


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> Case:
    return load_case(DATA / request.param)


def test_weights_table_columns_sum_to_100_and_as_given_is_the_set(case: Case) -> None:
    ws = case.weight_sets[0]
    comparison = compare_methods(case, ws.weights, ws.name)
    table = method_weights_table(comparison)
    assert list(table["Criterion"]) == [c.name for c in case.criteria]
    assert list(table.columns[1:]) == [m.label for m in comparison.methods]
    total = sum(ws.weights.get(c, 0.0) for c in case.criterion_ids)
    given = [fmt.percent(100 * ws.weights.get(c, 0.0) / total, 1) for c in case.criterion_ids]
    assert list(table.iloc[:, 1]) == given
    for label in table.columns[1:]:
        assert sum(float(v.replace("%", "").strip()) for v in table[label]) == pytest.approx(100, abs=0.1 * len(table))


def test_ranks_table_matches_the_ranking_under_each_method(case: Case) -> None:
    ws = case.weight_sets[-1]
    comparison = compare_methods(case, ws.weights, ws.name)
    a = Appraisal(case)
    table = method_ranks_table(comparison, a.option_names, a.status_quo_index)
    assert list(table["Option"]) == [fmt.option_display(n, i == a.status_quo_index) for i, n in enumerate(a.option_names)]
    for m in comparison.methods:
        results = a.results(m.elicited.vector(case.criterion_ids))
        by_option = {r.option: r.rank_label for r in results}
        assert list(table[m.label]) == [by_option[o] for o in a.option_ids]


@pytest.mark.parametrize("k", [0, 1, -1])
def test_sentence_names_the_first_choice_and_equals_the_legacy_method(case: Case, k: int) -> None:
    ws = case.weight_sets[k]
    comparison = compare_methods(case, ws.weights, ws.name)
    sentence = method_comparison_sentence(comparison)
    leaders = {tuple(r.name for r in m.results if r.rank == 1) for m in comparison.methods}
    if len(leaders) == 1:
        assert sentence.startswith("Whichever method is used, ") and next(iter(leaders))[0] in sentence
    else:
        assert sentence.startswith("The method changes the first choice: ")
        assert all(method_phrase(m) in sentence for m in comparison.methods)


def test_equal_weights_do_not_differ_between_methods(case: Case) -> None:
    comparison = compare_methods(case, {c: 1.0 for c in case.criterion_ids}, "equal")
    assert "differ most" not in method_comparison_sentence(comparison)


def test_elicited_weights_table_lists_every_criterion_in_case_order(case: Case) -> None:
    raw = {c: float(k + 1) for k, c in enumerate(case.criterion_ids)}
    table = elicited_weights_table(case, points(raw))
    total = sum(raw.values())
    assert list(table["Criterion"]) == [c.name for c in case.criteria]
    assert list(table["Weight"]) == [fmt.percent(100 * raw[c] / total, 1) for c in case.criterion_ids]
