"""Source checks that keep the accessibility and literal-text rules true as pages are added.

Cheap guards beside the browser sweep (tests/browser/test_accessibility.py): every chart goes through
``ui.components.charts.show_chart`` (takeaway as text, same numbers as a table), no user text can reach raw HTML,
and no low-contrast caption is used. (The charts' own guards — the status quo named in words, patterns
beyond ten colours — are in tests/appraisal/report/test_figures_ranking.py.)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("views/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"])  # ui/components/ and ui/sections/ too

# Direct st.plotly_chart calls allowed outside ui/components/charts.py, with where their takeaway and table are.
PLOTLY_ALLOWED = {
    ("views/sensitivity.py", "sens_panels"): "a static small-multiples overview: its takeaway is the page headline "
                                             "above it and its numbers are the switching-values table below it",
}


def _constant(arg: ast.expr) -> bool:
    """Our own constant markup: a string literal, or a module constant (``_CSS``, ``workshop.PRESENT_CSS``)."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str)
    if isinstance(arg, ast.Name):
        return arg.id.isupper()
    return isinstance(arg, ast.Attribute) and arg.attr.isupper()


def _calls(path: Path) -> list[tuple[str, ast.Call]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            out.append((node.func.attr, node))
    return out


def _key(call: ast.Call) -> str | None:
    for kw in call.keywords:
        if kw.arg == "key" and isinstance(kw.value, ast.Constant):
            return str(kw.value.value)
    return None


def test_every_chart_goes_through_show_chart() -> None:
    stray = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        if rel == "ui/components/charts.py":
            continue
        for name, call in _calls(path):
            if name == "plotly_chart" and (rel, _key(call)) not in PLOTLY_ALLOWED:
                stray.append(f"{rel}:{call.lineno} key={_key(call)!r}")
    assert not stray, ("charts drawn without ui.components.charts.show_chart (no takeaway/table for screen readers): "
                       + ", ".join(stray))


def test_no_user_text_reaches_raw_html() -> None:
    problems = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for name, call in _calls(path):
            if any(kw.arg == "unsafe_allow_html" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
                   for kw in call.keywords):
                problems.append(f"{rel}:{call.lineno} unsafe_allow_html")
            # st.html only with our own constant markup (CSS, a fixed sentence, a fixed script) and constant
            # options: never a value built at run time.
            if name == "html" and (not all(isinstance(kw.value, ast.Constant) or _constant(kw.value) for kw in call.keywords)
                                   or not (call.args and all(_constant(a) for a in call.args))):
                problems.append(f"{rel}:{call.lineno} st.html with something other than a constant")
    assert not problems, ", ".join(problems)


def test_no_grey_captions() -> None:
    """st.caption's grey is below 4.5:1 on white; ui.components.text.note() says the same at full contrast."""
    found = [f"{p.relative_to(ROOT)}:{c.lineno}" for p in SOURCES for name, c in _calls(p) if name == "caption"
             and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name) and c.func.value.id == "st"]
    assert not found, "use ui.components.text.note() instead of st.caption: " + ", ".join(found)
