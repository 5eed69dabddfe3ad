"""The consensus path chart: every option's total from one weight set to another, swaps marked."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt
from appraisal.analysis.consensus_path import ConsensusPath, PathLocation, Swap, locate_set, path_between
from appraisal.analysis.scoring import Appraisal, rank_label, tied_flags
from appraisal.report.consensus_path import lam_text, path_takeaway, weights_phrase
from appraisal.report.figures.common import Chart, base_layout, option_colour, option_label, safe_label

# Marker shapes per option (with colour and the end labels, options never rely on colour alone).
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "star", "hexagon"]
# Up to this many swaps are labelled in words on the chart; beyond it, by number (see the table).
LABELLED_SWAPS = 4
# A large case can have thousands of swaps; beyond this many, only swaps for the top three places
# are marked (and tabulated), up to this many. The command line lists every one.
MARKED_SWAPS = 60


def marked_swaps(path: ConsensusPath) -> tuple[Swap, ...]:
    """The swaps the chart marks: all of them, or in a very large case those for the top three places."""
    if len(path.swaps) <= MARKED_SWAPS:
        return path.swaps
    return tuple(sw for sw in path.swaps if sw.place <= 3)[:MARKED_SWAPS]


def _units(appraisal: Appraisal) -> str:
    best, top = next(iter(appraisal.scale.items()))
    return f"Weighted average rating ({fmt.number(top)} = all {best})"


def path_table(appraisal: Appraisal, path: ConsensusPath, a_name: str, b_name: str,
               extra: dict[str, float] | None = None) -> pd.DataFrame:
    """Each option's total and rank at A, at every swap point, (at any extra named λ) and at B."""
    # Swap points keep their exact λ, so the two options meeting there show as tied.
    points: list[tuple[str, float | Fraction]] = [(f"{a_name} (0 %)", Fraction(0))]
    points += [(f"Swap {k} ({lam_text(sw.value)})", sw.lam) for k, sw in enumerate(marked_swaps(path), start=1)]
    points += [(f"{name} ({lam_text(lam)})", lam) for name, lam in (extra or {}).items()]
    points.append((f"{b_name} (100 %)", Fraction(1)))
    points.sort(key=lambda p: p[1])
    columns: dict[str, list[str]] = {
        "Option": [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)]
    }
    for label, lam in points:
        totals = path.totals_at(float(lam))
        ranks = np.array(path.ranks_at(lam))
        tied = tied_flags(ranks)
        columns[label] = [f"{fmt.number(float(t), 3)} ({rank_label(int(r), bool(d))})" for t, r, d in zip(totals, ranks, tied)]
    return pd.DataFrame(columns)


def consensus_path_chart(appraisal: Appraisal, set_a: str, set_b: str, mark_set: str | None = None,
                         at: float | None = None) -> Chart:
    """Option totals (normalised weights) against λ from A's weights (0 %) to B's (100 %).

    Swaps are marked where two lines cross; ``mark_set`` (e.g. the joint set) is marked at its λ when
    it lies on the path; ``at`` marks a candidate point (the λ slider).
    """
    a_name = appraisal.set_names[appraisal.set_ids.index(set_a)]
    b_name = appraisal.set_names[appraisal.set_ids.index(set_b)]
    path = path_between(appraisal, set_a, set_b)
    location: PathLocation | None = None
    mark_name = ""
    if mark_set is not None and mark_set not in (set_a, set_b):
        location = locate_set(appraisal, set_a, set_b, mark_set)
        mark_name = appraisal.set_names[appraisal.set_ids.index(mark_set)]

    shown = marked_swaps(path)
    xs = sorted({*np.linspace(0.0, 1.0, 21).tolist(), *(sw.value for sw in shown)})
    fig = go.Figure()
    for i, name in enumerate(appraisal.option_names):
        label = option_label(name, i == appraisal.status_quo_index)
        ys = [float(path.start[i] + x * path.slope[i]) for x in xs]
        fig.add_scatter(
            x=[100 * x for x in xs], y=ys, mode="lines+markers", name=label,
            line={"color": option_colour(i), "width": 3},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": [11 if x in (0.0, 1.0) else 0 for x in xs], "color": option_colour(i)},
            hovertemplate=label + "<br>%{x:.1f} % of the way: %{y:.3f}<extra></extra>",
        )
    if shown:
        labelled = len(shown) <= LABELLED_SWAPS
        texts = []
        for k, sw in enumerate(shown, start=1):
            rising = safe_label(appraisal.option_names[sw.rising])
            falling = safe_label(appraisal.option_names[sw.falling])
            texts.append(f"{rising} overtakes {falling} ({lam_text(sw.value)})" if labelled else str(k))
        fig.add_scatter(
            x=[100 * sw.value for sw in shown], y=[float(sw.total) for sw in shown],
            mode="markers+text", name="Swap points", text=texts,
            textposition=["top right" if sw.value < 0.3 else "top left" if sw.value > 0.7 else "top center" for sw in shown],
            textfont={"size": 14}, marker={"symbol": "x-thin", "size": 18, "line": {"width": 3, "color": "#1a1a1a"}},
            hovertemplate="%{text}<extra></extra>",
        )
    if location is not None and location.on_path:
        fig.add_vline(x=100 * location.lam, line={"dash": "dash", "color": "#444", "width": 2},
                      annotation={"text": f"{safe_label(mark_name)} ({lam_text(location.lam)})", "yanchor": "bottom"},
                      annotation_position="top")
    if at is not None:
        fig.add_vline(x=100 * at, line={"dash": "dot", "color": "#1a1a1a", "width": 2},
                      annotation={"text": f"Candidate ({lam_text(at)})"}, annotation_position="bottom right")

    title = f"From {a_name} to {b_name}: totals along the way"
    base_layout(fig, title, x_title=f"Share of the way towards {weights_phrase(b_name)}",
                y_title=_units(appraisal), height=520)
    fig.update_xaxes(range=[-2, 102], tickvals=[0, 25, 50, 75, 100], ticktext=["0 %", "25 %", "50 %", "75 %", "100 %"],
                     zeroline=False)
    # The two ends named over the plot (long names would be clipped as tick labels).
    for x, anchor, text in ((0, "left", f"← {weights_phrase(a_name)}"), (100, "right", f"{weights_phrase(b_name)} →")):
        fig.add_annotation(x=x, y=1.0, xref="x", yref="paper", yanchor="bottom", xanchor=anchor, showarrow=False,
                           text=safe_label(text), font={"size": 15})
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "title": {"text": "Option"}}, margin={"t": 100})

    takeaway = path_takeaway(appraisal, path, a_name, b_name)
    if location is not None and location.on_path and 0 < location.lam < 1:
        takeaway = takeaway[:-1] + f"; {mark_name} sits {lam_text(location.lam)} of the way along."
    extra = {mark_name: location.lam} if location is not None and location.on_path else None
    return Chart(fig, title, takeaway, path_table(appraisal, path, a_name, b_name, extra))

