"""Slider ranges follow each weight set's own units (ui.components.weight_sliders.slider_range)."""

from __future__ import annotations

from appraisal.analysis.consensus import consensus_weight_set
from appraisal.case.changes import AddWeightSet
from ui.components.weight_sliders import same_units, slider_range


def test_a_set_in_percent_does_not_change_the_point_sets_sliders(sample_case) -> None:
    """Adding a consensus (in %) to a case in 1–3 points keeps the points sets' sliders at 0–6 in steps
    of 0.5, and gives the new set a range for percentages (another device adding one must not make the
    chair's sliders coarse)."""
    before = slider_range(sample_case, set_id="breckland_cabinet")
    assert before == (6.0, 0.5)
    pct = {c: 100 / len(sample_case.criterion_ids) for c in sample_case.criterion_ids}
    pct[sample_case.criterion_ids[0]] += 5
    ws = consensus_weight_set(sample_case, "Joint — mean", pct, "consensus", "mean", ["breckland_cabinet"])
    case = AddWeightSet("consensus", ws).apply(sample_case)
    assert slider_range(case, set_id="breckland_cabinet") == before
    assert slider_range(case, set_id="equal") == before, "equal weights (1 each) are points too"
    maximum, step = slider_range(case, set_id=ws.id)
    assert maximum >= 2 * max(ws.weights.values()) and step >= 1
    assert ws.id not in [s.id for s in same_units(case, "breckland_cabinet")]
    assert slider_range(case, {"finance": 9.0}, "breckland_cabinet")[0] >= 9, "the maximum holds the weights in use"
