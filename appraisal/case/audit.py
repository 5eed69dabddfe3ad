"""What changed between two lists of weight sets, for the audit trail."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def weight_diff(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per-weight changes between two lists of weight-set mappings (added and removed sets too)."""
    old = {ws["id"]: ws for ws in before}
    new = {ws["id"]: ws for ws in after}
    changes: list[dict[str, Any]] = []
    for set_id in list(old) + [i for i in new if i not in old]:
        a, b = old.get(set_id, {}), new.get(set_id, {})
        name = (b or a).get("name", set_id)
        wa, wb = a.get("weights", {}), b.get("weights", {})
        for c in list(wa) + [k for k in wb if k not in wa]:
            va, vb = _as_float(wa.get(c)), _as_float(wb.get(c))
            if va != vb:
                changes.append({"weight_set_id": set_id, "weight_set_name": name, "criterion_id": c, "old_value": va, "new_value": vb})
    return changes


def _as_float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None
