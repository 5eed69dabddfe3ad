"""Comparing weight sets, building a consensus, and the weights/workshop figures (pure functions)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.analysis.consensus import (
    consensus,
    consensus_weight_set,
    council_pair,
    differences,
    percentages,
    set_mappings,
)
from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from appraisal.analysis.workshop import JOINT, Submission, aggregate
from appraisal.case.changes import unique_id
from appraisal.case.model import WeightSet
from appraisal.errors import CaseError
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.elicitation import provenance_text
from appraisal.report.figures.weights import (
    aggregate_ranks_table,
    aggregate_table,
    spread_sentence,
    submission_spread_chart,
    weights_comparison_chart,
)
from appraisal.report.weights import snapshot_comparison
from appraisal.store.repository import now


@pytest.fixture
def case(minimal):
    return case_from_mapping(minimal, "minimal")


def test_percentages_and_differences_known_values(case) -> None:
    a = Appraisal(case)
    p = percentages(a, ["north_cabinet", "south_cabinet"])
    assert p[0] == pytest.approx([50, 100 / 3, 50 / 3])
    assert p[1] == pytest.approx([50 / 3, 100 / 3, 50])
    assert differences(a, "north_cabinet", "south_cabinet") == pytest.approx([-100 / 3, 0, 100 / 3])
    assert council_pair(case, ["north_cabinet", "south_cabinet"]) == ("north_cabinet", "south_cabinet")


def test_comparison_chart_highlights_and_says_where_councils_differ(case) -> None:
    a = Appraisal(case)
    chart = weights_comparison_chart(a, ["north_cabinet", "south_cabinet"])
    spec = json.loads(chart.figure.to_json())
    labels = spec["data"][0]["y"]
    assert labels == ["◆ Financial sustainability", "Place leadership", "◆ Deliverability"]
    assert len(spec["layout"]["shapes"]) == 2
    assert chart.takeaway.startswith(
        "North cabinet and South cabinet differ most on Financial sustainability (50 % against 17 %, 33.3 points)")
    assert "on 2 of 3 criteria" in chart.takeaway
    assert list(chart.table["Difference (points)"]) == ["−33.3 — differs", "0", "+33.3 — differs"]
    assert chart.figure.layout.xaxis.title.text and chart.title


def test_comparison_chart_escapes_names(minimal) -> None:
    minimal["weight_sets"][0]["name"] = "<b>North</b> <a href='x'>cab</a>"
    chart = weights_comparison_chart(Appraisal(case_from_mapping(minimal)), ["north_cabinet"])
    assert chart.figure.data[0].name == "&lt;b&gt;North&lt;/b&gt; &lt;a href='x'&gt;cab&lt;/a&gt;"
    assert "gives Financial sustainability the largest share, 50 %" in chart.takeaway


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.floats(0, 100, allow_nan=False), min_size=4, max_size=4).filter(lambda r: sum(r) > 1e-6),
                min_size=1, max_size=6), st.sampled_from(["mean", "median"]))
def test_consensus_is_a_weight_set_between_its_sources(rows, statistic) -> None:
    w = np.array(rows)
    c = consensus(w, statistic)
    assert c.sum() == pytest.approx(100.0)
    shares = 100 * w / w.sum(axis=1, keepdims=True)
    if statistic == "mean":  # the mean of shares lies within the sources' range criterion by criterion
        assert np.all(c >= shares.min(axis=0) - 1e-9) and np.all(c <= shares.max(axis=0) + 1e-9)
    # Scaling any source (other units) changes nothing.
    assert consensus(w * np.arange(1, len(w) + 1)[:, None], statistic) == pytest.approx(c)


def test_consensus_weight_set_has_provenance_and_a_fresh_id(case) -> None:
    ws = consensus_weight_set(case, "North-cabinet!", {"finance": 40, "place": 35, "risk": 25}, "consensus", "mean",
                              ["north_cabinet", "south_cabinet"], by="Joint meeting")
    assert ws.id == "north_cabinet_2"  # the name's slug is taken
    assert ws.provenance.method == "consensus" and ws.provenance.by == "Joint meeting"
    assert ws.provenance.inputs["from_names"] == ["North cabinet", "South cabinet"]
    assert "agreed" in provenance_text(ws, case) and "Joint meeting" in provenance_text(ws, case)
    assert unique_id("Joint — mean!", [w.id for w in case.weight_sets]) == "joint_mean"
    with pytest.raises(CaseError, match="already called"):  # a name that reads the same as one taken
        consensus_weight_set(case, "north  CABINET", {"finance": 1}, "consensus", "mean", ["north_cabinet"])


def test_snapshot_comparison_lists_changed_added_and_removed(case) -> None:
    then = set_mappings(case)
    now_sets = set_mappings(case, {"north_cabinet": {"finance": 5, "place": 2, "risk": 1}})
    now_sets = [s for s in now_sets if s["id"] != "south_cabinet"] + [{"id": "joint", "name": "Joint", "weights": {"finance": 1}}]
    df = snapshot_comparison(case, then, now_sets)
    rows = df.to_dict("records")
    assert {"Weight set": "North cabinet", "Criterion": "Financial sustainability", "Then": "3", "Now": "5", "Change": "+2"} in rows
    assert any(r["Weight set"] == "South cabinet" and r["Change"] == "removed since" for r in rows)
    assert any(r["Weight set"] == "Joint" and r["Change"] == "added since" for r in rows)
    assert snapshot_comparison(case, then, then).empty


def _sub(council, weights):
    t = now()
    return Submission("tok-" + council, council, "x", weights, "points", {}, t, t, 1)


def test_spread_chart_and_aggregate_tables(case) -> None:
    subs = [_sub("north", {"finance": 3, "place": 1, "risk": 0}), _sub("north", {"finance": 1, "place": 1, "risk": 2}),
            _sub("south", {"finance": 0, "place": 0, "risk": 5})]
    councils = {"north": "North", "south": "South"}
    aggs = aggregate(subs, case.criterion_ids, councils)
    names = [c.name for c in case.criteria]
    chart = submission_spread_chart(subs, case.criterion_ids, names, councils, aggs)
    spec = json.loads(chart.figure.to_json())
    assert [t["name"] for t in spec["data"]] == ["North (2)", "South (1)", "Joint mean (3)"]
    assert len(spec["data"][0]["x"]) == 2 * 3  # one dot per participant per criterion
    assert spec["data"][0]["marker"]["symbol"] != spec["data"][1]["marker"]["symbol"]  # not colour alone
    assert chart.takeaway == ("3 submissions so far; the widest disagreement is on Deliverability (from 0 % to 100 %); "
                              "jointly, Deliverability gets the largest share (50 %).")
    assert list(chart.table["Highest"]) == ["75 %", "25 %", "100 %"]
    table = aggregate_table(aggs, case.criterion_ids, names, "mean")
    assert list(table.columns)[1:] == ["North (mean, n=2)", "South (mean, n=1)", "Joint (every participant) (mean, n=3)",
                                       "Joint (each council equally) (mean, n=3)"]
    ranks = aggregate_ranks_table(Appraisal(case), aggs, "median")
    a = Appraisal(case)
    joint = a.weights_from_mapping(aggs[JOINT].median)
    expected = competition_ranks(totals(a.S, joint))
    assert list(ranks["Joint (every participant) (n=3)"]) == [str(r) if list(expected).count(r) == 1 else f"={r}" for r in expected]
    assert spread_sentence([], case.criterion_ids, names, aggs) == "No submissions yet."


def test_adopted_workshop_set_is_a_valid_case_set(case) -> None:
    data = set_mappings(case)
    assert all(WeightSet.model_validate(d) for d in data)


def test_aggregate_chart_per_council_and_joint(case) -> None:
    from appraisal.report.figures.weights import aggregate_chart

    subs = [_sub("north", {"finance": 3, "place": 1, "risk": 0}), _sub("south", {"finance": 0, "place": 1, "risk": 3})]
    councils = {"north": "North", "south": "South"}
    aggs = aggregate(subs, case.criterion_ids, councils)
    chart = aggregate_chart(aggs, case.criterion_ids, [c.name for c in case.criteria], "mean")
    spec = json.loads(chart.figure.to_json())
    assert [t["name"] for t in spec["data"]] == ["North (n=1)", "South (n=1)", "Joint (every participant) (n=2)",
                                                 "Joint (each council equally) (n=2)"]
    assert spec["data"][2]["x"] == pytest.approx([37.5, 25.0, 37.5])
    assert chart.takeaway == ("North (1) gives Financial sustainability the most (75 %), South (1) gives Deliverability the most "
                              "(75 %); North and South differ most on Financial sustainability (75 % against 0 %).")
    assert list(chart.table.columns)[1:] == ["North (mean, n=1)", "South (mean, n=1)", "Joint (every participant) (mean, n=2)",
                                             "Joint (each council equally) (mean, n=2)"]


def test_leaders_sentence_says_whether_groups_agree(case) -> None:
    from appraisal.report.figures.weights import leaders_sentence

    a = Appraisal(case)
    councils = {"north": "North", "south": "South"}
    agree = aggregate([_sub("north", {"finance": 3, "place": 2, "risk": 1}), _sub("south", {"finance": 3, "place": 3, "risk": 1})],
                      case.criterion_ids, councils)
    assert leaders_sentence(a, agree, "mean") == "Shared service ranks 1st under every group's weights (mean)."
    split = aggregate([_sub("north", {"finance": 1, "place": 1, "risk": 0}), _sub("south", {"finance": 0, "place": 0, "risk": 1})],
                      case.criterion_ids, councils)
    sentence = leaders_sentence(a, split, "mean")
    assert sentence.startswith("The groups do not agree on the first choice — North: Shared service; ")
    assert "South: As is (business as usual)" in sentence


def test_hover_labels_never_carry_user_text_as_a_template(minimal) -> None:
    minimal["weight_sets"][0]["name"] = "North %{x} <b>"
    minimal["councils"][0]["name"] = "North %{y}"
    case = case_from_mapping(minimal)
    chart = weights_comparison_chart(Appraisal(case), ["north_cabinet", "south_cabinet"])
    subs = [_sub("north", {"finance": 1, "place": 1, "risk": 1})]
    councils = {"north": "North %{y}", "south": "South"}
    aggs = aggregate(subs, case.criterion_ids, councils)
    spread = submission_spread_chart(subs, case.criterion_ids, [c.name for c in case.criteria], councils, aggs)
    for fig in (chart.figure, spread.figure):
        for trace in fig.data:
            assert "North" not in (trace.hovertemplate or "")


def test_snapshot_set_chart_then_and_now(case) -> None:
    from appraisal.report.figures.weights import snapshot_set_chart

    names = [c.name for c in case.criteria]
    chart = snapshot_set_chart(case.criterion_ids, names, "North", "June", {"finance": 3, "place": 2, "risk": 1},
                               {"finance": 1, "place": 2, "risk": 1})
    assert chart.takeaway == "Since “June”, North's share for Financial sustainability has moved most: 50 % then, 25 % now."
    assert list(chart.table["Change (points)"]) == ["−25", "+16.7", "+8.3"]
    same = snapshot_set_chart(case.criterion_ids, names, "North", "June", {"finance": 3}, {"finance": 6})
    assert same.takeaway == "North gives every criterion the same share now as in “June”."
