"""The Ranking chart: options in rank order, bars stacked by each criterion's contribution."""

from __future__ import annotations

import numpy as np

from appraisal import fmt
from appraisal.analysis.robustness import LocalRobustness
from appraisal.analysis.scoring import Appraisal
from appraisal.report.figures.common import (
    Chart,
    bar_marker,
    criterion_style,
    figure,
    layout,
    option_colour,
    option_label,
    safe_label,
)
from appraisal.report.ranking import ranking_headline, ranking_table
from appraisal.report.robustness import rank_range_text, share_text

MAX_BARS = 25  # a bar per option beyond this is unreadable on a projector and slow to draw


def ranking_chart(appraisal: Appraisal, weights: np.ndarray, weights_name: str, local: LocalRobustness | None = None,
                  stacked: bool = True) -> Chart:
    """Ranked horizontal bars (best at the top) stacked by criterion contribution.

    Built from plain dicts (see ``figures.common.figure``): this chart redraws on every slider move.
    Streamlit re-mounts a Plotly chart whenever its figure changes (the element id hashes the spec),
    so every move is a full ``Plotly.newPlot``. With ``automargin``, or a legend that does not fit its
    margin, Plotly lays the chart out twice (draw, measure, redraw); the margins are therefore fixed
    here from the label widths, which halves ``newPlot`` (≈57 → 29 ms in headless Chromium).

    With ``local`` (robustness near these weights), each option's label says how often it comes first
    among nearby weightings and its rank range over them, and a band beside the bar's end spans its
    lowest to highest total over them.

    ``stacked=False`` (the projector's briefing screen): one bar per option, in the option's colour,
    and no legend — a legend of every criterion in projector-sized type does not fit a 720 px screen;
    the table (and the Ranking page) has each criterion's contribution.
    """
    all_results = appraisal.results(weights)
    results = all_results[:MAX_BARS]  # the table below the chart lists every option
    order = [appraisal.option_ids.index(r.option) for r in results]
    contrib = appraisal.contributions(weights)[order]
    labels = [option_label(r.name, r.status_quo) for r in results]
    traces: list[dict] = []
    if not stacked:
        traces.append({
            "type": "bar", "orientation": "h", "y": labels, "x": [r.total for r in results], "showlegend": False,
            "marker": {"color": [option_colour(i) for i in order], "line": {"color": "white", "width": 1}},
            "hovertemplate": "%{y}: %{x:.3g}<extra></extra>",
        })
    for j, name in enumerate(appraisal.criterion_names if stacked else []):
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
    ends = [r.total for r in results]
    if local is not None:
        low, high = local.total_low[order], local.total_high[order]
        traces.append({
            "type": "scatter",
            "mode": "markers",
            "y": labels,
            "x": ends,
            "marker": {"size": 1, "color": "rgba(0,0,0,0)"},
            "error_x": {"type": "data", "symmetric": False, "array": (high - ends).tolist(),
                        "arrayminus": (ends - low).tolist(), "color": "#1a1a1a", "thickness": 2, "width": 9},
            "name": f"Range of the total within ±{fmt.number(100 * local.spread, 0)} % of these weights",
            "hovertemplate": "%{y}: total between " + "%{customdata[0]:.3g} and %{customdata[1]:.3g}<extra></extra>",
            "customdata": np.column_stack([low, high]).tolist(),
        })
        ends = [max(e, h) for e, h in zip(ends, high.tolist())]
    traces.append({
        "type": "scatter",
        "mode": "text",
        "y": labels,
        "x": ends,
        "text": [f"{' ' if local is not None else ''}{r.rank_label}: {fmt.number(r.total)} ({fmt.percent(r.percent_of_max)})"
                 for r in results],
        "textposition": "middle right",
        "textfont": {"size": 17},
        "showlegend": False,
        "hoverinfo": "skip",
    })
    max_total = appraisal.max_total(weights)
    title = f"Weighted totals — {weights_name}"
    if len(all_results) > len(results):
        title += f" (the top {len(results)} of {len(all_results)} options)"
    n_criteria = len(appraisal.criterion_names)
    plot_height = (125 if local is not None else 95) * len(results)  # room for a second line of label
    legend_height = 26 * (n_criteria + (local is not None)) if stacked else 0  # one entry a row: long names never overlap
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
    shown = labels
    if local is not None:
        spread = fmt.number(100 * local.spread, 0)
        shown = [f"{label}<br><span style='font-size:15px'>first in {share_text(local.first_share[i])} of weightings "
                 f"within ±{spread} %; ranks {rank_range_text(int(local.best_rank[i]), int(local.worst_rank[i]))}</span>"
                 for label, i in zip(labels, order)]
    spec["annotations"] = [
        {"x": 0, "y": label, "xref": "x", "yref": "y", "text": text, "showarrow": False, "xanchor": "left",
         "yanchor": "bottom", "yshift": 24 if local is not None else 20, "align": "left",
         "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 17, "color": "#1a1a1a"}}
        for label, text in zip(labels, shown)
    ]
    spec["legend"] = {
        "orientation": "h", "traceorder": "normal", "x": 0, "xanchor": "left", "y": -85 / plot_height, "yanchor": "top",
        "entrywidth": 1, "entrywidthmode": "fraction", "font": {"size": 15},
    }
    spec["xaxis"]["range"] = [0, max(max_total, max(ends)) * 1.3]
    return Chart(figure(traces, spec), title, ranking_headline(all_results, max_total), ranking_table(all_results))
