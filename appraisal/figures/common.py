"""What every chart shares: a colour-blind-safe palette, safe labels and a projector layout."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from appraisal import fmt

# Okabe & Ito (2008) — distinguishable with every common colour-vision deficiency. Options keep
# the same colour on every chart: colour i belongs to the i-th option in case order.
OPTION_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Paul Tol's "muted" scheme for criteria (stacked bars); patterns take over beyond ten criteria.
CRITERION_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#6F6F6F"]
PATTERNS = ["", "/", "\\", "x", ".", "+", "-", "|"]
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


def safe_label(text: str) -> str:
    """User text for a Plotly label: Plotly reads <b>, <a href>… in labels, so escape them."""
    return html.escape(str(text), quote=False)


def option_colour(index: int) -> str:
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


def criterion_style(index: int) -> tuple[str, str]:
    """Colour and fill pattern for the index-th criterion (patterns keep >10 criteria distinct)."""
    return CRITERION_COLOURS[index % len(CRITERION_COLOURS)], PATTERNS[(index // len(CRITERION_COLOURS)) % len(PATTERNS)]


def option_label(name: str, status_quo: bool) -> str:
    """The status quo is marked by its label as well as by position, never by colour alone."""
    return safe_label(fmt.option_display(name, status_quo))


def base_layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 420) -> go.Figure:
    """Title, axis titles and type sizes legible on a projector."""
    fig.update_layout(
        title={"text": safe_label(title), "font": {"size": 22}, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 16, "color": "#1a1a1a"},
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 60},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"font": {"size": 15}},
        hoverlabel={"font": {"size": 16}},
    )
    fig.update_xaxes(title_text=safe_label(x_title), gridcolor="#d0d0d0", zerolinecolor="#888", automargin=True)
    fig.update_yaxes(title_text=safe_label(y_title), gridcolor="#d0d0d0", automargin=True)
    return fig


@dataclass
class Chart:
    """A figure with its title, one-sentence takeaway and the numbers behind it."""

    figure: go.Figure
    title: str
    takeaway: str
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
