"""Weights charts: weight sets side by side, and the spread of workshop submissions per criterion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.consensus import DIFFERENCE_POINTS, council_pair, differences, percentages
from appraisal.analysis.scoring import Appraisal, competition_ranks, rank_label, tied_flags, totals
from appraisal.analysis.workshop import JOINT, JOINT_COUNCILS, GroupAggregate, Submission, normalised
from appraisal.case.ratings import as_number
from appraisal.report.figures.common import Chart, bar_marker, figure, layout, safe_label
from appraisal.report.weights import comparison_table, differences_headline, differences_sentence

# Weight sets and councils get colours from the Okabe & Ito palette in a fixed order, plus a fill
# pattern or marker symbol, so they are told apart without colour.
SET_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SET_PATTERNS = ["", "/", ".", "x", "\\", "+", "-", "|"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon"]
HIGHLIGHT = "#FFF3C4"
MARK = "◆ "
# User text reaches hover labels only through the (escaped) trace name: a name containing "%{x}"
# must not be read as a Plotly template variable.
HOVER_SET = "%{y}<br>%{fullData.name}: %{x:.1f} %<extra></extra>"


def weights_comparison_chart(appraisal: Appraisal, set_ids: Sequence[str]) -> Chart:
    """Grouped horizontal bars: each criterion's share (%) under each set; criteria on which the
    councils' sets differ by ``DIFFERENCE_POINTS`` or more are shaded and marked ◆ in their label."""
    set_ids = list(set_ids)
    p = percentages(appraisal, set_ids)
    pair = council_pair(appraisal.case, set_ids)
    diff = differences(appraisal, *pair) if pair else np.zeros(appraisal.n_criteria)
    flagged = np.abs(diff) >= DIFFERENCE_POINTS
    labels = [safe_label((MARK if flagged[j] else "") + name) for j, name in enumerate(appraisal.criterion_names)]
    traces = []
    for k, s in enumerate(set_ids):
        name = appraisal.set_names[appraisal.set_ids.index(s)]
        traces.append({
            "type": "bar", "orientation": "h", "y": labels, "x": p[k].tolist(), "name": safe_label(name),
            "marker": {"color": SET_COLOURS[k % len(SET_COLOURS)], "pattern": {"shape": SET_PATTERNS[k % len(SET_PATTERNS)]},
                       "line": {"color": "white", "width": 1}},
            "text": [fmt.percent(v) for v in p[k]], "textposition": "outside", "cliponaxis": False,
            "hovertemplate": HOVER_SET,
        })
    title = "Weight sets compared (share of the total weight)"
    height = 140 + appraisal.n_criteria * max(48, 22 * len(set_ids))
    lay = layout(title, x_title="Share of the total weight (%)", height=height)
    lay["barmode"] = "group"
    lay["yaxis"]["autorange"] = "reversed"
    lay["xaxis"]["range"] = [0, max(5.0, float(p.max()) * 1.2)]
    lay["legend"] = {**lay["legend"], "orientation": "h", "y": -0.12, "title": {"text": "Weight set"}}
    lay["shapes"] = [
        {"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": j - 0.5, "y1": j + 0.5,
         "fillcolor": HIGHLIGHT, "line": {"width": 0}, "layer": "below"}
        for j in range(appraisal.n_criteria) if flagged[j]
    ]
    if pair:
        takeaway = differences_sentence(appraisal, *pair)
        if flagged.any():
            takeaway += f" ◆ marks the criteria that differ by {fmt.number(DIFFERENCE_POINTS, 0)} points or more."
    else:
        takeaway = _single_takeaway(appraisal, set_ids[0], p[0])
    return Chart(figure(traces, lay), title, takeaway, comparison_table(appraisal, set_ids, pair))


# The projector's version shows at most this many criteria: at 24 px a row's label needs ~40 px to
# stay clear of its neighbours (Plotly drops labels that would touch), and the chart has 380 px for
# its title, legend, rows and axis (figures.common.PROJECTOR_HEIGHT).
PROJECTOR_ROWS = 5
GLYPHS = ["●", "■", "◆", "▲"]   # the marker symbols of SYMBOLS[:4], as text for the key


