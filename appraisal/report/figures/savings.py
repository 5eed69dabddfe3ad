"""Savings charts: by phase per year and council, cumulative net with payback, gross-to-net waterfall.

Built from plain dicts (``figures.common.figure``, no per-property validation): they redraw on every
slider move of the Savings page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.savings import BOTH, SavingsResult
from appraisal.report.figures.common import (
    OPTION_COLOURS,
    Chart,
    bar_marker,
    criterion_style,
    figure,
    layout,
    safe_label,
    wrapped_label,
)

MONEY_AXIS = "£ a year"
MONEY_TICKS = {"tickprefix": "£", "tickformat": ",.0f", "separatethousands": True}


def phase_chart(res: SavingsResult) -> Chart:
    """Gross saving per year, one panel per council (shared £ axis), bars stacked by phase."""
    phases, amounts = res.phase_savings()                     # P×Y×C
    n = len(res.councils)
    gap = 0.04
    width = (1 - gap * (n - 1)) / n
    domains = [[c * (width + gap), c * (width + gap) + width] for c in range(n)]
    traces: list[dict] = []
    for p, name in enumerate(phases):
        colour, pattern = criterion_style(p)
        for c, council in enumerate(res.council_names):
            suffix = "" if c == 0 else str(c + 1)
            traces.append({
                "type": "bar", "x": res.years, "y": amounts[p, :, c].tolist(), "name": safe_label(name),
                "legendgroup": f"phase{p}", "showlegend": c == 0, "xaxis": "x" + suffix, "yaxis": "y" + suffix,
                "marker": bar_marker(colour, pattern),
                "hovertemplate": safe_label(council) + " %{x}<br>" + safe_label(name) + ": £%{y:,.0f}<extra></extra>",
            })
    title = "Gross savings by phase, year and council"
    spec = layout(title, x_title="Financial year", y_title=f"Gross saving ({MONEY_AXIS})", height=500)
    spec.update(barmode="relative", legend={"orientation": "h", "y": -0.28, "title": {"text": "Phase"}, "font": {"size": 15}})
    spec["margin"]["b"] = 110
    spec["xaxis"].update(domain=domains[0], anchor="y")
    spec["yaxis"].update(MONEY_TICKS, anchor="x")
    spec["annotations"] = []
    for c in range(n):
        suffix = "" if c == 0 else str(c + 1)
        if c:
            spec["xaxis" + suffix] = {**spec["xaxis"], "domain": domains[c], "anchor": "y" + suffix}
            spec["yaxis" + suffix] = {**spec["yaxis"], "matches": "y", "anchor": "x" + suffix, "showticklabels": False,
                                      "title": {"text": ""}}
        spec["annotations"].append({"text": safe_label(res.council_names[c]), "x": sum(domains[c]) / 2, "y": 1.0,
                                    "xref": "paper", "yref": "paper", "yanchor": "bottom", "showarrow": False,
                                    "font": {"size": 17}})
    years = [y for y in res.years for _ in res.councils]
    councils = [name for _ in res.years for name in res.council_names]
    table = pd.DataFrame({"Year": years, "Council": councils})
    for p, name in enumerate(phases):
        table[name] = [fmt.money(v) for v in amounts[p].reshape(-1)]
    table["Total"] = [fmt.money(v) for v in amounts.sum(axis=0).reshape(-1)]
    totals = amounts.sum(axis=0)                              # Y×C
    best_year = int(np.argmax(totals.sum(axis=1)))
    share = totals.sum(axis=0)
    lead = int(np.argmax(share))
    takeaway = (f"Savings peak at {fmt.money(float(totals[best_year].sum()))} in {res.years[best_year]}; over the period "
                f"{res.council_names[lead]} receives {fmt.share(float(share[lead] / share.sum())) if share.sum() > 0 else '–'} "
                "of the gross savings.")
    return Chart(figure(traces, spec), title, takeaway, table)


def cumulative_chart(res: SavingsResult) -> Chart:
    """Cumulative net saving per council and for both, with each payback year starred."""
    cumulative = res.with_total(res.cumulative)
    payback = res.payback
    traces: list[dict] = []
    for c, label in enumerate(res.labels):
        both = label == BOTH
        colour = "#000000" if both else OPTION_COLOURS[c % len(OPTION_COLOURS)]
        traces.append({
            "type": "scatter", "x": res.years, "y": cumulative[:, c].tolist(), "name": safe_label(label),
            "mode": "lines+markers",
            "line": {"color": colour, "width": 4 if both else 3, "dash": "dash" if both else "solid"},
            "marker": {"size": 9, "symbol": "square" if both else "circle"},
            "hovertemplate": safe_label(label) + " %{x}: £%{y:,.0f}<extra></extra>",
        })
        if payback[c] is not None and res.one_off[:, c if not both else slice(None)].any():
            y = res.years.index(payback[c])
            traces.append({
                "type": "scatter", "x": [payback[c]], "y": [float(cumulative[y, c])], "mode": "markers",
                "name": safe_label(f"{label}: paid back {payback[c]}"),
                "marker": {"size": 20, "symbol": "star", "color": colour, "line": {"color": "white", "width": 1}},
                "hovertemplate": safe_label(f"{label}: paid back by {payback[c]}") + "<extra></extra>",
            })
    title = "Cumulative net savings and payback"
    spec = layout(title, x_title="Financial year", y_title="Cumulative net saving (£)", height=500)
    spec["legend"] = {"orientation": "h", "y": -0.25, "font": {"size": 15}}
    spec["margin"]["b"] = 110
    spec["yaxis"].update(MONEY_TICKS, zeroline=True, zerolinecolor="#444", zerolinewidth=2)
    table = pd.DataFrame({"Year": res.years, **{label: [fmt.money(v) for v in cumulative[:, c]] for c, label in enumerate(res.labels)}})
    end = cumulative[-1]
    if payback[-1] is None:
        tail = "the one-off costs are not paid back within the period"
    elif not res.one_off.any():
        tail = "there are no one-off costs to pay back"
    else:
        tail = f"together the councils are paid back by {payback[-1]}"
    takeaway = (f"By {res.years[-1]} the councils are {fmt.money(float(end[-1]))} better off in total "
                f"({fmt.names_list([f'{n} {fmt.money(float(v))}' for n, v in zip(res.council_names, end[:-1])])}); {tail}.")
    return Chart(figure(traces, spec), title, takeaway, table)


def waterfall_chart(res: SavingsResult, council: int | None = None) -> Chart:
    """From gross savings (by phase) to net, over the whole period, for one council or both."""
    phases, amounts = res.phase_savings()
    pick = (lambda a: a.sum(axis=-1)) if council is None else (lambda a: a[..., council])
    who = BOTH if council is None else res.council_names[council]
    gross = pick(amounts).sum(axis=1)                          # P
    one_off = float(pick(res.one_off).sum())
    net = float(gross.sum() - one_off)
    labels = [*phases, "One-off costs", "Net saving"]
    values = [*map(float, gross), -one_off, net]
    trace = {
        "type": "waterfall", "x": [wrapped_label(v, 16) for v in labels], "y": values,
        "measure": ["relative"] * (len(phases) + 1) + ["total"],
        "text": [fmt.money(v) for v in values], "textposition": "outside", "textfont": {"size": 15},
        "increasing": {"marker": {"color": "#009E73"}}, "decreasing": {"marker": {"color": "#D55E00"}},
        "totals": {"marker": {"color": "#0072B2"}}, "connector": {"line": {"color": "#666"}},
        "hovertemplate": "%{x}: £%{y:,.0f}<extra></extra>",
    }
    title = f"From gross to net savings, {res.years[0]} to {res.years[-1]} — {who}"
    spec = layout(title, y_title="Saving over the period (£)", height=480)
    spec["showlegend"] = False
    running = np.cumsum(values[:-1])
    top, bottom = max(0.0, float(running.max()), net), min(0.0, float(running.min()), net)
    spec["yaxis"].update(MONEY_TICKS, range=[bottom * 1.2, top * 1.15 if top > 0 else 1])
    table = pd.DataFrame({"Step": labels, "Amount": [fmt.money(v) for v in values]})
    biggest = phases[int(np.argmax(gross))] if len(phases) else "–"
    kept = fmt.share(net / gross.sum()) if gross.sum() > 0 else "–"
    takeaway = (f"{who}: {fmt.money(float(gross.sum()))} gross, the most from {biggest}; one-off costs of "
                f"{fmt.money(one_off)} leave {fmt.money(net)} net ({kept} of the gross).")
    return Chart(figure([trace], spec), title, takeaway, table)
