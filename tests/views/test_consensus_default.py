"""The joint-weighting builder starts from the councils' own sets (issue 18), not Equal weights or a joint set."""

from __future__ import annotations

import pytest

from appraisal.analysis.consensus import percentages
from appraisal.analysis.scoring import Appraisal
from tests.conftest import open_view, stored_case


def test_mean_defaults_to_the_councils_sets(sample_case) -> None:  # noqa: ANN001
    at = open_view("weights")
    at.radio(key="wts_cons_how").set_value("mean").run()
    councils = [w.id for w in sample_case.weight_sets if w.council]
    assert len(councils) == 2
    assert at.multiselect(key="wts_cons_sets").value == councils
    at.button(key="wts_cons_add").click().run()
    assert not at.exception
    ws = stored_case().weight_sets[-1]
    assert ws.provenance.inputs["from"] == councils
    expected = percentages(Appraisal(sample_case), councils).mean(axis=0)
    assert [ws.weights[c] for c in sample_case.criterion_ids] == pytest.approx(expected.tolist(), abs=0.01)
