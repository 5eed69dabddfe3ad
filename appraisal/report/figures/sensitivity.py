"""Sensitivity charts: one-way sweeps with stability intervals, and the SMAA acceptability heatmap.

Pure functions (no Streamlit): the Sensitivity page, the briefing and the exports all call them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise, totals
from appraisal.analysis.sensitivity import StabilityInterval, by_fragility, stability_intervals, sweep, weights_at
from appraisal.analysis.smaa import SmaaResult
from appraisal.report.figures.common import Chart, figure, layout, option_colour, option_label, wrapped_label
from appraisal.report.sensitivity import acceptability_table, fragility_sentence, smaa_sentence, switching_value_sentence

BAND_COLOUR = "rgba(0, 114, 178, 0.12)"
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def _line_traces(appraisal: Appraisal, w_hat: np.ndarray, k: int, options: list[int], xaxis: str = "x", yaxis: str = "y",
                 legend: bool = True) -> list[dict]:
    """One straight line per option drawn: total (% of maximum) against the weight of criterion ``k``."""
    sw = sweep(appraisal.S, w_hat, k, points=2)  # the lines are straight: two points draw them exactly
    pct = 100.0 * sw.totals / appraisal.max_score
    traces = []
    for i in options:
        label = option_label(appraisal.option_names[i], i == appraisal.status_quo_index)
        traces.append({
            "type": "scatter", "mode": "lines", "x": [0.0, 100.0], "y": pct[:, i].tolist(), "name": label,
            "legendgroup": f"o{i}", "showlegend": legend, "xaxis": xaxis, "yaxis": yaxis,
            "line": {"color": option_colour(i), "width": 3, "dash": DASHES[i % len(DASHES)]},
            "hovertemplate": label + "<br>weight %{x:.1f} %: %{y:.1f} % of maximum<extra></extra>",
        })
    return traces


def _band_and_today(iv: StabilityInterval, xref: str = "x", yref: str = "y domain") -> list[dict]:
    lo, hi = iv.top_unchanged
    return [
        {"type": "rect", "xref": xref, "yref": yref, "x0": 100 * lo, "x1": 100 * hi, "y0": 0, "y1": 1,
         "fillcolor": BAND_COLOUR, "line": {"width": 0}, "layer": "below"},
        {"type": "line", "xref": xref, "yref": yref, "x0": 100 * iv.weight, "x1": 100 * iv.weight, "y0": 0, "y1": 1,
         "line": {"color": "#1a1a1a", "width": 2, "dash": "dash"}},
    ]


def one_way_chart(appraisal: Appraisal, w: np.ndarray, k: int, interval: StabilityInterval | None = None) -> Chart:
    """Option totals (% of maximum) against the normalised weight of criterion ``k``.

    Today's weight is a vertical line, the band in which the leader is unchanged is shaded, and
    crossovers that change the leader are labelled as switching values (every other crossover is a
    small marker). ``interval`` may be passed when already computed. Built from plain dicts (see
    ``figures.common.figure``) because the Sensitivity page redraws it on every slider move.
    """
    w_hat = normalise(np.asarray(w, dtype=float))
    iv = interval or stability_intervals(appraisal.S, w_hat)[k]
    name = appraisal.criterion_names[k]
    leaders = appraisal.leaders(w_hat)
    leader_names = [appraisal.option_names[i] for i in leaders]
    lo, hi = iv.top_unchanged
    drawn = _drawn_options(appraisal, w_hat)
    traces = _line_traces(appraisal, w_hat, k, drawn)
    keep = np.isin(iv.crossing_upper, drawn) & np.isin(iv.crossing_lower, drawn)
    crossovers = [c for c, kept in zip(iv.crossovers, keep) if kept] if not keep.all() else iv.crossovers
    top_changes = [c for c in crossovers if c.t in (lo, hi) and (c.upper in leaders or c.lower in leaders)]
    others = [c for c in crossovers if c not in top_changes]

    def y_at(c) -> float:  # noqa: ANN001
        return float(100 * totals(appraisal.S[[c.upper]], weights_at(w_hat, k, c.t))[0] / appraisal.max_score)

    if others:
        traces.append({"type": "scatter", "mode": "markers", "x": [100 * c.t for c in others], "y": [y_at(c) for c in others],
                       "marker": {"size": 8, "color": "#555", "symbol": "circle-open"}, "name": "Other crossovers",
                       "hovertemplate": "crossover at %{x:.1f} %<extra></extra>"})
    annotations = [{"x": 100 * iv.weight, "y": 0, "yref": "y domain", "yanchor": "bottom", "xanchor": "left", "showarrow": False,
                    "text": f" today {fmt.share(iv.weight, 1)}", "font": {"size": 14}, "bgcolor": "white"}]
    if top_changes:
        traces.append({"type": "scatter", "mode": "markers", "x": [100 * c.t for c in top_changes],
                       "y": [y_at(c) for c in top_changes], "showlegend": False, "hoverinfo": "skip",
                       "marker": {"size": 12, "color": "#1a1a1a", "symbol": "x"}})
        for t in sorted({c.t for c in top_changes}):
            c = next(c for c in top_changes if c.t == t)
            annotations.append({"x": 100 * t, "y": y_at(c), "text": f"switching value {fmt.share(t, 1)}", "showarrow": True,
                                "arrowhead": 2, "ax": 0, "ay": -36, "font": {"size": 14}, "bgcolor": "white"})
    title = f"Weight of {name}"
    if len(drawn) < appraisal.n_options:
        title += f" (the top {len(drawn)} of {appraisal.n_options} options)"
    lay = layout(title, x_title="Its share of all the weight (others rescaled)", y_title="Total (% of maximum)", height=470)
    lay["title"]["font"] = {"size": 19}
    lay["xaxis"].update({"range": [0, 100], "ticksuffix": " %"})
    lay["yaxis"]["ticksuffix"] = " %"
    lay["legend"].update({"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0})
    legend_rows = -(-(len(drawn) + bool(others)) // 2)  # at most two entries a row, usually more
    _fix_margins(lay, left=80, bottom=max(156, 84 + 26 * legend_rows))
    lay["height"] += lay["margin"]["b"] - 156  # the plot keeps its height when the legend needs more rows
    lay["shapes"] = _band_and_today(iv)
    lay["annotations"] = annotations
    fig = figure(traces, lay)

    def shown(i: int) -> str:
        return fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index)

    rows = [{"Weight of criterion": fmt.share(c.t, 1),
             "Moves ahead (as the weight rises)": shown(c.upper),
             "Falls behind": shown(c.lower),
             "Changes the leader": "yes" if c in top_changes else "no"} for c in crossovers]
    table = pd.DataFrame(rows, columns=["Weight of criterion", "Moves ahead (as the weight rises)", "Falls behind", "Changes the leader"])
    return Chart(fig, title, switching_value_sentence(iv, name, leader_names), table)


MAX_HEATMAP_OPTIONS = 25
MAX_PANELS = 20   # small panels beyond this make a page no one scrolls and a browser draws slowly
MAX_LINES = 12    # option lines per panel beyond this cannot be told apart


def one_way_panels(appraisal: Appraisal, w: np.ndarray, intervals: list[StabilityInterval] | None = None,
                   columns: int = 2) -> Chart:
    """Every criterion's one-way chart as small panels of one figure — one redraw instead of m.

    Panels follow the order of ``intervals`` (the page passes them most fragile first); each shows
    the option lines, today's weight (dashed) and the band in which the leader is unchanged (shaded).
    The panels share one pair of axes, laid out in blocks (one trace per option, broken between
    panels), because a browser redraws one axis pair with a few traces far faster than m subplots.
    """
    w_hat = normalise(np.asarray(w, dtype=float))
    intervals = intervals if intervals is not None else by_fragility(stability_intervals(appraisal.S, w_hat))
    all_intervals = intervals
    intervals = intervals[:MAX_PANELS]        # the most fragile first; the table lists every criterion
    drawn = _drawn_options(appraisal, w_hat)
    m, n = len(intervals), len(drawn)
    rows = max(1, -(-m // columns))
    low = float(np.floor(100 * appraisal.S.min() / appraisal.max_score / 10) * 10)
    span = 100.0 - low or 100.0
    gap_x, gap_y = 18.0, 0.62 * span

    def origin(p: int) -> tuple[float, float]:
        r, c = divmod(p, columns)
        return c * (100 + gap_x), (rows - 1 - r) * (span + gap_y)

    xs: list[list[float | None]] = [[] for _ in range(n)]
    ys: list[list[float | None]] = [[] for _ in range(n)]
    band_x: list[float | None] = []
    band_y: list[float | None] = []
    today_x: list[float | None] = []
    today_y: list[float | None] = []
    box_x: list[float | None] = []
    box_y: list[float | None] = []
    label_x: list[float] = []
    label_y: list[float] = []
    labels: list[str] = []
    xticks: list[float] = []
    yticks: list[float] = []
    yticktext: list[str] = []
    # Shapes and annotations are drawn one SVG element at a time; a few broken traces redraw far faster.
    for p, iv in enumerate(intervals):
        ox, oy = origin(p)
        sw = sweep(appraisal.S, w_hat, iv.criterion, points=2)
        pct = 100.0 * sw.totals / appraisal.max_score
        for slot, i in enumerate(drawn):
            xs[slot] += [ox, ox + 100, None]
            ys[slot] += [oy + pct[0, i] - low, oy + pct[1, i] - low, None]
        lo, hi = iv.top_unchanged
        band_x += [ox + 100 * lo, ox + 100 * hi, ox + 100 * hi, ox + 100 * lo, ox + 100 * lo, None]
        band_y += [oy, oy, oy + span, oy + span, oy, None]
        today_x += [ox + 100 * iv.weight, ox + 100 * iv.weight, None]
        today_y += [oy, oy + span, None]
        box_x += [ox, ox + 100, ox + 100, ox, ox, None]
        box_y += [oy, oy, oy + span, oy + span, oy, None]
        label_x.append(ox)
        label_y.append(oy + span + 0.03 * span)
        labels.append(f"{wrapped_label(appraisal.criterion_names[iv.criterion], 26, max_lines=2)}<br>"
                      f"today {fmt.share(iv.weight)}; leader holds {fmt.number(100 * lo, 0)}–{fmt.share(hi)}")
        if p % columns == 0:
            yticks += [oy, oy + span / 2, oy + span]
            yticktext += [fmt.percent(low), fmt.percent(low + span / 2), "100 %"]
        if p // columns == rows - 1 or p + columns >= m:
            xticks += [ox, ox + 50, ox + 100]
    traces: list[dict] = [
        {"type": "scatter", "mode": "lines", "x": band_x, "y": band_y, "fill": "toself", "fillcolor": BAND_COLOUR,
         "line": {"width": 0}, "name": "Leader unchanged (shaded)", "hoverinfo": "skip"},
        {"type": "scatter", "mode": "lines", "x": box_x, "y": box_y, "line": {"color": "#888", "width": 1},
         "showlegend": False, "hoverinfo": "skip"},
    ]
    for slot, i in enumerate(drawn):
        label = option_label(appraisal.option_names[i], i == appraisal.status_quo_index)
        traces.append({"type": "scatter", "mode": "lines", "x": xs[slot], "y": ys[slot], "name": label, "hoverinfo": "skip",
                       "line": {"color": option_colour(i), "width": 2.5, "dash": DASHES[i % len(DASHES)]}})
    traces.append({"type": "scatter", "mode": "lines", "x": today_x, "y": today_y, "name": "Today's weight (dashed)",
                   "line": {"color": "#1a1a1a", "width": 2, "dash": "dash"}, "hoverinfo": "skip"})
    traces.append({"type": "scatter", "mode": "text", "x": label_x, "y": label_y, "text": labels, "textposition": "top right",
                   "textfont": {"size": 14, "color": "#1a1a1a"}, "showlegend": False, "hoverinfo": "skip", "cliponaxis": False})
    title = "Totals (% of maximum) as each weight moves"
    if len(all_intervals) > m or appraisal.n_options > n:
        title += (f" (the {m} criteria nearest a switching value" if len(all_intervals) > m else " (")
        title += (f"{'; ' if len(all_intervals) > m else ''}the top {n} of {appraisal.n_options} options)"
                  if appraisal.n_options > n else ")")
    lay = layout(title, height=80 + 26 * (n + 2) + 280 * rows)
    lay["title"].update({"font": {"size": 19}, "y": 0.995, "yref": "container", "yanchor": "top"})
    lay["xaxis"] = {"automargin": True, "tickvals": xticks, "ticktext": ["0 %", "50 %", "100 %"] * (len(xticks) // 3), "showgrid": False,
                    "zeroline": False, "range": [-4, columns * (100 + gap_x) - gap_x + 4], "tickfont": {"size": 13, "color": "#1a1a1a"},
                    "title": {"text": "Share of all the weight given to the criterion (others rescaled)", "font": {"color": "#1a1a1a"}}}
    lay["yaxis"] = {"automargin": True, "tickvals": yticks, "ticktext": yticktext, "showgrid": False, "zeroline": False,
                    "tickfont": {"size": 13, "color": "#1a1a1a"},
                    "range": [-0.05 * span, rows * (span + gap_y) - gap_y + 0.55 * span],
                    "title": {"text": "Total", "font": {"color": "#1a1a1a"}}}
    lay["legend"].update({"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})
    lay["margin"] = {"l": 10, "r": 20, "t": 80 + 26 * (n + 2), "b": 40}  # room for the title and a legend line per option
    _fix_margins(lay, left=74, bottom=54)
    lay["hovermode"] = False
    fig = figure(traces, lay)
    leaders = [appraisal.option_names[i] for i in appraisal.leaders(w_hat)]
    return Chart(fig, title, fragility_sentence(all_intervals, appraisal.criterion_names, leaders),
                 stability_table(appraisal, all_intervals))


def _drawn_options(appraisal: Appraisal, w_hat: np.ndarray) -> list[int]:
    """Every option, or with many the top ``MAX_LINES`` under today's weights and the status quo."""
    if appraisal.n_options <= MAX_LINES:
        return list(range(appraisal.n_options))
    order = np.argsort(-totals(appraisal.S, w_hat), kind="stable")
    keep = [int(i) for i in order[:MAX_LINES]]
    sq = appraisal.status_quo_index
    if sq is not None and sq not in keep:
        keep[-1] = sq
    return sorted(keep)


