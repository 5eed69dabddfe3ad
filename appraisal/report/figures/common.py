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


# Presentation mode (a projector at 1280×720 or more): chart text enlarged with the body text, and
# a height that leaves the screen's title, warning, buttons and takeaway on the same screen.
PROJECTOR_MIN_PX = 24
PROJECTOR_MAX_PX = 30
PROJECTOR_HEIGHT = 380
_FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")


def projector_px(size: float | None) -> int:
    """A chart type size for the projector: 8 px larger, at least 24 px (the body text is 26 px), at most 30."""
    if size is None:
        return PROJECTOR_MIN_PX
    return int(min(max(PROJECTOR_MIN_PX, size + 8), max(PROJECTOR_MAX_PX, size)))


def _enlarge(node: object) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _FONT_KEYS and isinstance(value, dict):
                value["size"] = [projector_px(v) for v in value["size"]] if isinstance(value.get("size"), list) \
                    else projector_px(value.get("size"))
            _enlarge(value)
    elif isinstance(node, list):
        for item in node:
            _enlarge(item)


def for_projector(fig: go.Figure, height: int = PROJECTOR_HEIGHT, legend: str | None = None) -> go.Figure:
    """A copy of ``fig`` for a projector screen: every piece of text at least ``PROJECTOR_MIN_PX``
    (titles, ticks, legend, labels in bars and cells, annotations), the height fixed, margins left to
    Plotly to fit the larger labels, and the legend moved to the ``"right"`` (one entry a line) or the
    ``"top"`` (in a row), where it takes no height from the plot's bars."""
    spec = fig.to_plotly_json()
    lay = spec.setdefault("layout", {})
    lay.setdefault("font", {})
    _enlarge(spec)
    lay["height"] = height
    lay["margin"] = {"l": 10, "r": 10, "t": 60, "b": 10, "autoexpand": True}
    lay["title"] = {**lay.get("title", {}), "y": 0.98, "yref": "container", "yanchor": "top", "x": 0, "xanchor": "left"}
    if isinstance(lay["title"].get("subtitle"), dict):   # a subtitle takes a second title line
        lay["margin"]["t"] = 100
    for axis in [k for k in lay if k.startswith(("xaxis", "yaxis"))]:
        lay[axis]["automargin"] = True
    if legend == "right":
        # Beside the plot, one entry a line, over the whole height under the title (more entries fit
        # unscrolled than the plot's own height holds). Margins fixed: Plotly's automatic margins would
        # push a container-anchored legend's room out of the plot's height.
        names = [html.unescape(str(t.get("name", ""))) for t in spec.get("data", []) if t.get("showlegend", True) is not False]
        width = int(0.56 * PROJECTOR_MIN_PX * max((len(n) for n in names), default=10)) + 60
        lay["legend"] = {**lay.get("legend", {}), "orientation": "v", "x": 1.01, "xanchor": "left", "yref": "container",
                         "y": 1 - 60 / height, "yanchor": "top", "tracegroupgap": 0, "entrywidth": None, "entrywidthmode": None}
        lay["margin"].update({"l": 16, "r": width, "b": 100, "autoexpand": False})
        for axis in [k for k in lay if k.startswith(("xaxis", "yaxis"))]:
            lay[axis]["automargin"] = False
    elif legend == "top":
        lay["legend"] = {**lay.get("legend", {}), "orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                         "yref": "paper", "entrywidth": None, "entrywidthmode": None}
        lay["margin"]["t"] = lay["margin"]["t"] + 40
    for key in ("entrywidth", "entrywidthmode"):
        if lay.get("legend", {}).get(key) is None:
            lay.get("legend", {}).pop(key, None)
    return go.Figure(spec, _validate=False)
