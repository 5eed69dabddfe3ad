"""A measured criterion's value function: the line from raw values (in the criterion's unit) to 0–100
values through the stated points, over the stated range, with every option marked on it."""

from __future__ import annotations

import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.report.figures.common import Chart, figure, layout, option_colour, option_label, safe_label
from appraisal.report.measured import raw_text, value_function_takeaway, value_text

LINE_COLOUR = "#1a1a1a"
OPTION_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star"]


def value_function_chart(appraisal: Appraisal, criterion: int) -> Chart:
    """Line through the value function's points over the stated range, each option a marked point on it.

    Options keep their colours (and a symbol each, never colour alone); hovering a point names the
    option with its raw value and value. The takeaway says in one line where a gain counts for less.
    """
    scale = appraisal.scales[criterion]
    name = appraisal.criterion_names[criterion]
    xs = [p[0] for p in scale.points]
    ys = [p[1] for p in scale.points]
    unit = scale.unit or "raw value"
    traces: list[dict] = [{
        "type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": "Value function",
        "line": {"color": LINE_COLOUR, "width": 3}, "hovertemplate": "%{x}: value %{y}<extra></extra>",
    }]
    for i in range(appraisal.n_options):
        raw, value = float(appraisal.raw[i, criterion]), float(appraisal.S[i, criterion])
        label = option_label(appraisal.option_names[i], i == appraisal.status_quo_index)
        traces.append({
            "type": "scatter", "mode": "markers", "x": [raw], "y": [value], "name": label,
            "marker": {"color": option_colour(i), "size": 15, "symbol": OPTION_SYMBOLS[i % len(OPTION_SYMBOLS)],
                       "line": {"color": "white", "width": 1.5}},
            "hovertemplate": f"{label}<br>{safe_label(raw_text(scale, raw))}: value {value_text(value)}<extra></extra>",
        })
    title = f"{name}: value of each {unit}"
    spec = layout(title, x_title=f"{name} ({unit}, {scale.direction} is better)", y_title="Value", height=360)
    spec["yaxis"]["range"] = [min(scale.value_low, scale.value_high) - 5, max(scale.value_low, scale.value_high) + 5]
    spec["legend"].update(orientation="h", y=-0.3, x=0, yanchor="top")
    spec["margin"].update(b=110)
    fig = figure(traces, spec)
    table = pd.DataFrame({
        "Option": [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)],
        name: [raw_text(scale, float(appraisal.raw[i, criterion])) for i in range(appraisal.n_options)],
        "Value (0–100)" if (scale.value_low, scale.value_high) == (0.0, 100.0) else "Value": [
            value_text(float(appraisal.S[i, criterion])) for i in range(appraisal.n_options)],
    })
    return Chart(fig, title, value_function_takeaway(scale, name), table)
