"""The "Build a weight set" section of the Weights page (ui.sections.weights_build), through AppTest.

Uses the real Weights page once it calls ``ui.sections.weights_build.render`` and a one-line harness
page until then; the workshop's ``participant_inputs`` is tested through its own harness.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.analysis import elicitation as el
from appraisal.analysis.elicitation.comparison import compare_methods
from appraisal.report import elicitation as elicitation_text
from tests.appraisal.analysis.test_elicitation_comparison import SKEWED
from tests.conftest import ROOT, plain, stored_case, versions, view
from tests.markdown_tables import tables_on

WEIGHTS_PAGE = ROOT / "views" / "weights.py"


def _harness() -> None:
    from ui.cases import current_case
    from ui.sections.weights_build import render

    render(current_case())


def _participant_harness() -> None:
    import json

    import streamlit as st

    from ui.cases import current_case
    from ui.sections.weights_build import participant_inputs

    method = st.session_state.get("test_method", "points")
    weights, raw = participant_inputs(current_case(), method, "join_w_", st.session_state.get("test_initial"))
    st.text_input("Your name", key="join_w_name")     # the caller's own widget, sharing the prefix
    st.text(json.dumps({"weights": weights, "raw": raw}))


def _method_matters_harness() -> None:
    from ui.cases import current_case
    from ui.sections.weights_build import render_method_matters

    case = current_case()
    from tests.appraisal.analysis.test_elicitation_comparison import SKEWED

    render_method_matters(case, {"Participant 7 (Breckland)": SKEWED}, key="wsf_mm")


def _uses_real_page() -> bool:
    assert WEIGHTS_PAGE.exists(), "views/weights.py is missing"
    return "elicitation_view" in WEIGHTS_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def at() -> AppTest:
    if _uses_real_page():
        app = AppTest.from_file(view("weights"), default_timeout=90)
    else:
        app = AppTest.from_function(_harness, default_timeout=90)
    app.run()
    assert not app.exception, app.exception
    return app


def weights_shown(at: AppTest) -> dict[str, float]:
    """The 'Weights by …' table: criterion name → weight in %."""
    for df in tables_on(at.markdown):
        if list(df.columns) == ["Criterion", "Weight"]:
            return {r[0]: float(r[1].rstrip(" %")) for r in df.itertuples(index=False)}
    raise AssertionError("no weights table on the page")


def saved_case(at: AppTest):  # noqa: ANN201
    """The case as the app saved it in the library."""
    del at
    return stored_case()


def save(at: AppTest, name: str, by: str = "Breckland informal cabinet") -> None:
    at.text_input(key="elicit_name").set_value(name)
    at.text_input(key="elicit_by").set_value(by)
    at.selectbox(key="elicit_council").set_value("breckland")
    at.button(key="elicit_save").click().run()
    assert not at.exception, at.exception


def test_points_build_and_save_with_provenance(at: AppTest, sample_case) -> None:  # noqa: ANN001
    names = {c.id: c.name for c in sample_case.criteria}
    assert weights_shown(at) == pytest.approx({n: 10.0 for n in names.values()})   # 10 points each to start
    at.number_input(key="elicit_in_points_finance").set_value(40).run()
    expected = el.points({c: 40 if c == "finance" else 10 for c in names}).weights
    assert weights_shown(at) == pytest.approx({names[c]: round(100 * w, 1) for c, w in expected.items()}, abs=0.05)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(s["layout"]["title"]["text"] == "Weighted totals — Weights by points" for s in specs), [
        s["layout"]["title"]["text"] for s in specs]
    save(at, "Breckland cabinet (points)")
    case = saved_case(at)
    ws = case.weight_set("breckland_cabinet_points")
    assert ws.council == "breckland" and ws.weights["finance"] == pytest.approx(100 * expected["finance"], abs=0.01)
    p = ws.provenance
    assert p is not None and p.method == "points" and p.by == "Breckland informal cabinet" and p.date
    assert p.inputs["points"]["finance"] == 40
    assert any("Saved “Breckland cabinet (points)”" in plain(s.value) for s in at.success)


def test_save_needs_a_name(at: AppTest) -> None:
    at.button(key="elicit_save").click().run()
    assert any("Give the weight set a name" in e.value for e in at.error)
    assert len(versions()) == 1  # nothing saved


def test_ranking_with_ties_and_variants(at: AppTest, sample_case) -> None:  # noqa: ANN001
    at.radio(key="elicit_method").set_value("ranking").run()
    ids = sample_case.criterion_ids
    assert any("Still to rank" in plain(i.value) for i in at.info)
    ranks = {c: min(k + 1, 9) for k, c in enumerate(ids)}       # the last two tie for 9th
    ranks[ids[2]] = 2                                             # and 2nd is shared
    for c, r in ranks.items():
        at.selectbox(key=f"elicit_in_rank_{c}").set_value(r)
    at.run()
    tiers = [[c for c in ids if ranks[c] == r] for r in sorted(set(ranks.values()))]
    names = {c.id: c.name for c in sample_case.criteria}
    expected = el.ranking(tiers, "roc", ids).weights
    shown = weights_shown(at)
    assert shown == pytest.approx({names[c]: round(100 * w, 1) for c, w in expected.items()}, abs=0.05)
    assert shown[names[ids[1]]] == shown[names[ids[2]]] and shown[names[ids[-1]]] == shown[names[ids[-2]]]
    at.radio(key="elicit_variant").set_value("rank_reciprocal").run()
    expected = el.ranking(tiers, "rank_reciprocal", ids).weights
    assert weights_shown(at) == pytest.approx({names[c]: round(100 * w, 1) for c, w in expected.items()}, abs=0.05)
    save(at, "Breckland ranked")
    p = saved_case(at).weight_set("breckland_ranked").provenance
    assert p is not None and (p.method, p.variant) == ("ranking", "rank_reciprocal") and p.inputs["order"] == tiers


def test_swing_weighting(at: AppTest, sample_case) -> None:  # noqa: ANN001
    at.radio(key="elicit_method").set_value("swing").run()
    at.selectbox(key="elicit_in_swing_top").set_value("finance").run()
    at.slider(key="elicit_in_swing_place").set_value(80).run()
    swings = {c: 100 if c == "finance" else 80 if c == "place" else 50 for c in sample_case.criterion_ids}
    expected = el.swing(swings).weights
    names = {c.id: c.name for c in sample_case.criteria}
    assert weights_shown(at) == pytest.approx({names[c]: round(100 * w, 1) for c, w in expected.items()}, abs=0.05)
    assert not [s for s in at.slider if s.key == "elicit_in_swing_finance"]   # the top swing is fixed at 100


def test_pairwise_incomplete_then_inconsistent(at: AppTest, sample_case) -> None:  # noqa: ANN001
    at.radio(key="elicit_method").set_value("pairwise").run()
    ids = sample_case.criterion_ids
    names = {c.id: c.name for c in sample_case.criteria}
    first = ids[0]
    at.selectbox(key=f"elicit_in_pw_{first}__{ids[1]}").set_value("3").run()
    assert any("not compared" in plain(i.value) for i in at.info)            # the rest are not connected yet
    for c in ids[1:]:                                                          # a star: the first against every other
        at.selectbox(key=f"elicit_in_pw_{first}__{c}").set_value("3")
    at.run()
    star = [(first, c, 3) for c in ids[1:]]
    expected = el.pairwise(star, ids).weights
    assert weights_shown(at) == pytest.approx({names[c]: round(100 * w, 1) for c, w in expected.items()}, abs=0.05)
    assert any("Consistency ratio: 0.00" in plain(m.value) for m in at.markdown)
    # A contradiction: 2nd ≫ 3rd ≫ 4th ≫ 2nd, though the first judged all three alike.
    at.selectbox(key=f"elicit_in_pw_{ids[1]}__{ids[2]}").set_value("9")
    at.selectbox(key=f"elicit_in_pw_{ids[2]}__{ids[3]}").set_value("9")
    at.selectbox(key=f"elicit_in_pw_{ids[1]}__{ids[3]}").set_value("1/9").run()
    result = el.pairwise([*star, (ids[1], ids[2], 9), (ids[2], ids[3], 9), (ids[3], ids[1], 9)], ids, names)
    assert result.consistency is not None and not result.consistency.acceptable
    (warning,) = [w.value for w in at.warning if "consistency ratio" in plain(w.value)]
    assert plain(warning) == result.warnings[0]


def test_does_the_method_matter(at: AppTest, sample_case) -> None:  # noqa: ANN001
    at.selectbox(key="elicit_mm_source").set_value("south_holland_cabinet").run()
    ws = sample_case.weight_set("south_holland_cabinet")
    comparison = compare_methods(sample_case, ws.weights, ws.name)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (spec,) = [s for s in specs if s["layout"]["title"]["text"].startswith("Weights from")]
    assert spec["layout"]["title"]["text"] == f"Weights from {ws.name} under each method"
    assert [t["name"] for t in spec["data"]] == [m.label for m in comparison.methods]
    assert [t["x"] for t in spec["data"]] == [[round(100 * w, 2) for w in m.elicited.weights.values()] for m in comparison.methods]
    assert any(plain(m.value) == f"**In short:** {elicitation_text.method_comparison_sentence(comparison)}" for m in at.markdown)


def test_method_matters_for_a_workshop_participant(sample_case) -> None:  # noqa: ANN001
    app = AppTest.from_function(_method_matters_harness, default_timeout=60).run()
    assert not app.exception
    box = app.selectbox(key="wsf_mm_source")
    assert "Participant 7 (Breckland)" in box.options      # offered beside the case's weight sets
    box.set_value("__extra_0").run()
    comparison = compare_methods(sample_case, SKEWED, "Participant 7 (Breckland)")
    assert comparison.first_choice_changes
    assert any(plain(m.value) == f"**In short:** {elicitation_text.method_comparison_sentence(comparison)}" for m in app.markdown)


@pytest.fixture
def participant() -> AppTest:
    app = AppTest.from_function(_participant_harness, default_timeout=60)
    return app


def shown_json(app: AppTest) -> dict:
    return json.loads(app.text[-1].value)


def test_participant_points_with_a_live_count(participant: AppTest, sample_case) -> None:  # noqa: ANN001
    participant.session_state["join_w_name"] = "Cllr Smith"
    participant.run()
    assert participant.text_input(key="join_w_name").value == "Cllr Smith"   # left alone
    ids = sample_case.criterion_ids
    assert any("Points left: 0 of 100" in m.value for m in participant.markdown)
    assert shown_json(participant)["weights"] == pytest.approx({c: 0.1 for c in ids})
    participant.number_input(key=f"join_w_points_{ids[0]}").set_value(30).run()
    assert any("You have given 120 points, 20 more than 100" in m.value for m in participant.markdown)
    assert shown_json(participant)["weights"] == {}
    participant.number_input(key=f"join_w_points_{ids[1]}").set_value(0).run()
    assert any("You have given 110 points, 10 more than 100" in m.value for m in participant.markdown)
    participant.number_input(key=f"join_w_points_{ids[2]}").set_value(0).run()
    assert any("Points left: 0 of 100" in m.value for m in participant.markdown)
    doc = shown_json(participant)
    assert doc["weights"][ids[0]] == pytest.approx(0.3) and doc["weights"][ids[1]] == 0
    assert doc["raw"]["method"] == "points" and doc["raw"]["points"][ids[0]] == 30


def test_participant_ranking(participant: AppTest, sample_case) -> None:  # noqa: ANN001
    participant.session_state["test_method"] = "ranking"
    participant.run()
    ids = sample_case.criterion_ids
    assert shown_json(participant)["weights"] == {}
    for k, c in enumerate(ids):
        participant.selectbox(key=f"join_w_rank_{c}").set_value(1 if k < 2 else k)
    participant.run()
    doc = shown_json(participant)
    tiers = [ids[:2]] + [[c] for c in ids[2:]]
    assert doc["weights"] == pytest.approx(el.ranking(tiers, "roc", ids).weights)
    assert doc["raw"] == {"method": "ranking", "variant": "roc", "order": tiers}


@pytest.mark.parametrize("method", ["points", "ranking", "swing", "pairwise"])
def test_participant_sees_their_earlier_inputs_again(participant: AppTest, sample_case, method: str) -> None:  # noqa: ANN001
    ids = sample_case.criterion_ids
    earlier = {
        "points": el.points({c: 20 if k < 3 else 5 for k, c in enumerate(ids)}),
        "ranking": el.ranking([ids[:2], ids[2:5], ids[5:]]),
        "swing": el.swing({c: 100 if k == 4 else 35 for k, c in enumerate(ids)}),
        "pairwise": el.pairwise([(ids[0], c, 3) for c in ids[1:]] + [(ids[3], ids[2], "1/5")], ids),
    }[method]
    participant.session_state["test_method"] = method
    participant.session_state["test_initial"] = {"method": method, "variant": earlier.variant, **earlier.inputs}
    participant.run()
    assert not participant.exception, participant.exception
    doc = shown_json(participant)
    assert doc["weights"] == pytest.approx(earlier.weights)
    assert doc["raw"]["method"] == method


def test_ranking_page_says_where_each_weight_set_came_from(sample_case) -> None:  # noqa: ANN001
    app = AppTest.from_file(view("ranking"), default_timeout=60).run()
    assert not app.exception
    first = sample_case.weight_sets[0]
    assert any(plain(m.value) == f"*{elicitation_text.provenance_text(first, sample_case)}*" for m in app.markdown)
    with_record = next((w for w in sample_case.weight_sets if w.provenance is not None), None)
    if with_record is not None:
        app.selectbox(key="weight_set_picker").set_value(with_record.id).run()
        assert any(plain(m.value) == f"*{elicitation_text.provenance_text(with_record, sample_case)}*" for m in app.markdown)


def test_harness_matches_real_page_contract() -> None:
    """The Weights page (issue 4) must call render(case); until it exists the harness stands in."""
    if WEIGHTS_PAGE.exists():
        text = Path(WEIGHTS_PAGE).read_text(encoding="utf-8")
        assert "elicitation_view.render(case)" in text, "views/weights.py should call ui.sections.weights_build.render(case)"
