"""The Scores page through AppTest: both heatmaps drawn, and choosing an option redraws without an error."""

from __future__ import annotations

import json

from tests.conftest import open_view


def test_scores_page_renders() -> None:
    at = open_view("scores")
    assert len(at.get("plotly_chart")) == 2
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "heatmap"
    at.selectbox(key="scores_option").select_index(3).run()
    assert not at.exception
