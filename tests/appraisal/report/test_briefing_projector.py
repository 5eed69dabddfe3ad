"""The Briefing's weightings screen on a projector (issue 18): one short takeaway, at most five rows,
every row labelled, text at 24 px or more — so it fits 1280×720 (the browser test measures it)."""

from __future__ import annotations

import json

import numpy as np

from appraisal.analysis.consensus import DIFFERENCE_POINTS, council_pair, percentages
from appraisal.analysis.scoring import Appraisal
from appraisal.report.briefing import build_step, context
from appraisal.report.figures.common import PROJECTOR_MIN_PX
from appraisal.report.figures.weights import PROJECTOR_ROWS, weights_projector_chart
from appraisal.report.weights import differences_headline, differences_sentence


def test_projector_weights_screen_is_short_and_labels_every_row(sample_case) -> None:  # noqa: ANN001
    ctx = context(sample_case)
    step = build_step(ctx, 1, projector=True)
    a, b = council_pair(sample_case, ctx.appraisal.set_ids)
    assert step.takeaway == differences_headline(ctx.appraisal, a, b)
    assert len(step.takeaway) < len(differences_sentence(ctx.appraisal, a, b)) and len(step.takeaway) <= 130
    spec = json.loads(step.chart.figure.to_json())
    labels = spec["layout"]["yaxis"]["ticktext"]
    assert 1 <= len(labels) <= PROJECTOR_ROWS and spec["layout"]["yaxis"]["tickvals"] == labels
    # The rows are the criteria that differ most, biggest first.
    p = percentages(ctx.appraisal, [a, b])
    d = np.abs(p[1] - p[0])
    names = ctx.appraisal.criterion_names
    assert [names.index(x) for x in labels] == [int(j) for j in np.argsort(-d, kind="stable")[:len(labels)]]
    flagged = int((d >= DIFFERENCE_POINTS).sum())
    assert spec["layout"]["title"]["text"].startswith(f"{flagged} of {len(names)} criteria differ")
    # Both sets named in the key, every font at projector size.
    key = spec["layout"]["title"]["subtitle"]["text"]
    for s in (a, b):
        assert sample_case.weight_set(s).name in key
    sizes = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("font", "tickfont", "textfont") and isinstance(v, dict) and "size" in v:
                    sizes.append(v["size"])
                walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec["layout"])
    assert sizes and min(sizes) >= PROJECTOR_MIN_PX
    # Outside presentation mode the screen keeps its full chart and sentence.
    full = build_step(ctx, 1)
    assert full.takeaway.startswith(differences_sentence(ctx.appraisal, a, b))


def test_projector_chart_with_no_big_differences_shows_the_largest(minimal) -> None:  # noqa: ANN001
    from appraisal.formats.mapping import case_from_mapping

    minimal["weight_sets"][1]["weights"] = {"finance": 3, "place": 2, "risk": 1.05}
    appraisal = Appraisal(case_from_mapping(minimal))
    chart = weights_projector_chart(appraisal, "north_cabinet", "south_cabinet")
    assert chart.title == "Every criterion's share of the weight"
    assert len(chart.table) == appraisal.n_criteria