def weights_projector_chart(appraisal: Appraisal, a: str, b: str, rows: int = PROJECTOR_ROWS) -> Chart:
    """Two weight sets on a projector: one row per criterion where they differ most (a dot per set on
    a line — circle and square, so not by colour alone), biggest difference first, at most ``rows``;
    the criteria that differ by ``DIFFERENCE_POINTS`` or more if there are any. The table has every
    criterion. The takeaway is :func:`appraisal.report.weights.differences_headline` (one sentence)."""
    p = percentages(appraisal, [a, b])
    diff = p[1] - p[0]
    order = [int(j) for j in np.argsort(-np.abs(diff), kind="stable")]
    flagged = [j for j in order if abs(diff[j]) >= DIFFERENCE_POINTS]
    shown = (flagged or order)[:rows]
    labels = [safe_label(appraisal.criterion_names[j]) for j in shown]
    names = [appraisal.set_names[appraisal.set_ids.index(s)] for s in (a, b)]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for j, label in zip(shown, labels):
        line_x += [float(p[0, j]), float(p[1, j]), None]
        line_y += [label, label, None]
    traces: list[dict] = [{"type": "scatter", "mode": "lines", "x": line_x, "y": line_y, "showlegend": False,
                           "line": {"color": "#6F6F6F", "width": 3}, "hoverinfo": "skip"}]
    for k, name in enumerate(names):
        traces.append({
            "type": "scatter", "mode": "markers", "x": [float(p[k, j]) for j in shown], "y": labels, "name": safe_label(name),
            "marker": {"color": SET_COLOURS[k], "symbol": SYMBOLS[k], "size": 20, "line": {"color": "white", "width": 1}},
            "hovertemplate": HOVER_SET, "showlegend": False,
        })
    # The key is the subtitle, one line under the title across the whole chart: a legend sits over the
    # plot area only, which the long criterion labels leave too narrow for two names in a row.
    key = "     ".join(f"<span style='color:{SET_COLOURS[k]}'>{GLYPHS[k]}</span> {safe_label(name)}" for k, name in enumerate(names))
    n = appraisal.n_criteria
    points = fmt.number(DIFFERENCE_POINTS, 0)
    if flagged and len(flagged) <= rows:
        title = f"{len(flagged)} of {n} criteria differ by {points} points or more"
    elif flagged:
        title = f"{len(flagged)} of {n} criteria differ by {points} points or more; the {len(shown)} largest"
    elif len(shown) < n:
        title = f"The {len(shown)} largest differences of {n} criteria"
    else:
        title = "Every criterion's share of the weight"
    lay = layout(title, height=160 + 40 * len(shown))
    lay["title"]["subtitle"] = {"text": key, "font": {"size": 17, "color": "#1a1a1a"}}
    lay["margin"]["t"] = 100
    lay["yaxis"].update(autorange="reversed", title={"text": ""}, tickmode="array", tickvals=labels, ticktext=labels)
    lay["xaxis"].update(ticksuffix=" %", rangemode="tozero", range=[0, max(5.0, float(p[:, shown].max()) * 1.15)])
    return Chart(figure(traces, lay), title, differences_headline(appraisal, a, b),
                 comparison_table(appraisal, [a, b], (a, b)))


def _single_takeaway(appraisal: Appraisal, set_id: str, p: np.ndarray) -> str:
    j = int(np.argmax(p))
    name = appraisal.set_names[appraisal.set_ids.index(set_id)]
    return f"{name} gives {appraisal.criterion_names[j]} the largest share, {fmt.percent(p[j])} of the total weight."


def spread_table(
    submissions: Sequence[Submission], criterion_ids: Sequence[str], criterion_names: Sequence[str],
    aggregates: Mapping[str, GroupAggregate],
) -> pd.DataFrame:
    """Per criterion: lowest, median, highest share across participants and each group's mean."""
    rows = [normalised(s.weights, criterion_ids) for s in submissions]
    shares = np.vstack(rows) * 100 if rows else np.zeros((0, len(criterion_ids)))
    table: dict[str, list[str]] = {"Criterion": list(criterion_names)}
    if len(shares):
        table["Lowest"] = [fmt.percent(v) for v in shares.min(axis=0)]
        table["Median"] = [fmt.percent(v) for v in np.median(shares, axis=0)]
        table["Highest"] = [fmt.percent(v) for v in shares.max(axis=0)]
    for g in aggregates.values():
        if g.n:
            table[f"{g.label} mean (n={g.n})"] = [fmt.share(g.mean[c]) for c in criterion_ids]
    return pd.DataFrame(table)


