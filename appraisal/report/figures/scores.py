"""The Scores view: "where did the figures come from?" — the rating matrix and the assessors' spread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.case.model import Case
from appraisal.case.ratings import CellRating, label_for
from appraisal.case.scales import CriterionScale, resolve_raw_cells, scales_for
from appraisal.report.figures.common import Chart, figure, layout, safe_label, wrapped_label
from appraisal.report.measured import raw_text

FROM_SAVINGS = "from the savings model"


def _cell_text(scale: CriterionScale, raw: float) -> str:
    """A cell as the case rates it: its label, a measured value with its unit, else the number."""
    if scale.measured:
        return raw_text(scale, raw)
    return label_for(raw, dict(scale.labels)) or fmt.number(raw, 2)


def ratings_frame(case: Case, appraisal: Appraisal | None = None) -> pd.DataFrame:
    """Options × criteria, each cell the rating label used (numbers shown where no label fits; a
    measured criterion's raw value with its unit, e.g. "£120k a year")."""
    ap = appraisal or Appraisal(case)
    rows = {}
    for i, o in enumerate(case.options):
        rows[fmt.option_display(o.name, o.status_quo)] = [_cell_text(sc, float(ap.raw[i, j])) for j, sc in enumerate(ap.scales)]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[c.name for c in case.criteria])


MAX_LABELLED_CELLS = 2_500


def _grid(case: Case, title: str, z: list, text: list, colorscale: list, hover: str, **trace_extra: object) -> go.Figure:
    """Criteria × options heatmap with labelled cells (light colours and dark text: ≥ 4.5:1 everywhere).

    ``z`` and ``text`` come options × criteria (the case's order) and are drawn with the criteria down
    the side, as the committee reports print them: with ten criteria across, "Medium" no longer fitted
    its cell at 1280 px, while an option a column leaves every cell wide.
    """
    columns = [wrapped_label(fmt.option_display(o.name, o.status_quo), 16) for o in case.options]
    rows = [safe_label(c.name) for c in case.criteria]
    spec = layout(title, height=170 + 44 * len(rows))
    spec["yaxis"]["autorange"] = "reversed"
    spec["xaxis"].update(side="top", title={"text": ""})
    spec["margin"].update(t=150, b=20)  # the title, then the option names (up to three lines) above the grid
    spec["title"].update(y=0.99, yref="container", yanchor="top")
    # Beyond a few thousand cells the words no longer fit and the browser spends seconds placing
    # them: the colours carry the grid, the hover and the table below carry every value.
    labelled = len(rows) * len(columns) <= MAX_LABELLED_CELLS
    trace = {
        "type": "heatmap", "z": _transposed(z), "x": columns, "y": rows, "text": _transposed(text),
        "texttemplate": "%{text}" if labelled else "", "textfont": {"size": 16, "color": "#1a1a1a"}, "showscale": False,
        "colorscale": colorscale, "hovertemplate": hover, "xgap": 2, "ygap": 2, **trace_extra,
    }
    return figure([trace], spec)


def _transposed(grid: list) -> list:
    return [list(column) for column in zip(*grid)]


def ratings_heatmap(case: Case, appraisal: Appraisal | None = None) -> Chart:
    """The consensus ratings as a grid: a criterion a row, an option a column, labelled cells.

    With measured criteria the cells show raw values with their units and are coloured by value as a
    share of the criterion's value range, so £k, minutes and High/Medium/Low share one colour scale."""
    ap = appraisal or Appraisal(case)
    measured = any(sc.measured for sc in ap.scales)
    frame = ratings_frame(case, ap)
    text = [[safe_label(t) for t in r] for r in frame.to_numpy().tolist()]
    title = "Consensus ratings by option and criterion"
    if measured:
        with np.errstate(divide="ignore", invalid="ignore"):
            span = np.where(ap.max_values > ap.min_values, ap.max_values - ap.min_values, 1.0)
            values = (ap.S - ap.min_values[None, :]) / span[None, :]
        title = "Ratings and measures by option and criterion"
    else:
        values = ap.S
    # Cividis' mid grey left Plotly's white text at 4.2:1, hence the light scale.
    fig = _grid(case, title, values.tolist(), text, [[0, "#C6DBEF"], [0.5, "#EEEEEE"], [1, "#FDE725"]],
                "%{x}<br>%{y}: %{text}<extra></extra>")
    best = [o.name for o, row in zip(case.options, values) if row.sum() == values.sum(axis=1).max()]
    if not measured:
        counts = {label: int((values == number).sum()) for label, number in case.scale.items()}
        takeaway = (
            f"Before any weighting, {fmt.names_list(best)} {'has' if len(best) == 1 else 'have'} the highest total of ratings; "
            + ", ".join(f"{n} cell{'s' if n != 1 else ''} rated {label}" for label, n in counts.items())
            + f" out of {values.size}."
        )
    else:
        n_measured = sum(sc.measured for sc in ap.scales)
        takeaway = (
            f"Before any weighting, {fmt.names_list(best)} {'scores' if len(best) == 1 else 'score'} best overall, each "
            f"criterion counted as a share of its range; {n_measured} of {ap.n_criteria} criteria are measured in their "
            "own units and scored through a value function."
        )
    return Chart(fig, title, takeaway, _criteria_down(frame))


