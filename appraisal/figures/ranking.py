"""The Ranking chart: options in rank order, bars stacked by each criterion's contribution."""

from __future__ import annotations

import numpy as np

from appraisal import fmt
from appraisal.explain import ranking_headline
from appraisal.figures.common import Chart, criterion_style, figure, layout, option_label, safe_label
from appraisal.scoring import Appraisal
from appraisal.tables import ranking_table


def ranking_chart(appraisal: Appraisal, weights: np.ndarray, weights_name: str) -> Chart:
    """Ranked horizontal bars (best at the top) stacked by criterion contribution.

    Built from plain dicts (see ``figures.common.figure``): this chart redraws on every slider move.
    """
    results = appraisal.results(weights)
    order = [appraisal.option_ids.index(r.option) for r in results]
    contrib = appraisal.contributions(weights)[order]
    labels = [option_label(r.name, r.status_quo) for r in results]
    traces: list[dict] = []
    for j, name in enumerate(appraisal.criterion_names):
        colour, pattern = criterion_style(j)
        traces.append({
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": contrib[:, j].tolist(),
            "name": safe_label(name),
            "marker": {"color": colour, "pattern": {"shape": pattern}, "line": {"color": "white", "width": 1}},
            "hovertemplate": "%{y}<br>" + safe_label(name) + ": %{x:.3g}<extra></extra>",
        })
    traces.append({
        "type": "scatter",
        "mode": "text",
        "y": labels,
        "x": [r.total for r in results],
        "text": [f"{r.rank_label}: {fmt.number(r.total)} ({fmt.percent(r.percent_of_max)})" for r in results],
        "textposition": "middle right",
        "textfont": {"size": 17},
        "showlegend": False,
        "hoverinfo": "skip",
    })
    max_total = appraisal.max_total(weights)
    title = f"Weighted totals — {weights_name}"
    legend_rows = -(-len(appraisal.criterion_names) // 2)  # two legend entries a row
    plot_height = max(300, 90 * len(results))
    spec = layout(title, x_title=f"Weighted score (maximum possible {fmt.number(max_total)})", height=plot_height + 170 + 26 * legend_rows)
    spec.update(barmode="stack")
    spec["margin"]["b"] = 110 + 26 * legend_rows
    spec["legend"] = {
        "orientation": "h", "traceorder": "normal", "x": 0, "xanchor": "left", "y": -110 / plot_height, "yanchor": "top",
        "entrywidth": 0.5, "entrywidthmode": "fraction", "font": {"size": 15},
    }
    spec["yaxis"]["autorange"] = "reversed"
    spec["xaxis"]["range"] = [0, max_total * 1.25]
    return Chart(figure(traces, spec), title, ranking_headline(results, max_total), ranking_table(results))