def submission_spread_chart(
    submissions: Sequence[Submission], criterion_ids: Sequence[str], criterion_names: Sequence[str],
    councils: Mapping[str, str], aggregates: Mapping[str, GroupAggregate],
) -> Chart:
    """Strip plot: every participant's share for each criterion (one dot each, council by colour and
    symbol), with the joint mean marked by a black bar; the table gives lowest/median/highest."""
    ids, names = list(criterion_ids), list(criterion_names)
    title = "How the participants weighted each criterion"
    labels = [safe_label(n) for n in names]
    traces = []
    groups = list(councils.items()) + [(c, c) for c in {s.council for s in submissions} if c is not None and c not in councils]
    if any(s.council is None for s in submissions):
        groups.append((None, "No council given"))  # type: ignore[arg-type]
    for k, (cid, cname) in enumerate(groups):
        subs = [s for s in submissions if s.council == cid]
        if not subs:
            continue
        shares = np.vstack([normalised(s.weights, ids) for s in subs]) * 100
        # Offset each council's dots a little vertically so the councils sit side by side.
        offset = (k - (len(groups) - 1) / 2) * 0.18
        jitter = np.linspace(-0.05, 0.05, len(subs)) if len(subs) > 1 else np.zeros(1)
        xs, ys = [], []
        for j in range(len(ids)):
            xs += shares[:, j].tolist()
            ys += (j + offset + jitter).tolist()
        label = f"{cname} ({len(subs)})"
        traces.append({
            "type": "scatter", "mode": "markers", "x": xs, "y": ys, "name": safe_label(label),
            "marker": {"size": 13, "color": SET_COLOURS[k % len(SET_COLOURS)], "symbol": SYMBOLS[k % len(SYMBOLS)],
                       "opacity": 0.8, "line": {"color": "white", "width": 1}},
            "hovertemplate": "%{fullData.name}: %{x:.1f} %<extra></extra>",
        })
    joint = aggregates.get(JOINT)
    if joint is not None and joint.n:
        traces.append({
            "type": "scatter", "mode": "markers", "x": [100 * joint.mean[c] for c in ids], "y": list(range(len(ids))),
            "name": f"Joint mean ({joint.n})", "marker": {"symbol": "line-ns", "size": 30, "line": {"width": 4, "color": "#000"}},
            "hovertemplate": "Joint mean: %{x:.1f} %<extra></extra>",
        })
    lay = layout(title, x_title="Share of the participant's total weight (%)", height=140 + 56 * len(ids))
    lay["yaxis"].update({"tickmode": "array", "tickvals": list(range(len(ids))), "ticktext": labels, "autorange": "reversed",
                         "range": [len(ids) - 0.5, -0.5]})
    lay["legend"] = {**lay["legend"], "orientation": "h", "y": -0.15, "title": {"text": "Council (submissions)"}}
    top = max([t_x for t in traces for t_x in t["x"]], default=10.0)
    lay["xaxis"]["range"] = [0, max(10.0, top * 1.1)]
    return Chart(figure(traces, lay), title, spread_sentence(submissions, ids, names, aggregates),
                 spread_table(submissions, ids, names, aggregates))


def spread_sentence(
    submissions: Sequence[Submission], criterion_ids: Sequence[str], criterion_names: Sequence[str],
    aggregates: Mapping[str, GroupAggregate],
) -> str:
    """'12 submissions so far; the widest disagreement is on Workforce (from 2 % to 25 %); jointly, Finance gets the most (16 %).'"""
    n = len(submissions)
    if n == 0:
        return "No submissions yet."
    shares = np.vstack([normalised(s.weights, criterion_ids) for s in submissions]) * 100
    spread = shares.max(axis=0) - shares.min(axis=0)
    j = int(np.argmax(spread))
    joint = aggregates[JOINT]
    top = max(criterion_ids, key=lambda c: joint.mean[c])
    head = f"{n} submission{'s' if n != 1 else ''} so far"
    low, high = fmt.percent(shares[:, j].min()), fmt.percent(shares[:, j].max())
    if n > 1 and low == high:  # every share the same once rounded: no "from 29 % to 29 %"
        head += "; everyone gives every criterion the same share"
    elif n > 1:
        head += f"; the widest disagreement is on {criterion_names[j]} (from {low} to {high})"
    return head + f"; jointly, {criterion_names[criterion_ids.index(top)]} gets the largest share ({fmt.share(joint.mean[top])})."


