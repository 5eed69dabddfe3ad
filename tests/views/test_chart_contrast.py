"""Text printed inside heatmap cells reads at 4.5:1 or better on every cell colour.

The browser sweep cannot see a heatmap's cell colours (Plotly paints them as one image), so this test
reads every chart each page sends (AppTest) and checks each heatmap with cell text: its text colour
is set (Plotly's automatic black-or-white choice goes by brightness, not WCAG contrast — it left white
text on Cividis' mid grey at 4.2:1) and contrasts at 4.5:1 or more with every colour of its scale.
"""

from __future__ import annotations

import json

import numpy as np
from plotly.colors import get_colorscale, hex_to_rgb, unlabel_rgb
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(float(v) for v in hex_to_rgb(colour))  # type: ignore[return-value]
    return tuple(float(v) for v in unlabel_rgb(colour))[:3]  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def f(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _scale_colours(scale) -> list[tuple[float, float, float]]:
    """Every stop of a colour scale and eight points between each pair (linear in RGB, as Plotly does)."""
    stops = get_colorscale(scale) if isinstance(scale, str) else scale
    colours = [_rgb(c) for _, c in stops]
    out = []
    for a, b in zip(colours, colours[1:]):
        out += [tuple(np.array(a) + t * (np.array(b) - np.array(a))) for t in np.linspace(0, 1, 9)]
    return out or colours


def _heatmap_problems(spec: dict, where: str) -> list[str]:
    problems = []
    for trace in spec.get("data", []):
        if trace.get("type") != "heatmap" or not (trace.get("texttemplate") or trace.get("text")):
            continue
        colour = (trace.get("textfont") or {}).get("color")
        if not colour:
            problems.append(f"{where}: heatmap cell text has no colour set (Plotly's automatic choice can fall below 4.5:1)")
            continue
        scale = trace.get("colorscale") or spec.get("layout", {}).get("colorscale", {}).get("sequential") or "Plasma"
        worst = min(contrast(_rgb(colour), c) for c in _scale_colours(scale))
        if worst < 4.5:
            problems.append(f"{where}: heatmap text {colour} reaches only {worst:.2f}:1 on part of its scale")
    return problems


def test_heatmap_text_contrast_on_every_page(tmp_path, monkeypatch) -> None:
    from ui.pages import PAGES

    monkeypatch.setenv("APPRAISAL_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    problems: list[str] = []
    heatmaps = 0
    for path, *_ in PAGES:
        if not (ROOT / path).exists():
            continue
        at.switch_page(path).run()
        assert not at.exception, path
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            heatmaps += sum(t.get("type") == "heatmap" for t in spec.get("data", []))
            problems += _heatmap_problems(spec, f"{path} {chart.key or ''}")
    assert heatmaps, "no heatmap seen: the check would be vacuous"
    assert not problems, "\n".join(problems)


def test_the_check_catches_plotly_automatic_text_on_cividis() -> None:
    spec = {"data": [{"type": "heatmap", "z": [[1, 2, 3]], "texttemplate": "%{z}", "colorscale": "Cividis"}]}
    assert _heatmap_problems(spec, "example")
    spec["data"][0]["textfont"] = {"color": "#ffffff"}
    assert _heatmap_problems(spec, "example")
    spec["data"][0].update(textfont={"color": "#1a1a1a"}, colorscale=[[0, "#C6DBEF"], [1, "#FDE725"]])
    assert not _heatmap_problems(spec, "example")
