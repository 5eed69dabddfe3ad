"""'Does the method matter?': the weights each method gives, criterion by criterion."""

from __future__ import annotations

from appraisal.figures.common import Chart, figure, layout, safe_label
from appraisal.method_matters import MethodComparison

# Methods are not options, so they take neutral greys/blues distinct from the option palette's order.
METHOD_COLOURS = ["#000000", "#0072B2", "#56B4E9", "#009E73", "#D55E00"]
METHOD_PATTERNS = ["", "/", "\\", "x", "."]


def method_weights_chart(comparison: MethodComparison) -> Chart:
    """Grouped horizontal bars: one group per criterion, one bar per method, weights in %."""
    title = f"Weights from {comparison.source} under each method"
    criteria = [safe_label(c) for c in comparison.criteria]
    traces = []
    for k, m in enumerate(comparison.methods):
        values = [round(100 * w, 2) for w in m.elicited.weights.values()]
        traces.append({
            "type": "bar", "orientation": "h", "name": safe_label(m.label), "y": criteria, "x": values,
            "marker": {"color": METHOD_COLOURS[k % len(METHOD_COLOURS)],
                       "pattern": {"shape": METHOD_PATTERNS[k % len(METHOD_PATTERNS)]}},
            "hovertemplate": "%{y}: %{x:.1f} %<extra>" + safe_label(m.label) + "</extra>",
        })
    lay = layout(title, "Weight (% of the total)", "", height=max(420, 60 + 26 * len(criteria) * len(traces) // 2))
    lay["barmode"] = "group"
    lay["yaxis"]["autorange"] = "reversed"
    lay["legend"] = {"orientation": "h", "y": -0.12, "font": {"size": 15}}
    return Chart(figure(traces, lay), title, comparison.sentence(), comparison.weights_table())