def aggregate_table(aggregates: Mapping[str, GroupAggregate], criterion_ids: Sequence[str], criterion_names: Sequence[str],
                    statistic: str) -> pd.DataFrame:
    """Criterion × group: the aggregate share (mean or median) with the number of participants in the header."""
    table: dict[str, list[str]] = {"Criterion": list(criterion_names)}
    for g in aggregates.values():
        if g.n:
            w = g.weights(statistic)
            table[f"{g.label} ({statistic}, n={g.n})"] = [fmt.share(w[c]) for c in criterion_ids]
    return pd.DataFrame(table)


def aggregate_ranks_table(appraisal: Appraisal, aggregates: Mapping[str, GroupAggregate], statistic: str) -> pd.DataFrame:
    """Each option's rank under each group's aggregate weights (the engine's competition ranks)."""

    names = [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)]
    table: dict[str, list[str]] = {"Option": names}
    for g in aggregates.values():
        if not g.n:
            continue
        w = appraisal.weights_from_mapping(g.weights(statistic))
        ranks = competition_ranks(totals(appraisal.S, w))
        tied = tied_flags(ranks)
        table[f"{g.label} (n={g.n})"] = [rank_label(int(r), bool(t)) for r, t in zip(ranks, tied)]
    return pd.DataFrame(table)


def aggregate_chart(aggregates: Mapping[str, GroupAggregate], criterion_ids: Sequence[str], criterion_names: Sequence[str],
                    statistic: str) -> Chart:
    """Grouped bars: each council's and the joint aggregate share per criterion (groups with submissions)."""
    ids, names = list(criterion_ids), list(criterion_names)
    groups = [g for g in aggregates.values() if g.n]
    labels = [safe_label(n) for n in names]
    traces = []
    for k, g in enumerate(groups):
        colour, pattern = {JOINT: ("#000000", ""), JOINT_COUNCILS: ("#6F6F6F", "x")}.get(
            g.group, (SET_COLOURS[k % len(SET_COLOURS)], SET_PATTERNS[(k + 1) % len(SET_PATTERNS)]))
        values = [100 * g.weights(statistic)[c] for c in ids]
        traces.append({
            "type": "bar", "orientation": "h", "y": labels, "x": values, "name": safe_label(f"{g.label} (n={g.n})"),
            "marker": bar_marker(colour, pattern),
            "text": [fmt.percent(v) for v in values], "textposition": "outside", "cliponaxis": False,
            "hovertemplate": HOVER_SET,
        })
    title = f"Aggregate weights per council and jointly ({statistic})"
    lay = layout(title, x_title="Share of the total weight (%)", height=140 + len(ids) * max(48, 22 * max(1, len(groups))))
    lay["barmode"] = "group"
    lay["yaxis"]["autorange"] = "reversed"
    top = max((x for t in traces for x in t["x"]), default=10.0)
    lay["xaxis"]["range"] = [0, max(5.0, top * 1.2)]
    lay["legend"] = {**lay["legend"], "orientation": "h", "y": -0.12, "title": {"text": "Group"}}
    return Chart(figure(traces, lay), title, aggregate_sentence(aggregates, ids, names, statistic),
                 aggregate_table(aggregates, ids, names, statistic))


def aggregate_sentence(aggregates: Mapping[str, GroupAggregate], criterion_ids: Sequence[str],
                       criterion_names: Sequence[str], statistic: str) -> str:
    """'Breckland (6) gives Finance the most (14 %), South Holland (8) gives Place the most (13 %); the councils
    differ most on Workforce (12 % against 5 %).'"""
    councils = [g for g in aggregates.values() if g.n and g.group not in (JOINT, JOINT_COUNCILS)]
    if not councils:
        return "No submissions yet."
    parts = []
    for g in councils:
        w = g.weights(statistic)
        top = max(criterion_ids, key=lambda c: w[c])
        parts.append(f"{g.label} ({g.n}) gives {criterion_names[criterion_ids.index(top)]} the most ({fmt.share(w[top])})")
    sentence = ", ".join(parts)
    if len(councils) >= 2:
        a, b = councils[0].weights(statistic), councils[1].weights(statistic)
        c = max(criterion_ids, key=lambda x: abs(a[x] - b[x]))
        sentence += (f"; {councils[0].label} and {councils[1].label} differ most on {criterion_names[criterion_ids.index(c)]} "
                     f"({fmt.share(a[c])} against {fmt.share(b[c])})")
    return sentence + "."


