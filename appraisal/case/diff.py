"""What changed between two versions of a case: title, options, criteria, ratings and weights.

Numbers only (ids, names and old/new values); ``appraisal.report.history`` words them. Ratings are
compared as the cells are written in the case (a label or a number), so "High → Medium" reads as the
directors wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from appraisal.case.model import Case


@dataclass(frozen=True)
class Difference:
    """One difference: what kind, which thing (names as the newer version has them), old and new."""

    kind: str                # "title", "option", "criterion", "rating", "weight", "weight set"
    item: str                # e.g. the option's name, "Option A × Cost", "Joint × Cost"
    before: str | None       # None: added
    after: str | None        # None: removed


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _named(kind: str, old: dict[str, str], new: dict[str, str]) -> list[Difference]:
    out: list[Difference] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append(Difference(kind, b or a or key, a, b))
    return out


def case_diff(a: Case, b: Case) -> list[Difference]:
    """Every difference from ``a`` (older) to ``b`` (newer), in reading order: title, options, criteria,
    ratings, weight sets, weights."""
    out: list[Difference] = []
    if a.title != b.title:
        out.append(Difference("title", b.title, a.title, b.title))
    out += _named("option", {o.id: o.name for o in a.options}, {o.id: o.name for o in b.options})
    out += _named("criterion", {c.id: c.name for c in a.criteria}, {c.id: c.name for c in b.criteria})
    option_names = {o.id: o.name for o in [*a.options, *b.options]}
    criterion_names = {c.id: c.name for c in [*a.criteria, *b.criteria]}
    for o in [*a.scores, *(k for k in b.scores if k not in a.scores)]:
        ra, rb = a.scores.get(o, {}), b.scores.get(o, {})
        for c in [*ra, *(k for k in rb if k not in ra)]:
            va, vb = _cell(ra.get(c)), _cell(rb.get(c))
            if va != vb:
                out.append(Difference("rating", f"{option_names.get(o, o)} × {criterion_names.get(c, c)}", va, vb))
    out += _named("weight set", {w.id: w.name for w in a.weight_sets}, {w.id: w.name for w in b.weight_sets})
    sets_a, sets_b = {w.id: w for w in a.weight_sets}, {w.id: w for w in b.weight_sets}
    for set_id in [s for s in sets_b if s in sets_a]:
        wa, wb = sets_a[set_id].weights, sets_b[set_id].weights
        for c in [*wa, *(k for k in wb if k not in wa)]:
            va, vb = _cell(wa.get(c)), _cell(wb.get(c))
            if va != vb:
                out.append(Difference("weight", f"{sets_b[set_id].name} × {criterion_names.get(c, c)}", va, vb))
    return out
