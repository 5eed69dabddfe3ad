"""Value for money: each option's benefit (non-financial criteria, same weights) against its net cost,
with the options no other beats on both joined as the efficient frontier."""

from __future__ import annotations

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import ValueForMoney
from appraisal.report.figures.common import Chart, figure, layout, option_colour, option_label
from appraisal.report.figures.measured import OPTION_SYMBOLS
from appraisal.report.value_for_money import value_for_money_sentence, value_for_money_table

FRONTIER_COLOUR = "#1a1a1a"


def value_for_money_chart(vfm: ValueForMoney, appraisal: Appraisal) -> Chart:
    """Benefit (up) against net cost (across; left is cheaper): a point per option, its name beside it;
    options on the frontier filled and joined by a line, beaten options drawn open."""
    traces: list[dict] = []
    order = vfm.frontier_order
    traces.append({
        "type": "scatter", "mode": "lines", "x": [float(vfm.cost[i]) for i in order], "y": [float(vfm.benefit[i]) for i in order],
        "name": "Not beaten on both (the frontier)", "line": {"color": FRONTIER_COLOUR, "width": 2, "dash": "dash"},
        "hoverinfo": "skip",
    })
    for i in range(appraisal.n_options):
        label = option_label(appraisal.option_names[i], i == appraisal.status_quo_index)
        symbol = OPTION_SYMBOLS[i % len(OPTION_SYMBOLS)] + ("" if vfm.efficient[i] else "-open")
        traces.append({
            "type": "scatter", "mode": "markers+text", "x": [float(vfm.cost[i])], "y": [float(vfm.benefit[i])],
            "name": label + ("" if vfm.efficient[i] else " (beaten)"), "text": [label], "textposition": "top center",
            "textfont": {"size": 15},
            "marker": {"color": option_colour(i), "size": 18, "symbol": symbol, "line": {"color": option_colour(i), "width": 2}},
            "hovertemplate": f"{label}<br>net cost £%{{x:,.0f}}<br>benefit %{{y:.0f}} %<extra></extra>",
        })
    title = "Benefit against net cost"
    spec = layout(title, x_title="Net cost over the period, £ (left: cheaper; below £0 saves money)",
                  y_title="Benefit (% of the most possible)", height=460)
    spec["xaxis"].update(tickprefix="£", tickformat=",.0f", separatethousands=True)
    spec["legend"].update(orientation="h", y=-0.25, x=0, yanchor="top")
    spec["margin"].update(b=130)
    return Chart(figure(traces, spec), title, value_for_money_sentence(vfm, appraisal.option_names),
                 value_for_money_table(vfm, appraisal))