def leaders_sentence(appraisal: Appraisal, aggregates: Mapping[str, GroupAggregate], statistic: str) -> str:
    """Who ranks 1st under each group's weights, and whether every group agrees:
    'New local strategic partnership ranks 1st under every group's weights.' or '… Breckland: Stand alone; …'."""
    firsts: dict[str, list[str]] = {}
    for g in aggregates.values():
        if not g.n:
            continue
        firsts[g.label] = [fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index)
                           for i in appraisal.leaders(appraisal.weights_from_mapping(g.weights(statistic)))]
    if not firsts:
        return ""
    distinct = {tuple(v) for v in firsts.values()}
    if len(distinct) == 1:
        leaders = fmt.names_list(next(iter(firsts.values())))
        verb = "ranks" if len(next(iter(distinct))) == 1 else "share"
        return f"{leaders} {verb} 1st under every group's weights ({statistic})."
    parts = [f"{label}: {fmt.names_list(names)}" for label, names in firsts.items()]
    return "The groups do not agree on the first choice — " + "; ".join(parts) + "."


def snapshot_set_chart(criterion_ids: Sequence[str], criterion_names: Sequence[str], set_name: str, snapshot_name: str,
                       then: Mapping[str, Any], now_weights: Mapping[str, Any]) -> Chart:
    """One weight set then (in a snapshot) and now, as shares of its total, side by side."""

    def shares(weights: Mapping[str, Any]) -> np.ndarray:
        w = np.array([as_number(weights.get(c)) or 0.0 for c in criterion_ids], dtype=float)
        return 100 * w / w.sum() if w.sum() > 0 else w

    p_then, p_now = shares(then), shares(now_weights)
    labels = [safe_label(n) for n in criterion_names]
    traces = []
    for k, (label, values) in enumerate(((f"Then: {snapshot_name}", p_then), ("Now", p_now))):
        traces.append({
            "type": "bar", "orientation": "h", "y": labels, "x": values.tolist(), "name": safe_label(label),
            "marker": {"color": SET_COLOURS[k * 6 % len(SET_COLOURS)], "pattern": {"shape": SET_PATTERNS[k]},
                       "line": {"color": "white", "width": 1}},
            "text": [fmt.percent(v) for v in values], "textposition": "outside", "cliponaxis": False,
            "hovertemplate": HOVER_SET,
        })
    title = f"{set_name}: then and now (share of the total weight)"
    lay = layout(title, x_title="Share of the total weight (%)", height=140 + len(labels) * 52)
    lay["barmode"] = "group"
    lay["yaxis"]["autorange"] = "reversed"
    lay["xaxis"]["range"] = [0, max(5.0, float(max(p_then.max(initial=0), p_now.max(initial=0))) * 1.2)]
    lay["legend"] = {**lay["legend"], "orientation": "h", "y": -0.12}
    d = p_now - p_then
    j = int(np.argmax(np.abs(d)))
    if abs(d[j]) < 0.05:
        takeaway = f"{set_name} gives every criterion the same share now as in “{snapshot_name}”."
    else:
        takeaway = (f"Since “{snapshot_name}”, {set_name}'s share for {criterion_names[j]} has moved most: "
                    f"{fmt.percent(p_then[j])} then, {fmt.percent(p_now[j])} now.")
    table = pd.DataFrame({"Criterion": list(criterion_names), "Then": [fmt.percent(v) for v in p_then],
                          "Now": [fmt.percent(v) for v in p_now],
                          "Change (points)": [("+" if v > 0.05 else "−" if v < -0.05 else "") + fmt.number(abs(v), 1) for v in d]})
    return Chart(figure(traces, lay), title, takeaway, table)
