"""The Ranking chart: options in rank order, bars stacked by each criterion's contribution."""

from __future__ import annotations

import numpy as np

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.report.figures.common import Chart, bar_marker, criterion_style, figure, layout, option_label, safe_label
from appraisal.report.ranking import ranking_headline, ranking_table


def ranking_chart(appraisal: Appraisal, weights: np.ndarray, weights_name: str) -> Chart:
    """Ranked horizontal bars (best at the top) stacked by criterion contribution.

    Built from plain dicts (see ``figures.common.figure``): this chart redraws on every slider move.
    Streamlit re-mounts a Plotly chart whenever its figure changes (the element id hashes the spec),
    so every move is a full ``Plotly.newPlot``. With ``automargin``, or a legend that does not fit its
    margin, Plotly lays the chart out twice (draw, measure, redraw); the margins are therefore fixed
    here from the label widths, which halves ``newPlot`` (≈57 → 29 ms in headless Chromium).
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
            "marker": bar_marker(colour, pattern),
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
    n_criteria = len(appraisal.criterion_names)
    plot_height = 95 * len(results)
    legend_height = 26 * n_criteria  # one entry a row: long criterion names never overlap
    spec = layout(title, x_title=f"Weighted score (maximum possible {fmt.number(max_total)})",
                  height=plot_height + 150 + legend_height)
    spec.update(barmode="stack", bargap=0.5)
    # The option names sit above their bars (annotations), not in a left margin: in the page's
    # results column a margin wide enough for "New local strategic partnership" left the bars no room.
    # Margins are fixed, not automargin: with automargin (or a legend that overflows its margin)
    # Plotly lays the chart out twice on every redraw (≈57 → 29 ms per slider move in Chromium).
    spec["margin"].update(l=16, r=16, b=90 + legend_height)
    spec["xaxis"]["automargin"] = False
    spec["yaxis"].update(automargin=False, showticklabels=False, autorange="reversed", title={"text": ""})
    spec["annotations"] = [
        {"x": 0, "y": label, "xref": "x", "yref": "y", "text": label, "showarrow": False, "xanchor": "left",
         "yanchor": "bottom", "yshift": 20, "font": {"size": 17, "color": "#1a1a1a"}}
        for label in labels
    ]
    spec["legend"] = {
        "orientation": "h", "traceorder": "normal", "x": 0, "xanchor": "left", "y": -85 / plot_height, "yanchor": "top",
        "entrywidth": 1, "entrywidthmode": "fraction", "font": {"size": 15},
    }
    spec["xaxis"]["range"] = [0, max_total * 1.3]
    return Chart(figure(traces, spec), title, ranking_headline(results, max_total), ranking_table(results))
