"""'Does the method matter?': the weights each method gives, criterion by criterion."""

from __future__ import annotations

from appraisal.analysis.elicitation.comparison import MethodComparison
from appraisal.report.elicitation import method_comparison_sentence, method_weights_table
from appraisal.report.figures.common import Chart, figure, layout, safe_label

# Methods are not options: they get their own marker shapes (never colour alone) and colours.
METHOD_STYLES = [("#000000", "circle"), ("#0072B2", "square"), ("#56B4E9", "diamond"), ("#009E73", "triangle-up"),
                 ("#D55E00", "x")]


def method_weights_chart(comparison: MethodComparison) -> Chart:
    """A dot plot: one row per criterion, one marker per method, weight as % of the total.

    Dots rather than grouped bars: five methods × ten criteria as bars is a thicket; dots on one
    line per criterion show at a glance where the methods agree and where they spread.
    """
    title = f"Weights from {comparison.source} under each method"
    criteria = [safe_label(c) for c in comparison.criteria]
    traces = []
    for k, m in enumerate(comparison.methods):
        colour, symbol = METHOD_STYLES[k % len(METHOD_STYLES)]
        traces.append({
            "type": "scatter", "mode": "markers", "name": safe_label(m.label), "y": criteria,
            "x": [round(100 * w, 2) for w in m.elicited.weights.values()],
            "marker": {"color": colour, "symbol": symbol, "size": 13, "line": {"color": "white", "width": 1}},
            "hovertemplate": "%{y}: %{x:.1f} %<extra>" + safe_label(m.label) + "</extra>",
        })
    top = 80 + 28 * len(traces)   # room for the title and a legend that may wrap to one row per method
    lay = layout(title, "Weight (% of the total)", "", height=top + 100 + 34 * len(criteria))
    lay["yaxis"]["autorange"] = "reversed"
    lay["xaxis"]["rangemode"] = "tozero"
    lay["legend"] = {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 15}}
    lay["margin"]["t"] = top
    lay["title"].update({"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 12}})
    return Chart(figure(traces, lay), title, method_comparison_sentence(comparison), method_weights_table(comparison))
