"""AppTest: the consensus path section (Weights page) and the robustness badges (Ranking page)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal import fmt
from appraisal.analysis.consensus_path import path_between
from appraisal.analysis.robustness import robustness
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.smaa import smaa
from appraisal.report.robustness import badge_sentence, robustness_table
from tests.conftest import open_view, plain, stored_case
from tests.markdown_tables import as_shown, table_with


def page_text(at: AppTest) -> str:
    return "\n".join(plain(m.value) for m in at.markdown)


def leader_line(a: Appraisal, row) -> str:  # noqa: ANN001 - a robustness row
    """The badge row's sentence about the leader, right under its heading."""
    name = fmt.option_display(a.option_names[row.option], row.option == a.status_quo_index)
    return f"## Robustness at a glance\n\n**{name}:** {badge_sentence(a, row)}"


def path_spec(at: AppTest) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if any(t.get("name") == "Swap points" for t in s["data"]))


def _path_section() -> None:
    from ui.cases import current_case
    from ui.sections import weights_between as path_view

    path_view.render(current_case())


@pytest.fixture
def section() -> AppTest:
    at = AppTest.from_function(_path_section, default_timeout=60).run()
    assert not at.exception
    return at


def test_path_section_defaults_to_the_two_cabinets_with_the_exact_swap(section: AppTest, sample_case) -> None:  # noqa: ANN001
    assert section.selectbox(key="path_from").value == "breckland_cabinet"
    assert section.selectbox(key="path_to").value == "south_holland_cabinet"
    assert section.selectbox(key="path_mark").value == "joint_consensus"
    spec = path_spec(section)
    swaps = next(t for t in spec["data"] if t["name"] == "Swap points")
    assert swaps["x"] == pytest.approx([100 * 132 / 155])
    assert "Stand alone overtakes Improved existing partnership (85 %)" in swaps["text"]
    text = " ".join(plain(m.value) for m in section.markdown)
    assert "Stand alone overtakes Improved existing partnership 85 % of the way towards South Holland cabinet's weights" in text
    assert "Joint consensus is not a blend of the two" in text


def test_lambda_slider_makes_a_candidate_that_can_be_saved_and_is_then_found_on_the_path(section: AppTest, sample_case) -> None:  # noqa: ANN001
    section.slider(key="path_lambda").set_value(30).run()
    assert not section.exception
    spec = path_spec(section)
    assert [s["x0"] for s in spec["layout"]["shapes"]] == [30]
    text = " ".join(plain(m.value) for m in section.markdown)
    assert "Candidate joint set: 30 % of the way" in text
    section.text_input(key="path_name").input("Cabinets' compromise").run()
    section.button(key="path_save").click().run()
    assert not section.exception
    assert "Cabinets' compromise" in plain(section.success[0].value)
    assert section.selectbox(key="path_mark").value == "cabinets_compromise"
    # The saved set is a blend of the two, so the chart now marks it, exactly at 30 %.
    spec = path_spec(section)
    annotations = [a["text"] for a in spec["layout"]["annotations"]]
    assert "Cabinets' compromise (30 %)" in annotations
    saved = stored_case().weight_set("cabinets_compromise")
    assert saved.provenance.method == "path"
    assert saved.provenance.inputs == {"from": "breckland_cabinet", "to": "south_holland_cabinet", "lambda": 0.3}
    a = Appraisal(sample_case)
    expected = 100 * path_between(a, "breckland_cabinet", "south_holland_cabinet").weights_at(0.3)
    assert [saved.weights[c] for c in a.criterion_ids] == pytest.approx(expected, abs=1e-6)
    # A second save under the same name is refused, not duplicated.
    section.text_input(key="path_name").input("Cabinets' compromise").run()
    section.button(key="path_save").click().run()
    assert "already called" in plain(section.error[0].value)


def test_choosing_other_sets_redraws_and_survives_a_rerun(section: AppTest) -> None:
    section.selectbox(key="path_to").select("equal").run()
    assert not section.exception
    text = " ".join(plain(m.value) for m in section.markdown)
    assert "Between Breckland cabinet's weights and Equal weights the order of the options never changes" in text
    section.run()
    assert section.selectbox(key="path_to").value == "equal"


def test_weights_page_shows_the_path_chart() -> None:
    at = open_view("weights")
    assert path_spec(at)["layout"]["title"]["text"].startswith("From Breckland cabinet to South Holland cabinet")


def test_ranking_page_shows_the_badges_from_the_engine(sample_case) -> None:  # noqa: ANN001
    at = open_view("ranking")
    a = Appraisal(sample_case)
    result = smaa(a.S, n_samples=10_000, seed=0)
    rows = robustness(a, a.W[0], result)
    expected = robustness_table(a, rows)
    table = table_with(at.markdown, "First in random weightings")
    assert table.equals(as_shown(expected))
    leader = rows[a.option_ids.index("local_partnership")]
    assert leader_line(a, leader) in page_text(at)
    # Weights that favour As is: the badges follow the sliders.
    for crit, value in [("change_cost", 6.0), ("deliverability", 6.0), ("place", 0.0), ("influence", 0.0), ("devolution", 0.0)]:
        at.slider(key=f"w_{crit}").set_value(value)
    at.run()
    assert not at.exception
    w = a.W[0].copy()
    for crit, value in [("change_cost", 6.0), ("deliverability", 6.0), ("place", 0.0), ("influence", 0.0), ("devolution", 0.0)]:
        w[a.criterion_ids.index(crit)] = value
    rows = robustness(a, w, result)
    leader = min(rows, key=lambda r: (r.rank_now, r.option))
    assert leader_line(a, leader) in page_text(at)
    assert table_with(at.markdown, "First in random weightings").equals(as_shown(robustness_table(a, rows)))


def test_scrutiny_page_shows_the_same_badges(sample_case) -> None:  # noqa: ANN001
    at = open_view("scrutiny")
    a = Appraisal(sample_case)
    expected = robustness_table(a, robustness(a, a.W[0], smaa(a.S, n_samples=10_000, seed=0)))
    assert table_with(at.markdown, "First in random weightings").equals(as_shown(expected))
