"""Sensitivity charts: one-way sweeps with stability intervals, and the SMAA acceptability heatmap.

Pure functions (no Streamlit): the Sensitivity page, the briefing and the exports all call them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.explain import smaa_sentence, switching_value_sentence
from appraisal.figures.common import Chart, base_layout, option_colour, option_label
from appraisal.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.sensitivity import StabilityInterval, stability_intervals, sweep, weights_at
from appraisal.smaa import SmaaResult

BAND_COLOUR = "rgba(0, 114, 178, 0.12)"
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def _leaders(appraisal: Appraisal, w_hat: np.ndarray) -> list[int]:
    ranks = competition_ranks(totals(appraisal.S, w_hat))
    return [i for i in range(appraisal.n_options) if ranks[i] == 1]


def one_way_chart(appraisal: Appraisal, w: np.ndarray, k: int, interval: StabilityInterval | None = None) -> Chart:
    """Option totals (% of maximum) against the normalised weight of criterion ``k``.

    Today's weight is a vertical line, the band in which the leader is unchanged is shaded, and
    crossovers that change the leader are labelled (every other crossover is a small marker).
    ``interval`` may be passed when already computed (the page computes all of them at once).
    """
    w_hat = normalise(np.asarray(w, dtype=float))
    iv = interval or stability_intervals(appraisal.S, w_hat)[k]
    sw = sweep(appraisal.S, w_hat, k, points=2)  # the lines are straight: two points draw them exactly
    pct = 100.0 * sw.totals / appraisal.max_score
    name = appraisal.criterion_names[k]
    leaders = _leaders(appraisal, w_hat)
    leader_names = [appraisal.option_names[i] for i in leaders]
    fig = go.Figure()
    lo, hi = iv.top_unchanged
    fig.add_vrect(x0=100 * lo, x1=100 * hi, fillcolor=BAND_COLOUR, line_width=0, layer="below")
    for i in range(appraisal.n_options):
        label = option_label(appraisal.option_names[i], i == appraisal.status_quo_index)
        fig.add_scatter(
            x=100 * sw.t, y=pct[:, i], mode="lines", name=label,
            line={"color": option_colour(i), "width": 3, "dash": DASHES[i % len(DASHES)]},
            hovertemplate=label + "<br>weight %{x:.1f} %: %{y:.1f} % of maximum<extra></extra>",
        )
    fig.add_vline(x=100 * iv.weight, line={"color": "#1a1a1a", "width": 2, "dash": "dash"})
    fig.add_annotation(x=100 * iv.weight, y=0.0, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                       text=f" today {fmt.share(iv.weight, 1)}", font={"size": 14}, bgcolor="white")
    top_changes = [c for c in iv.crossovers if c.t in (lo, hi) and (c.upper in leaders or c.lower in leaders)]
    others = [c for c in iv.crossovers if c not in top_changes]
    if others:
        at = [totals(appraisal.S[[c.upper]], weights_at(w_hat, k, c.t))[0] for c in others]
        fig.add_scatter(x=[100 * c.t for c in others], y=[100 * v / appraisal.max_score for v in at], mode="markers",
                        marker={"size": 8, "color": "#555", "symbol": "circle-open"}, name="Other crossovers",
                        hovertemplate="crossover at %{x:.1f} %<extra></extra>")
    for c in top_changes:
        y = 100 * totals(appraisal.S[[c.upper]], weights_at(w_hat, k, c.t))[0] / appraisal.max_score
        fig.add_scatter(x=[100 * c.t], y=[y], mode="markers", marker={"size": 12, "color": "#1a1a1a", "symbol": "x"},
                        showlegend=False, hoverinfo="skip")
        fig.add_annotation(x=100 * c.t, y=y, text=f"switching value {fmt.share(c.t, 1)}", showarrow=True, arrowhead=2,
                           ax=0, ay=-36, font={"size": 14}, bgcolor="white")
    title = f"Weight of {name}"
    base_layout(fig, title, x_title="Its share of all the weight (others rescaled)", y_title="Total (% of maximum)",
                height=470)
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(ticksuffix=" %")
    fig.update_layout(legend={"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0},
                      title={"font": {"size": 19}})
    def shown(i: int) -> str:
        return fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index)

    rows = [{"Weight of criterion": fmt.share(c.t, 1),
             "Moves ahead (as the weight rises)": shown(c.upper),
             "Falls behind": shown(c.lower),
             "Changes the leader": "yes" if c in top_changes else "no"} for c in iv.crossovers]
    table = pd.DataFrame(rows, columns=["Weight of criterion", "Moves ahead (as the weight rises)", "Falls behind", "Changes the leader"])
    return Chart(fig, title, switching_value_sentence(iv, name, leader_names), table)


def stability_table(appraisal: Appraisal, intervals: list[StabilityInterval]) -> pd.DataFrame:
    """One row per criterion in the order given (the page sorts by fragility): switching values."""
    rows = []
    for iv in intervals:
        margin = iv.top_margin
        rows.append({
            "Criterion": appraisal.criterion_names[iv.criterion],
            "Weight today": fmt.share(iv.weight, 1),
            "Leader unchanged from": fmt.share(iv.top_unchanged[0], 1),
            "to": fmt.share(iv.top_unchanged[1], 1),
            "Order unchanged from": fmt.share(iv.order_unchanged[0], 1),
            "to ": fmt.share(iv.order_unchanged[1], 1),
            "Move that changes the leader": "none" if not np.isfinite(margin) else f"{fmt.number(100 * margin)} points",
        })
    return pd.DataFrame(rows)


def acceptability_heatmap(appraisal: Appraisal, smaa_result: SmaaResult) -> Chart:
    """Options × ranks, each cell the share of samples with that rank, the numbers printed in the cells."""
    n = appraisal.n_options
    b = smaa_result.acceptability
    labels = [option_label(appraisal.option_names[i], i == appraisal.status_quo_index) for i in range(n)]
    ranks = [fmt.ordinal(r + 1) for r in range(n)]
    text = [[fmt.share(v) for v in row] for row in b]
    fig = go.Figure(go.Heatmap(
        z=100 * b, x=ranks, y=labels, zmin=0, zmax=100, text=text, texttemplate="%{text}", textfont={"size": 16},
        colorscale=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
        showscale=False,
        hovertemplate="%{y}<br>rank %{x}: %{text} of samples<extra></extra>",
        xgap=2, ygap=2,
    ))
    title = "How often each option takes each rank"
    base_layout(fig, title, x_title="Rank (share of samples in each cell)", height=160 + 70 * n)
    fig.update_yaxes(autorange="reversed")
    names = appraisal.option_names
    table = pd.DataFrame(
        {"Option": [fmt.option_display(names[i], i == appraisal.status_quo_index) for i in range(n)],
         **{r: [fmt.share(v) for v in b[:, j]] for j, r in enumerate(ranks)},
         "Confidence factor": ["–" if np.isnan(c) else fmt.share(c) for c in smaa_result.confidence]}
    )
    return Chart(fig, title, smaa_sentence(smaa_result, names), table)


def central_weights_table(appraisal: Appraisal, smaa_result: SmaaResult) -> pd.DataFrame:
    """The typical weights that make each option 1st (SMAA central weights), as % of all weight."""
    data = {"Criterion": appraisal.criterion_names}
    for i, name in enumerate(appraisal.option_names):
        cw = smaa_result.central_weights[i]
        data[fmt.option_display(name, i == appraisal.status_quo_index)] = ["never 1st" if np.isnan(v) else fmt.share(v) for v in cw]
    return pd.DataFrame(data)
