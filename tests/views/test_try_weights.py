"""'Try these weights' on the Scrutiny page (issue 18): the proposed weights go on the sliders, which can hold them."""

from __future__ import annotations

from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from tests.conftest import open_view


def test_try_these_weights_sets_the_sliders_and_ranks_it_first(sample_case) -> None:  # noqa: ANN001
    at = open_view("scrutiny")
    sq = sample_case.status_quo.id
    at.button(key="scr_try_weights").click().run()
    assert not at.exception
    values = {c: at.slider(key=f"scr_w_{c}").value for c in sample_case.criterion_ids}
    assert max(values.values()) >= 7                       # more than the old 0–6 range could hold
    for c in sample_case.criterion_ids:
        assert at.slider(key=f"scr_w_{c}").max >= values[c]
    appraisal = Appraisal(sample_case)
    w = [values[c] for c in sample_case.criterion_ids]
    ranks = competition_ranks(totals(appraisal.S, w))
    assert ranks[appraisal.option_ids.index(sq)] == 1      # first, or level first
    assert sum(w) == sum(float(v) for v in sample_case.weight_sets[0].weights.values())
    assert not at.button(key="scr_reset").disabled          # shown as edited
    assert "edited" in " ".join(m.value for m in at.markdown)
