"""The Scores view: "where did the figures come from?" — the rating matrix and the assessors' spread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.case.model import Case
from appraisal.case.ratings import label_for, resolve_cells
from appraisal.report.figures.common import Chart, figure, layout, safe_label, wrapped_label


def ratings_frame(case: Case) -> pd.DataFrame:
    """Options × criteria, each cell the rating label used (numbers shown where no label fits)."""
    cells = resolve_cells(case)
    scale = case.scale
    rows = {}
    for o in case.options:
        rows[fmt.option_display(o.name, o.status_quo)] = [
            label_for(cells[o.id, c.id].value, scale) or fmt.number(cells[o.id, c.id].value, 2) for c in case.criteria
        ]
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


def ratings_heatmap(case: Case) -> Chart:
    """The consensus ratings as a grid: a criterion a row, an option a column, labelled cells."""
    cells = resolve_cells(case)
    values = np.array([[cells[o.id, c.id].value for c in case.criteria] for o in case.options])
    text = [[safe_label(t) for t in r] for r in ratings_frame(case).to_numpy().tolist()]
    title = "Consensus ratings by option and criterion"
    # Cividis' mid grey left Plotly's white text at 4.2:1, hence the light scale.
    fig = _grid(case, title, values.tolist(), text, [[0, "#C6DBEF"], [0.5, "#EEEEEE"], [1, "#FDE725"]],
                "%{x}<br>%{y}: %{text}<extra></extra>")
    best = [o.name for o, row in zip(case.options, values) if row.sum() == values.sum(axis=1).max()]
    counts = {label: int((values == number).sum()) for label, number in case.scale.items()}
    takeaway = (
        f"Before any weighting, {fmt.names_list(best)} {'has' if len(best) == 1 else 'have'} the highest total of ratings; "
        + ", ".join(f"{n} cell{'s' if n != 1 else ''} rated {label}" for label, n in counts.items())
        + f" out of {values.size}."
    )
    return Chart(fig, title, takeaway, _criteria_down(ratings_frame(case)))


def disagreement_heatmap(case: Case) -> Chart:
    """How far apart the assessors were in each cell (highest minus lowest rating)."""
    cells = resolve_cells(case)
    spread = np.array([[cells[o.id, c.id].disagreement for c in case.criteria] for o in case.options])
    title = "Where the assessors disagreed (highest minus lowest rating)"
    fig = _grid(case, title, spread.tolist(), [[fmt.number(v) for v in r] for r in spread], [[0, "#FFFFFF"], [1, "#9ECAE1"]],
                "%{x}<br>%{y}: spread %{z}<extra></extra>", zmin=0)
    disputed = int((spread > 0).sum())
    worst = np.unravel_index(int(spread.argmax()), spread.shape)
    takeaway = (
        f"The assessors agreed on {spread.size - disputed} of {spread.size} cells"
        + (
            f"; the widest split was on {case.options[worst[0]].name} against {case.criteria[worst[1]].name} "
            f"({fmt.number(spread[worst])} points apart)."
            if disputed
            else "."
        )
    )
    table = pd.DataFrame([[fmt.number(v) for v in row] for row in spread],
                         index=[fmt.option_display(o.name, o.status_quo) for o in case.options],
                         columns=[c.name for c in case.criteria])
    return Chart(fig, title, takeaway, _criteria_down(table))


def _criteria_down(options_by_criteria: pd.DataFrame) -> pd.DataFrame:
    """A grid's table with the criteria down the side and an option a column, as the committee reports
    print it: it stays readable (and within a page or a screen column) however many criteria there are."""
    return options_by_criteria.T.reset_index(names="Criterion")


def assessor_frame(case: Case, option_id: str) -> pd.DataFrame:
    """Each assessor's rating of one option on every criterion, beside the consensus used."""
    cells = resolve_cells(case)
    names = {a.id: a.name for a in case.assessors}
    data: dict[str, list[str]] = {}
    for assessor, by_option in case.assessments.items():
        row = by_option.get(option_id, {})
        data[names.get(assessor, assessor)] = [str(row.get(c.id, "–")) for c in case.criteria]
    data["Consensus used"] = [
        (label_for(cells[option_id, c.id].value, case.scale) or fmt.number(cells[option_id, c.id].value, 2))
        + ("" if cells[option_id, c.id].published else " (median)")
        + (" — tie, lower value taken" if cells[option_id, c.id].tie else "")
        for c in case.criteria
    ]
    return pd.DataFrame(data, index=[c.name for c in case.criteria]).reset_index(names="Criterion")
