"""Scrutiny sentences: built from the numbers (they change when the numbers do), never canned."""

from __future__ import annotations

import re

import numpy as np
import pytest

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.scrutiny import scrutinise
from appraisal.analysis.sensitivity import stability_intervals
from appraisal.analysis.smaa import smaa
from appraisal.analysis.what_it_takes import what_it_takes
from appraisal.report.figures.scrutiny import gap_to_leader_chart, weight_change_chart
from appraisal.report.figures.sensitivity import acceptability_heatmap, one_way_chart, one_way_panels
from appraisal.report.scrutiny import scrutiny_paragraph, scrutiny_sentences, what_it_takes_sentence
from appraisal.report.sensitivity import fragility_sentence, smaa_sentence, switching_value_sentence


@pytest.fixture(scope="module")
def a(sample_case) -> Appraisal:  # noqa: ANN001
    return Appraisal(sample_case)


def test_paragraph_states_rank_total_and_gap_from_the_numbers(a: Appraisal) -> None:
    sq = a.status_quo_index
    sc = scrutinise(a, a.W[0], sq, "Breckland cabinet's weights")
    text = scrutiny_paragraph(sc, a.option_names, a.criterion_names, sq)
    total = a.S[sq] @ a.W[0]
    leader_total = (a.S @ a.W[0]).max()
    assert f"ranks {fmt.ordinal(sc.rank)} of {a.n_options} with {fmt.number(total)} points" in text
    assert f"{fmt.number(leader_total - total)} behind the leader" in text
    assert "business-as-usual" in text and "base case" not in text
    assert what_it_takes_sentence(sc.what_it_takes, a.option_names, a.criterion_names) in text


def test_paragraph_changes_with_option_and_weights(a: Appraisal) -> None:
    one = scrutiny_paragraph(scrutinise(a, a.W[0], 0), a.option_names, a.criterion_names, 0)
    other = scrutiny_paragraph(scrutinise(a, a.W[0], 2), a.option_names, a.criterion_names, 0)
    w = a.W[0].copy()
    w[a.criterion_ids.index("deliverability")] = 8
    moved = scrutiny_paragraph(scrutinise(a, w, 0), a.option_names, a.criterion_names, 0)
    assert len({one, other, moved}) == 3


def test_leader_is_compared_with_the_runner_up(a: Appraisal) -> None:
    leader = int(np.argmax(a.S @ a.W[0]))
    sentences = scrutiny_sentences(scrutinise(a, a.W[0], leader), a.option_names, a.criterion_names)
    assert "ranks 1st" in sentences[0] and "ahead of" in sentences[0]
    assert any("already ranks first" in s for s in sentences)


def test_dominated_option_sentence() -> None:
    from appraisal.formats.mapping import case_from_mapping
    from tests.conftest import MINIMAL

    data = {**MINIMAL, "scores": {**MINIMAL["scores"], "alone": {"finance": "Low", "place": "Low", "risk": "Low"}}}
    a = Appraisal(case_from_mapping(data))
    sc = scrutinise(a, a.W[0], 2)
    text = scrutiny_paragraph(sc, a.option_names, a.criterion_names)
    assert sc.dominated_by == [0, 1]
    assert "As is and Shared service each score at least as well as Stand alone" in text
    assert "No weighting can rank Stand alone first" in text


def test_switching_value_and_fragility_sentences(a: Appraisal) -> None:
    w_hat = normalise(a.W[0])
    ivs = stability_intervals(a.S, w_hat)
    iv = ivs[a.criterion_ids.index("workforce")]
    sentence = switching_value_sentence(iv, "Workforce", ["Leader"])
    assert fmt.share(iv.top_unchanged[1], 1) in sentence and "switching value" in sentence
    frag = fragility_sentence(ivs, a.criterion_names, ["Leader"])
    finite = [v for v in ivs if np.isfinite(v.top_margin)]
    assert f"{len(ivs) - len(finite)} of {len(ivs)} criteria cannot change the leader" in frag


def test_smaa_sentence_quotes_the_shares(a: Appraisal) -> None:
    result = smaa(a.S, 2000, seed=1)
    sentence = smaa_sentence(result, a.option_names)
    best = int(np.argmax(result.first_rank))
    assert f"{a.option_names[best]} ranks 1st in {fmt.share(result.first_rank[best])} of 2,000 weightings" in sentence


def test_figures_have_titles_takeaways_tables_and_safe_labels(sample_case) -> None:  # noqa: ANN001
    from appraisal.formats.mapping import case_from_mapping, case_to_mapping

    data = case_to_mapping(sample_case)
    data["options"][1]["name"] = "<b>Bold</b> option"
    a = Appraisal(case_from_mapping(data))
    charts = [one_way_chart(a, a.W[0], k) for k in range(a.n_criteria)] + [one_way_panels(a, a.W[0])]
    charts += [acceptability_heatmap(a, smaa(a.S, 1000)), gap_to_leader_chart(a, a.W[0], 0)]
    charts.append(weight_change_chart(a, what_it_takes(a.S, normalise(a.W[0]), 0)))
    for chart in charts:
        assert chart.title and chart.takeaway and not chart.table.empty
        spec = chart.figure.to_plotly_json()
        assert "<b>Bold" not in str(spec), "user text must be escaped before Plotly sees it"
        layout = spec["layout"]
        assert layout["title"]["text"]
        assert layout["xaxis"]["title"]["text"]
        by_category = spec["data"][0].get("orientation") == "h" or spec["data"][0]["type"] == "heatmap"
        assert by_category or layout["yaxis"]["title"]["text"], "a y-axis title unless rows are labelled by category"


def test_gap_chart_bars_sum_to_the_gap(a: Appraisal) -> None:
    chart = gap_to_leader_chart(a, a.W[0], 0)
    bars = np.array(chart.figure.data[0].x)
    t = a.S @ a.W[0]
    assert bars.sum() == pytest.approx(t[0] - t.max())
    assert re.search(r"20 points behind", chart.takeaway)


def test_one_way_chart_marks_today_and_shades_the_band(a: Appraisal) -> None:
    k = a.criterion_ids.index("workforce")
    chart = one_way_chart(a, a.W[0], k)
    iv = stability_intervals(a.S, normalise(a.W[0]))[k]
    shapes = chart.figure.layout.shapes
    band = next(s for s in shapes if s.type == "rect")
    assert band.x0 == pytest.approx(100 * iv.top_unchanged[0]) and band.x1 == pytest.approx(100 * iv.top_unchanged[1])
    assert any(s.type == "line" and s.x0 == pytest.approx(100 * iv.weight) for s in shapes)
    assert any("switching value" in (ann.text or "") for ann in chart.figure.layout.annotations)
