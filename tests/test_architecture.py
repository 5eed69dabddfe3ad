"""The layers of docs/architecture.md, checked from the code's own imports.

Imports point down only: ``appraisal.errors``/``appraisal.fmt`` → ``case`` → ``formats`` → ``analysis``
→ ``report`` | ``store`` → ``cli`` → ``ui`` → ``views`` → ``app``. ``report`` and ``store`` sit side by side
and never import each other. No module imports itself back through others (no cycles), and nothing in
``appraisal/`` imports inside a function (no late imports) or imports Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("appraisal", "ui", "views")

# (prefix, layer); the longest matching prefix wins. report and store share a layer and must not
# import each other (SIDEWAYS).
LAYERS: list[tuple[str, int]] = [
    ("appraisal", 0),
    ("appraisal.errors", 0),
    ("appraisal.fmt", 0),
    ("appraisal.public_url", 0),
    ("appraisal.case", 1),
    ("appraisal.formats", 2),
    ("appraisal.analysis", 3),
    ("appraisal.report", 4),
    ("appraisal.store", 4),
    ("appraisal.cli", 5),
    ("appraisal.__main__", 5),
    ("ui", 6),
    ("views", 7),
    ("app", 8),
]
SIDEWAYS = {"appraisal.report", "appraisal.store"}


def layer_of(module: str) -> tuple[str, int]:
    """The (prefix, layer) a module belongs to."""
    best = max((p for p in LAYERS if module == p[0] or module.startswith(p[0] + ".")), key=lambda p: len(p[0]))
    return best


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def imports_of(path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at module level) for every import statement in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from a.b import c` names module a.b.c when that is a module, else a.b
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module for a in node.names]
        for name in names:
            if name.split(".")[0] in (*PACKAGES, "app") or name in known:
                found.append((name, node.lineno, id(node) in top))
    return found


def import_graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module → the project modules it imports; and the late imports found in appraisal/."""
    files = project_files()
    known = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    late = []
    for path in files:
        name = module_name(path)
        graph[name] = set()
        for imported, line, at_top in imports_of(path, known):
            while imported not in known and "." in imported:
                imported = imported.rsplit(".", 1)[0]
            if imported in known and imported != name:
                graph[name].add(imported)
            if not at_top and name.startswith("appraisal"):
                late.append(f"{path.relative_to(ROOT)}:{line} imports {imported} inside a function")
    return graph, late


def direction_violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import that points up the layers, or across between report and store."""
    out = []
    for importer, targets in graph.items():
        prefix, level = layer_of(importer)
        for target in targets:
            t_prefix, t_level = layer_of(target)
            if t_level > level or {prefix, t_prefix} == SIDEWAYS:
                out.append(f"{importer} ({prefix}) imports {target} ({t_prefix})")
    return sorted(out)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def graph_and_late() -> tuple[dict[str, set[str]], list[str]]:
    return import_graph()


def test_imports_point_down_the_layers(graph_and_late) -> None:  # noqa: ANN001
    graph, _ = graph_and_late
    assert direction_violations(graph) == []


def test_no_import_cycles(graph_and_late) -> None:  # noqa: ANN001
    graph, _ = graph_and_late
    assert cycles(graph) == []


def test_no_late_imports_in_the_domain(graph_and_late) -> None:  # noqa: ANN001
    _, late = graph_and_late
    assert late == []


def test_the_domain_never_imports_streamlit() -> None:
    offenders = []
    for path in (ROOT / "appraisal").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_domain_module_has_a_layer(graph_and_late) -> None:  # noqa: ANN001
    graph, _ = graph_and_late
    unplaced = [m for m in graph if m.startswith("appraisal.") and layer_of(m)[0] == "appraisal"]
    assert unplaced == [], "add the new package to LAYERS and to docs/architecture.md"


def test_the_checks_catch_what_they_are_for() -> None:
    """The checker itself: an upward import, a report↔store import and a cycle are all reported."""
    fake = {
        "appraisal.analysis.scoring": {"appraisal.report.ranking"},          # up
        "appraisal.report.ranking": {"appraisal.store.repository"},           # across
        "appraisal.store.repository": {"appraisal.case.model"},               # fine
        "appraisal.case.model": {"appraisal.case.types"},
        "appraisal.case.types": {"appraisal.case.model"},                     # cycle
    }
    assert direction_violations(fake) == [
        "appraisal.analysis.scoring (appraisal.analysis) imports appraisal.report.ranking (appraisal.report)",
        "appraisal.report.ranking (appraisal.report) imports appraisal.store.repository (appraisal.store)",
    ]
    assert cycles(fake) == [["appraisal.case.model", "appraisal.case.types"]]
