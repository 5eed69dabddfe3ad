"""'Does the method matter?': weights per method, ranks under each, and the sentence built from them."""

from __future__ import annotations

import pytest

from appraisal.analysis import elicitation as el
from appraisal.analysis.elicitation.comparison import LABELS, compare_methods
from appraisal.analysis.scoring import Appraisal
from appraisal.report.elicitation import method_comparison_sentence, method_ranks_table, method_weights_table
from appraisal.report.figures.elicitation import method_weights_chart

# Priorities where the direct weights and the ranking-based weights disagree about the winner.
SKEWED = {"place": 1, "influence": 1, "finance": 10, "service_resilience": 1, "workforce": 9, "sovereignty": 1,
          "deliverability": 9.5, "change_cost": 9, "devolution": 1, "efficiency": 1}


def test_every_method_ranks_with_the_one_engine(sample_case) -> None:  # noqa: ANN001
    comparison = compare_methods(sample_case, SKEWED, "Test")
    appraisal = Appraisal(sample_case)
    assert [m.label for m in comparison.methods] == list(LABELS.values())
    for m in comparison.methods:
        assert sum(m.elicited.weights.values()) == pytest.approx(1.0)
        assert m.results == appraisal.results(m.elicited.vector(sample_case.criterion_ids))
    by_key = {m.key: m for m in comparison.methods}
    assert by_key["points"].elicited.weights == pytest.approx(el.points(SKEWED).weights)
    assert by_key["ranking:roc"].elicited.weights == pytest.approx(el.ranking(el.order_from_weights(SKEWED)).weights)


def test_sentence_says_when_the_first_choice_changes(sample_case) -> None:  # noqa: ANN001
    comparison = compare_methods(sample_case, SKEWED, "Test")
    leaders = {m.key: m.leaders for m in comparison.methods}
    assert leaders["points"] != leaders["ranking:roc"]          # the premise of this example
    assert comparison.first_choice_changes
    sentence = method_comparison_sentence(comparison)
    assert sentence.startswith("The method changes the first choice: ")
    assert f"{leaders['points'][0]} ranks 1st as given" in sentence
    assert f"{leaders['ranking:roc'][0]} ranks 1st under rank-order centroid" in sentence
    assert "The weights differ most on Financial resilience and savings" in sentence


def test_sentence_when_nothing_changes(sample_case) -> None:  # noqa: ANN001
    ws = sample_case.weight_sets[0]
    comparison = compare_methods(sample_case, ws.weights, ws.name)
    assert not comparison.first_choice_changes
    leader = comparison.methods[0].leaders[0]
    assert method_comparison_sentence(comparison).startswith(
        f"Whichever method is used, {leader} ranks 1st: the method does not change the first choice")


def test_equal_weights_agree_everywhere(sample_case) -> None:  # noqa: ANN001
    comparison = compare_methods(sample_case, dict.fromkeys(sample_case.criterion_ids, 1), "Equal")
    for m in comparison.methods:
        assert list(m.elicited.weights.values()) == pytest.approx([0.1] * 10)
    assert "differ most" not in method_comparison_sentence(comparison)


def test_chart_and_tables_carry_the_same_numbers(sample_case) -> None:  # noqa: ANN001
    comparison = compare_methods(sample_case, SKEWED, "South <b>Holland</b>")
    chart = method_weights_chart(comparison)
    data = chart.figure.to_dict()["data"]
    assert [t["name"] for t in data] == list(LABELS.values())
    assert len({t["marker"]["symbol"] for t in data}) == len(data)          # never colour alone
    assert "<b>" not in chart.figure.to_dict()["layout"]["title"]["text"]    # user text escaped for Plotly
    assert chart.takeaway == method_comparison_sentence(comparison)
    table = method_weights_table(comparison)
    assert list(table.columns) == ["Criterion", *LABELS.values()]
    for t, m in zip(data, comparison.methods):
        assert t["x"] == [round(100 * w, 2) for w in m.elicited.weights.values()]
        assert list(table[m.label]) == [f"{100 * w:.1f} %" for w in m.elicited.weights.values()]
    ranks = method_ranks_table(comparison, [o.name for o in sample_case.options], 0)
    assert ranks.iloc[0, 0] == "As is (business as usual)"
