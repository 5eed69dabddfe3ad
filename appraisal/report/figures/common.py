"""What every chart shares: a colour-blind-safe palette, safe labels and a projector layout."""

from __future__ import annotations

import html
import textwrap
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


def wrapped_label(text: str, width: int, max_lines: int | None = None) -> str:
    """User text for a Plotly label, escaped and broken over lines of about ``width`` characters
    (Plotly wraps nothing itself); past ``max_lines`` the rest stays on the last line."""
    lines = textwrap.wrap(str(text), width) or [""]
    if max_lines and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1:])]
    return "<br>".join(safe_label(line) for line in lines)


def option_colour(index: int) -> str:
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


def criterion_style(index: int) -> tuple[str, str]:
    """Colour and fill pattern for the index-th criterion (patterns keep >10 criteria distinct)."""
    return CRITERION_COLOURS[index % len(CRITERION_COLOURS)], PATTERNS[(index // len(CRITERION_COLOURS)) % len(PATTERNS)]


def bar_marker(colour: str, pattern: str) -> dict:
    """A bar's fill: colour, a pattern only when there is one (an empty pattern still costs Plotly a
    redraw step per trace), and a thin white edge between stacked segments."""
    marker: dict = {"color": colour, "line": {"color": "white", "width": 1}}
    if pattern:
        marker["pattern"] = {"shape": pattern}
    return marker


def option_label(name: str, status_quo: bool) -> str:
    """The status quo is marked by its label as well as by position, never by colour alone."""
    return safe_label(fmt.option_display(name, status_quo))


def layout(title: str, x_title: str = "", y_title: str = "", height: int = 420) -> dict:
    """Title, axis titles and type sizes legible on a projector, as a plain layout dict."""
    axis = {"gridcolor": "#d0d0d0", "zerolinecolor": "#888", "automargin": True, "tickfont": {"size": 16, "color": "#1a1a1a"}}
    return {
        "title": {"text": safe_label(title), "font": {"size": 22}, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 16, "color": "#1a1a1a"},
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 70, "b": 60},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "legend": {"font": {"size": 15}},
        "hoverlabel": {"font": {"size": 16}},
        # No Python-side template: Streamlit's own chart theme applies in the browser, and Plotly's
        # default template would add ~10 kB to every redraw.
        "template": {"data": {}, "layout": {}},
        "xaxis": {**axis, "title": {"text": safe_label(x_title)}},
        "yaxis": {**axis, "title": {"text": safe_label(y_title)}},
    }


def figure(traces: list[dict], layout_dict: dict) -> go.Figure:
    """A Figure from plain dicts without Plotly's per-property validation.

    Validation costs ~15–20 ms per chart, which is most of a slider redraw's server time; the dicts
    here are built by our own tested code, and the browser test checks that the charts draw.
    """
    return go.Figure({"data": traces, "layout": layout_dict}, _validate=False)


def base_layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 420) -> go.Figure:
    """Apply :func:`layout` to an existing figure (for builders that use Plotly's own API)."""
    fig.update_layout(layout(title, x_title, y_title, height))
    return fig


@dataclass
class Chart:
    """A figure with its title, one-sentence takeaway and the numbers behind it."""

    figure: go.Figure
    title: str
    takeaway: str
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
