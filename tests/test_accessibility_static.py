"""Source checks that keep the accessibility and literal-text rules true as pages are added.

Cheap guards beside the browser sweep (tests/browser/test_accessibility.py): every chart goes through
``ui.components.charts.show_chart`` (takeaway as text, same numbers as a table), no user text can reach raw HTML,
and no low-contrast caption is used.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"])

# Direct st.plotly_chart calls allowed outside ui/components/charts.py, with where their takeaway and table are.
PLOTLY_ALLOWED = {
    ("views/sensitivity.py", "sens_panels"): "a static small-multiples overview: its takeaway is the page headline "
                                             "above it and its numbers are the switching-values table below it",
}
# st.html only with our own constant CSS.
HTML_ALLOWED = {"ui/components/layout.py", "ui/components/presentation.py"}


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
            if name == "html" and rel not in HTML_ALLOWED:
                problems.append(f"{rel}:{call.lineno} st.html")
            if name == "html" and rel in HTML_ALLOWED and not all(isinstance(a, ast.Name) and a.id.isupper() for a in call.args):
                problems.append(f"{rel}:{call.lineno} st.html with something other than a constant")
    assert not problems, ", ".join(problems)


def test_no_grey_captions() -> None:
    """st.caption's grey is below 4.5:1 on white; ui.components.text.note() says the same at full contrast."""
    found = [f"{p.relative_to(ROOT)}:{c.lineno}" for p in SOURCES for name, c in _calls(p) if name == "caption"
             and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name) and c.func.value.id == "st"]
    assert not found, "use ui.components.text.note() instead of st.caption: " + ", ".join(found)


def test_status_quo_is_marked_in_words_not_colour_alone(sample_case) -> None:
    """The as-is option carries "(business as usual)" in the ranking chart's labels and its table."""
    from appraisal.analysis.scoring import Appraisal
    from appraisal.report.figures.ranking import ranking_chart

    appraisal = Appraisal(sample_case)
    chart = ranking_chart(appraisal, appraisal.weights_of(sample_case.weight_sets[0].id), sample_case.weight_sets[0].name)
    labels = [str(v) for trace in chart.figure.data for axis in ("x", "y") for v in (getattr(trace, axis) or [])]
    status_quo = sample_case.status_quo
    assert status_quo is not None
    assert any(status_quo.name in v and "business as usual" in v for v in labels), labels[:10]
    assert chart.table.astype(str).apply(lambda col: col.str.contains("business as usual")).any().any()


def test_criteria_beyond_ten_are_told_apart_by_pattern(minimal) -> None:  # noqa: ANN001
    """Ten colours, then patterns: with twelve criteria the 11th and 12th bars repeat the 1st and 2nd
    colours but carry a hatch, and the first ten carry none (an empty pattern still costs a redraw)."""
    from appraisal.analysis.scoring import Appraisal
    from appraisal.formats.mapping import case_from_mapping
    from appraisal.report.figures.ranking import ranking_chart

    criteria = [{"id": f"c{j}", "name": f"Criterion {j}"} for j in range(12)]
    minimal["criteria"] = criteria
    minimal["scores"] = {o["id"]: {c["id"]: "High" for c in criteria} for o in minimal["options"]}
    for ws in minimal["weight_sets"]:
        ws["weights"] = {c["id"]: 1 for c in criteria}
    appraisal = Appraisal(case_from_mapping(minimal))
    bars = [t for t in ranking_chart(appraisal, appraisal.W[0], "Equal").figure.data if t.type == "bar"]
    assert len(bars) == 12
    assert [b.marker.pattern.shape for b in bars] == [None] * 10 + ["/", "/"]
    assert [b.marker.color for b in bars[10:]] == [b.marker.color for b in bars[:2]]
    assert len({b.marker.color for b in bars[:10]}) == 10