def _fix_margins(lay: dict, left: int, bottom: int) -> None:
    """Fixed margins with room for the tick labels ("100 %"), axis titles and legend.

    Streamlit re-mounts a Plotly chart whenever its figure changes, so each slider move is a full
    ``Plotly.newPlot``; with ``automargin`` (or a legend taller than its margin) Plotly lays the
    chart out twice — draw, measure, redraw. The tick labels here are percentages, so their width
    is known in advance.
    """
    lay["xaxis"]["automargin"] = False
    lay["yaxis"]["automargin"] = False
    lay["margin"]["l"] = max(lay["margin"]["l"], left)
    lay["margin"]["b"] = max(lay["margin"]["b"], bottom)


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
    b_all = smaa_result.acceptability
    # With many options, the options most often near the top and the top ranks (the table has them all).
    shown = np.argsort(b_all @ np.arange(1, b_all.shape[0] + 1), kind="stable")[:MAX_HEATMAP_OPTIONS]
    shown.sort()
    n = len(shown)
    b = b_all[np.ix_(shown, np.arange(n))]
    labels = [option_label(appraisal.option_names[i], i == appraisal.status_quo_index) for i in shown]
    ranks = [fmt.ordinal(r + 1) for r in range(n)]
    text = [[fmt.share(v) for v in row] for row in b]
    trace = {
        "type": "heatmap", "z": (100 * b).tolist(), "x": ranks, "y": labels, "zmin": 0, "zmax": 100, "text": text,
        "texttemplate": "%{text}", "textfont": {"size": 16, "color": "#1a1a1a"}, "showscale": False, "xgap": 2, "ygap": 2,
        "colorscale": [[0, "#f7fbff"], [1, "#6baed6"]],  # light, so the dark text reads on every cell (≥ 4.5:1)
        "hovertemplate": "%{y}<br>rank %{x}: %{text} of weightings drawn<extra></extra>",
    }
    title = "How often each option takes each rank"
    if n < b_all.shape[0]:
        title += f" (the {n} options with the best average rank, ranks 1st–{fmt.ordinal(n)})"
    lay = layout(title, x_title="Rank (share of weightings drawn, in each cell)", height=160 + 70 * n)
    lay["yaxis"]["autorange"] = "reversed"
    fig = figure([trace], lay)
    return Chart(fig, title, smaa_sentence(smaa_result, appraisal.option_names), acceptability_table(appraisal, smaa_result))


def central_weights_table(appraisal: Appraisal, smaa_result: SmaaResult) -> pd.DataFrame:
    """The typical weights that make each option 1st (SMAA central weights), as % of all weight."""
    data = {"Criterion": appraisal.criterion_names}
    options = range(appraisal.n_options)
    if appraisal.n_options > MAX_HEATMAP_OPTIONS:  # many options: those that are ever 1st, most often first
        ever = np.flatnonzero(~np.isnan(smaa_result.central_weights[:, 0]))
        options = sorted(ever[np.argsort(-smaa_result.first_rank[ever], kind="stable")][:MAX_HEATMAP_OPTIONS])
    for i in options:
        name = appraisal.option_names[i]
        cw = smaa_result.central_weights[i]
        data[fmt.option_display(name, i == appraisal.status_quo_index)] = ["never 1st" if np.isnan(v) else fmt.share(v) for v in cw]
    return pd.DataFrame(data)
