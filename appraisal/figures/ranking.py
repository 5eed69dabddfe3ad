"""The Ranking chart: options in rank order, bars stacked by each criterion's contribution."""

from __future__ import annotations

import html
import math

import numpy as np

from appraisal import fmt
from appraisal.explain import ranking_headline
from appraisal.figures.common import Chart, criterion_style, figure, layout, option_label, safe_label
from appraisal.scoring import Appraisal
from appraisal.tables import ranking_table


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
    spec = layout(title, x_title=f"Weighted score (maximum possible {fmt.number(max_total)})", height=plot_height + 180 + 28 * legend_rows)
    spec.update(barmode="stack")
    # Room for the legend below the plot with a little to spare: if the legend pushed the margin
    # even by a pixel, Plotly would lay the whole chart out a second time.
    spec["margin"]["b"] = 120 + 28 * legend_rows
    spec["margin"]["l"] = math.ceil(max(label_width(label, 16) for label in labels)) + 14
    spec["xaxis"]["automargin"] = False
    spec["yaxis"]["automargin"] = False
    spec["legend"] = {
        "orientation": "h", "traceorder": "normal", "x": 0, "xanchor": "left", "y": -110 / plot_height, "yanchor": "top",
        "entrywidth": 0.5, "entrywidthmode": "fraction", "font": {"size": 15},
    }
    spec["yaxis"]["autorange"] = "reversed"
    spec["xaxis"]["range"] = [0, max_total * 1.25]
    return Chart(figure(traces, spec), title, ranking_headline(results, max_total), ranking_table(results))


# Advance widths in ems (Arial, the fallback of the chart font, rounded up) by character class:
# enough to size a margin so that option names are never cut off, without measuring in the browser.
_NARROW, _WIDE = frozenset("iIjlt.,;:'!|()[]{}f "), frozenset("mwMW@%")


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.9
    return 0.72 if char.isupper() else 0.58


def label_width(label: str, size: float) -> float:
    """An upper estimate of a Plotly label's width in pixels (entities decoded, one line per <br>)."""
    return size * max(sum(_em(c) for c in html.unescape(line)) for line in label.split("<br>"))