def value_spread(scale: CriterionScale, cell: CellRating) -> float:
    """How far apart the assessors were on one cell, in value points: max − min of v(rating). Label
    criteria: the labels' numbers (as before); measured: through the value function, so minutes, £k and
    % read on the one value scale (lower-is-better criteria too)."""
    if not cell.individual:
        return 0.0
    values = np.asarray(scale.value(np.asarray(cell.individual, dtype=float)), dtype=float)
    return float(values.max() - values.min())


def disagreement_heatmap(case: Case) -> Chart:
    """How far apart the assessors were in each cell (highest minus lowest rating). With measured
    criteria the spread is in value points (each criterion's value scale, 0–100 by default), the raw
    spread in its unit beside it in the table and the hover."""
    cells = resolve_raw_cells(case)
    scales = scales_for(case)
    measured = any(sc.measured for sc in scales)
    spread = np.array([[value_spread(sc, _cell(cells, o.id, c.id)) for c, sc in zip(case.criteria, scales)]
                       for o in case.options])
    raw = np.array([[_cell(cells, o.id, c.id).disagreement for c in case.criteria] for o in case.options])
    if measured:
        title = "Where the assessors disagreed (highest minus lowest rating, in value points)"
        points = "value points"
        words = [[fmt.number(v) + (f" ({raw_text(sc, float(r))})" if sc.measured and v > 0 else "")
                  for v, r, sc in zip(row, raw_row, scales)] for row, raw_row in zip(spread, raw)]
    else:
        title = "Where the assessors disagreed (highest minus lowest rating)"
        points = "points"
        words = [[fmt.number(v) for v in row] for row in spread]
    fig = _grid(case, title, spread.tolist(), [[fmt.number(v) for v in r] for r in spread], [[0, "#FFFFFF"], [1, "#9ECAE1"]],
                "%{x}<br>%{y}: spread %{customdata}<extra></extra>", zmin=0,
                customdata=_transposed([[safe_label(w) + (f" {points}" if measured else "") for w in r] for r in words]))
    disputed = int((spread > 0).sum())
    worst = np.unravel_index(int(spread.argmax()), spread.shape)
    takeaway = (
        f"The assessors agreed on {spread.size - disputed} of {spread.size} cells"
        + (
            f"; the widest split was on {case.options[worst[0]].name} against {case.criteria[worst[1]].name} "
            f"({fmt.number(spread[worst])} {points} apart"
            + (f", {raw_text(scales[worst[1]], float(raw[worst]))}" if scales[worst[1]].measured else "") + ")."
            if disputed
            else "."
        )
    )
    table = pd.DataFrame(words,
                         index=[fmt.option_display(o.name, o.status_quo) for o in case.options],
                         columns=[c.name for c in case.criteria])
    return Chart(fig, title, takeaway, _criteria_down(table))


def _criteria_down(options_by_criteria: pd.DataFrame) -> pd.DataFrame:
    """A grid's table with the criteria down the side and an option a column, as the committee reports
    print it: it stays readable (and within a page or a screen column) however many criteria there are."""
    return options_by_criteria.T.reset_index(names="Criterion")


def _cell(cells: dict[tuple[str, str], CellRating], option_id: str, criterion_id: str) -> CellRating:
    """A resolved cell; a criterion fed from the savings model has no ratings (no spread)."""
    return cells.get((option_id, criterion_id), CellRating(float("nan"), True))


def assessor_frame(case: Case, option_id: str) -> pd.DataFrame:
    """Each assessor's rating of one option on every criterion, beside the consensus used."""
    cells = resolve_raw_cells(case)
    scales = scales_for(case)
    names = {a.id: a.name for a in case.assessors}
    data: dict[str, list[str]] = {}
    for assessor, by_option in case.assessments.items():
        row = by_option.get(option_id, {})
        data[names.get(assessor, assessor)] = [str(row.get(c.id, "–")) for c in case.criteria]
    consensus = []
    for c, sc in zip(case.criteria, scales):
        if (option_id, c.id) not in cells:
            consensus.append(FROM_SAVINGS)
            continue
        cell = cells[option_id, c.id]
        consensus.append(_cell_text(sc, cell.value) + ("" if cell.published else " (median)")
                         + (" — tie, lower value taken" if cell.tie else ""))
    data["Consensus used"] = consensus
    return pd.DataFrame(data, index=[c.name for c in case.criteria]).reset_index(names="Criterion")
