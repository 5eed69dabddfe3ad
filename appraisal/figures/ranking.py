"""The Ranking chart: options in rank order, bars stacked by each criterion's contribution."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.explain import ranking_headline
from appraisal.figures.common import Chart, base_layout, criterion_style, option_label, safe_label
from appraisal.scoring import Appraisal
from appraisal.tables import ranking_table


def ranking_chart(appraisal: Appraisal, weights: np.ndarray, weights_name: str) -> Chart:
    """Ranked horizontal bars (best at the top) stacked by criterion contribution."""
    results = appraisal.results(weights)
    order = [appraisal.option_ids.index(r.option) for r in results]
    contrib = appraisal.contributions(weights)[order]
    labels = [option_label(r.name, r.status_quo) for r in results]
    fig = go.Figure()
    for j, name in enumerate(appraisal.criterion_names):
        colour, pattern = criterion_style(j)
        fig.add_bar(
            y=labels,
            x=contrib[:, j],
            name=safe_label(name),
            orientation="h",
            marker={"color": colour, "pattern": {"shape": pattern}, "line": {"color": "white", "width": 1}},
            hovertemplate="%{y}<br>" + safe_label(name) + ": %{x:.3g}<extra></extra>",
        )
    max_total = appraisal.max_total(weights)
    fig.add_scatter(
        y=labels,
        x=[r.total for r in results],
        mode="text",
        text=[f"{r.rank_label}: {fmt.number(r.total)} ({fmt.percent(r.percent_of_max)})" for r in results],
        textposition="middle right",
        textfont={"size": 17},
        showlegend=False,
        hoverinfo="skip",
    )
    title = f"Weighted totals — {weights_name}"
    base_layout(fig, title, x_title=f"Weighted score (maximum possible {fmt.number(max_total)})", height=180 + 70 * len(results))
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25, "title": {"text": "Criterion"}})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, max_total * 1.25])
    return Chart(fig, title, ranking_headline(results, max_total), ranking_table(results))
