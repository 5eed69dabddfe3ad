"""The Scrutiny page through AppTest: pick an option, change a weight, the narrative follows the numbers."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import scrutinise
from appraisal.report.scrutiny import scrutiny_paragraph
from tests.conftest import open_app
from tests.markdown_tables import tables_on


@pytest.fixture
def at() -> AppTest:
    return open_app("views/scrutiny.py")


def narrative(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Under ")).replace("\\", "")


def test_defaults_to_the_status_quo_with_charts_and_narrative(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    assert at.selectbox(key="scr_option").value == "as_is"
    sc = scrutinise(a, a.W[0], a.status_quo_index, "Breckland cabinet's weights")
    assert narrative(at) == scrutiny_paragraph(sc, a.option_names, a.criterion_names, a.status_quo_index)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 2  # gap to the leader, and before/after weights
    assert charts[0]["data"][0]["orientation"] == "h"
    ranks_table = tables_on(at.markdown)[0]
    assert list(ranks_table.iloc[:, 0]) == a.set_names


def test_changing_the_option_and_a_weight_changes_the_narrative(at: AppTest, sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    first = narrative(at)
    at.selectbox(key="scr_option").set_value("stand_alone").run()
    assert not at.exception
    second = narrative(at)
    assert second != first and second.startswith("Under Breckland cabinet's weights, Stand alone ranks 3rd")
    at.slider(key="scr_w_sovereignty").set_value(6.0).run()
    assert not at.exception
    w = a.W[0].copy()
    w[a.criterion_ids.index("sovereignty")] = 6.0
    sc = scrutinise(a, w, a.option_ids.index("stand_alone"), "the edited Breckland cabinet weights")
    assert narrative(at) == scrutiny_paragraph(sc, a.option_names, a.criterion_names, a.status_quo_index) != second
    # The choice of option survives a page switch.
    at.switch_page("views/ranking.py").run()
    at.switch_page("views/scrutiny.py").run()
    assert at.selectbox(key="scr_option").value == "stand_alone"


def test_leader_says_no_change_needed_and_custom_scale_is_checked(at: AppTest) -> None:
    at.selectbox(key="scr_option").set_value("local_partnership").run()
    assert any("already ranks first" in s.value for s in at.success)
    at.text_input(key="scr_custom_scale_text").input("9/4/1").run()
    assert not at.exception
    assert "Custom (9/4/1)" in narrative(at)
    at.text_input(key="scr_custom_scale_text").input("1/2/3").run()
    assert at.error and "decrease" in at.error[0].value
