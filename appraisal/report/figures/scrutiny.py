"""Scrutiny charts: where an option gains and loses against the leader, and the weights it would need.

Pure functions (no Streamlit), reused by the Scrutiny page, the briefing and the exports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, competition_ranks, totals
from appraisal.analysis.what_it_takes import WhatItTakes
from appraisal.report.figures.common import Chart, base_layout, option_colour, safe_label
from appraisal.report.measured import raw_pairs, raw_text
from appraisal.report.scrutiny import what_it_takes_sentence

BEHIND_COLOUR = "#D55E00"   # vermilion (Okabe & Ito): the other option gains here
AHEAD_COLOUR = "#0072B2"    # blue: this option gains here


def _compare_to(appraisal: Appraisal, w: np.ndarray, option_index: int) -> int:
    t = totals(appraisal.S, w)
    ranks = competition_ranks(t)
    others = [i for i in range(appraisal.n_options) if i != option_index]
    if not others:
        return option_index
    if ranks[option_index] == 1:
        return max(others, key=lambda i: (t[i], -i))
    return min(i for i in range(appraisal.n_options) if ranks[i] == 1)


def gap_to_leader_chart(appraisal: Appraisal, w: np.ndarray, option_index: int) -> Chart:
    """Diverging bars: per criterion, the weighted points the option gains (right) or loses (left)
    against the leader — or against the runner-up when it leads. Bars sum to the gap in totals."""
    w = np.asarray(w, dtype=float)
    other = _compare_to(appraisal, w, option_index)
    gap = (appraisal.S[option_index] - appraisal.S[other]) * w
    name, other_name = appraisal.option_names[option_index], appraisal.option_names[other]
    sq = appraisal.status_quo_index
    order = np.argsort(gap, kind="stable")
    crit = [safe_label(appraisal.criterion_names[j]) for j in order]
    values = gap[order]
    colours = [AHEAD_COLOUR if v > 0 else BEHIND_COLOUR for v in values]
    fig = go.Figure(go.Bar(
        y=crit, x=values, orientation="h", marker={"color": colours, "pattern": {"shape": ["" if v > 0 else "/" for v in values]}},
        text=[f"{v:+.3g}" if v else "0" for v in values], textposition="outside", textfont={"size": 15},
        hovertemplate="%{y}: %{x:+.3g} weighted points<extra></extra>", showlegend=False,
    ))
    fig.add_vline(x=0, line={"color": "#1a1a1a", "width": 2})
    total_gap = float(gap.sum())
    versus = "the leader" if other != option_index and competition_ranks(totals(appraisal.S, w))[option_index] != 1 else "the runner-up"
    title = f"Where {name} gains and loses"
    reach = float(np.abs(gap).max()) if gap.size else 1.0
    base_layout(fig, title, x_title=f"Weighted points (+ = {name} ahead)", height=200 + 44 * len(crit))
    subtitle = f"Against {versus}, {fmt.option_display(other_name, other == sq)}"
    fig.update_layout(title={"subtitle": {"text": safe_label(subtitle), "font": {"size": 15}}}, margin={"t": 95})
    fig.update_xaxes(range=[-1.35 * reach - 0.1, 1.35 * reach + 0.1])
    fig.update_yaxes(automargin=True)
    if other == option_index:
        takeaway = f"{name} is the only option, so there is no gap to show."
    else:
        worst, best = int(order[0]), int(order[-1])
        bits = [f"overall {name} is {fmt.number(abs(total_gap))} points {'ahead of' if total_gap > 0 else 'behind'} {versus}, {other_name}"
                if abs(total_gap) > 1e-12 else f"overall {name} and {other_name} are level"]
        pairs = raw_pairs(appraisal, option_index, other)
        if gap[worst] < 0:
            bits.append(f"the biggest loss is {appraisal.criterion_names[worst]} ({fmt.number(gap[worst])}"
                        + (f": {pairs[worst]}" if worst in pairs else "") + ")")
        if gap[best] > 0:
            bits.append(f"the biggest gain is {appraisal.criterion_names[best]} (+{fmt.number(gap[best])}"
                        + (f": {pairs[best]}" if best in pairs else "") + ")")
        takeaway = "; ".join(bits)
        takeaway = takeaway[0].upper() + takeaway[1:] + "."
    table = pd.DataFrame({
        "Criterion": [appraisal.criterion_names[j] for j in order],
        f"{name} score": [fmt.number(appraisal.S[option_index, j], 2) for j in order],
        f"{other_name} score": [fmt.number(appraisal.S[other, j], 2) for j in order],
        "Weight": [fmt.number(w[j], 2) for j in order],
        "Weighted gap": [fmt.number(gap[j], 2) for j in order],
    })
    if other != option_index and any(appraisal.scales[j].measured for j in order):
        def measured(i: int) -> list[str]:
            return [raw_text(appraisal.scales[j], float(appraisal.raw[i, j])) if appraisal.scales[j].measured else ""
                    for j in order]
        table.insert(2, f"{name} measured", measured(option_index))
        table.insert(4, f"{other_name} measured", measured(other))
    return Chart(fig, title, takeaway, table)


def weight_change_chart(appraisal: Appraisal, wit: WhatItTakes) -> Chart:
    """Before/after weights (% of all weight) for the smallest change that ranks the option first."""
    name = appraisal.option_names[wit.option]
    crit = [safe_label(c) for c in appraisal.criterion_names]
    fig = go.Figure()
    fig.add_bar(y=crit, x=100 * wit.before, name="Weights now", orientation="h", marker={"color": "#6F6F6F"},
                hovertemplate="%{y}: %{x:.1f} % now<extra></extra>")
    level = bool(wit.tied_with)
    first = "level first" if level else "first"
    if wit.weights is not None:
        fig.add_bar(y=crit, x=100 * wit.weights, name=f"Weights that rank {safe_label(name)} {first}", orientation="h",
                    marker={"color": option_colour(wit.option), "pattern": {"shape": "/"}},
                    hovertemplate="%{y}: %{x:.1f} % needed<extra></extra>")
    clear = wit.clear_weights if level and wit.clear_weights is not None else None
    if clear is not None:
        fig.add_bar(y=crit, x=100 * clear, name=f"Weights that put it first on its own ({fmt.share(wit.lead_share)} lead)",
                    orientation="h", marker={"color": "#1a1a1a", "pattern": {"shape": "x"}},
                    hovertemplate="%{y}: %{x:.1f} % for a clear lead<extra></extra>")
    title = f"The smallest change that ranks {name} {first}"
    base_layout(fig, title, x_title="Weight (% of all weight)", height=200 + (52 if clear is None else 70) * len(crit))
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom", "traceorder": "normal"},
                      margin={"t": 120})
    fig.update_xaxes(ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    after = wit.weights if wit.weights is not None else np.full_like(wit.before, np.nan)
    table = pd.DataFrame({
        "Criterion": appraisal.criterion_names,
        "Weight now": [fmt.share(v, 1) for v in wit.before],
        "Weight needed": [fmt.share(v, 1) if np.isfinite(v) else "–" for v in after],
        "Change (points)": [fmt.number(100 * (a - b)) if np.isfinite(a) else "–" for a, b in zip(after, wit.before)],
    })
    if clear is not None:
        table[f"Weight for first on its own ({fmt.share(wit.lead_share)} lead)"] = [fmt.share(v, 1) for v in clear]
    return Chart(fig, title, what_it_takes_sentence(wit, appraisal.option_names, appraisal.criterion_names), table)
