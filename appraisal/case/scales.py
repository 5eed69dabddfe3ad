"""Each criterion's scale, resolved: label numbers as today, or a measured value function.

A measured criterion is rated in its own unit (£k a year, minutes, % satisfied) and scored on a
preference scale through a value function v (DCLG, *Multi-criteria analysis: a manual*, 2009, §5.4):
the stated worst raw value gets ``value_low`` (default 0), the best ``value_high`` (default 100), and
raw values in between are read off straight lines through the stated ``points`` (linear when none).
Totals stay ``Σ_j v_j(raw_ij) · w_j``. The range is *stated*, not the options' min and max, so adding an
option never changes another option's value (no rank reversal).

Label criteria keep today's meaning exactly: the value of a cell is its label's number.
Resolution assumes a case :mod:`appraisal.case.validation` has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, overload

import numpy as np
from numpy.typing import NDArray

from appraisal.case.model import Case
from appraisal.case.ratings import CellRating, cell_rating
from appraisal.case.scale_schema import (
    SAVINGS_MEASURES,
    Direction,
    FromSavings,
    OptionSavings,
    SavingsMeasure,
    ScaleSpec,
)
from appraisal.fmt import number as fmt_number

__all__ = [
    "SAVINGS_MEASURES", "CriterionScale", "Direction", "FromSavings", "OptionSavings", "SavingsMeasure",
    "ScaleSpec", "has_measured", "mixed_value_ranges", "resolve_raw_cells", "scale_for", "scales_for", "spec_for",
]

Point = tuple[float, float]
DEFAULT_VALUE_RANGE: Point = (0.0, 100.0)


@dataclass(frozen=True)
class CriterionScale:
    """One criterion's scale. ``kind`` "labels": cells are labels (or numbers) and the value is the
    number; "measured": cells are raw numbers in ``unit`` and the value is :meth:`value` of them.

    ``low``/``high`` are the raw range (label scales: the smallest and largest label number);
    ``value_low``/``value_high`` the values the worst and best raw values get; ``points`` the whole
    value function as (raw, value) pairs in increasing raw order, ends included.
    """

    criterion: str
    kind: Literal["labels", "measured"]
    labels: Mapping[str, float] = field(default_factory=dict)
    unit: str = ""
    direction: Direction = "higher"
    low: float = 0.0
    high: float = 100.0
    value_low: float = 0.0
    value_high: float = 100.0
    points: tuple[Point, ...] = ()
    alternative: tuple[Point, ...] | None = None
    from_savings: FromSavings | None = None

    @property
    def measured(self) -> bool:
        return self.kind == "measured"

    @property
    def worst(self) -> float:
        """The raw value that scores ``value_low``."""
        return self.high if self.direction == "lower" else self.low

    @property
    def best(self) -> float:
        """The raw value that scores ``value_high``."""
        return self.low if self.direction == "lower" else self.high

    @property
    def max_value(self) -> float:
        """The highest value a cell can get (the denominator of % of max)."""
        return self.value_high

    @property
    def min_value(self) -> float:
        return self.value_low

    @property
    def linear(self) -> bool:
        return len(self.points) == 2

    @overload
    def value(self, raw: float) -> float: ...
    @overload
    def value(self, raw: NDArray[np.float64]) -> NDArray[np.float64]: ...
    def value(self, raw: float | NDArray[np.float64]) -> float | NDArray[np.float64]:
        """The 0–100 (or stated value range) preference value of raw value(s); labels: the number itself.

        Beyond the stated range the value stays at the end's value (np.interp), so a figure from the
        savings model that falls outside is scored as the range end; see :meth:`in_range`.
        """
        if not self.measured:
            return raw if isinstance(raw, np.ndarray) else float(raw)
        xs, ys = zip(*self.points, strict=True)
        out = np.interp(np.asarray(raw, dtype=float), xs, ys)
        return out if isinstance(raw, np.ndarray) else float(out)

    def in_range(self, raw: float) -> bool:
        return self.low <= raw <= self.high

    def with_points(self, points: Sequence[Sequence[float]]) -> CriterionScale:
        """The same scale with another value function (e.g. ``alternative``), ends added as for ``points``."""
        return replace(self, points=_full_points(points, self.low, self.high, self.direction,
                                                 self.value_low, self.value_high))

    def describe(self) -> str:
        """One line for a table or chart: "£k a year, lower is better, 0 = 500, 100 = 0" (value = raw)."""
        if not self.measured:
            return ", ".join(f"{label} = {fmt_number(v)}" for label, v in self.labels.items())
        parts = [self.unit] if self.unit else []
        parts.append(f"{self.direction} is better")
        parts.append(f"{fmt_number(self.value_low)} = {fmt_number(self.worst)}")
        parts.append(f"{fmt_number(self.value_high)} = {fmt_number(self.best)}")
        if not self.linear:
            parts.append("value function through " + "; ".join(
                f"{fmt_number(x)} → {fmt_number(y)}" for x, y in self.points[1:-1]))
        return ", ".join(parts)


def _pairs(raw: Iterable[Sequence[object]] | None) -> list[Point]:
    return [(float(p[0]), float(p[1])) for p in (raw or [])]  # type: ignore[arg-type]


def _full_points(points: Iterable[Sequence[float]], low: float, high: float, direction: str,
                 value_low: float, value_high: float) -> tuple[Point, ...]:
    """The stated points with the range ends added where missing (worst → value_low, best → value_high)."""
    pts = sorted((float(x), float(y)) for x, y in points)
    at_low, at_high = (value_high, value_low) if direction == "lower" else (value_low, value_high)
    if not pts or pts[0][0] > low:
        pts.insert(0, (low, at_low))
    if pts[-1][0] < high:
        pts.append((high, at_high))
    return tuple(pts)


def spec_for(case: Case, criterion_id: str) -> ScaleSpec | None:
    """The scale a criterion states, else the case's ``scale``, else None (the rating_scale)."""
    own = case.criterion(criterion_id).scale
    return own if own is not None else case.default_scale


def _labels_scale(criterion_id: str, labels: Mapping[str, object]) -> CriterionScale:
    numbers = {label: float(v) for label, v in labels.items()}  # type: ignore[arg-type]
    low, high = min(numbers.values()), max(numbers.values())
    return CriterionScale(criterion_id, "labels", labels=numbers, low=low, high=high, value_low=low, value_high=high)


def scale_from_spec(criterion_id: str, spec: ScaleSpec) -> CriterionScale:
    """A checked :class:`ScaleSpec` resolved (ends of the value function added)."""
    if spec.labels is not None:
        return _labels_scale(criterion_id, spec.labels)
    assert spec.range is not None, "validated: a measured scale states its range"
    low, high = (float(v) for v in spec.range)
    value_low, value_high = (float(v) for v in (spec.value_range or DEFAULT_VALUE_RANGE))
    direction: Direction = spec.direction or "higher"
    alternative = spec.alternative
    return CriterionScale(
        criterion_id, "measured", unit=spec.unit or "", direction=direction, low=low, high=high,
        value_low=value_low, value_high=value_high,
        points=_full_points(_pairs(spec.points), low, high, direction, value_low, value_high),
        alternative=None if alternative is None else _full_points(_pairs(alternative), low, high, direction,
                                                                  value_low, value_high),
        from_savings=spec.from_savings,
    )


def scale_for(case: Case, criterion_id: str) -> CriterionScale:
    """The resolved scale of one criterion of a validated case."""
    spec = spec_for(case, criterion_id)
    if spec is None:
        return _labels_scale(criterion_id, case.scale)
    return scale_from_spec(criterion_id, spec)


def scales_for(case: Case) -> list[CriterionScale]:
    """Every criterion's resolved scale, in criterion order."""
    return [scale_for(case, c) for c in case.criterion_ids]


def has_measured(case: Case) -> bool:
    """True when any criterion is measured (so pages show units and value functions)."""
    return any(s.measured for s in scales_for(case))


def mixed_value_ranges(case: Case) -> list[str]:
    """Criterion ids whose value range differs from the first criterion's (empty: all alike).

    A case mixing a 1–3 label criterion with a 0–100 measured one still opens, but a weight then
    also carries the ratio of the ranges; pages warn with this list.
    """
    scales = scales_for(case)
    first = (scales[0].value_low, scales[0].value_high)
    return [s.criterion for s in scales if (s.value_low, s.value_high) != first]


def resolve_raw_cells(case: Case, label_override: Mapping[str, float] | None = None
                      ) -> dict[tuple[str, str], CellRating]:
    """Every option × criterion cell of a validated case as a raw number (label scales: the label's
    number; measured: the raw value), published scores winning over assessors' median.

    ``label_override`` gives other numbers for the case's default labels (scale sensitivity); it
    applies to the criteria that use the default label scale. Criteria fed from the savings model
    are left out (their raw values come from :mod:`appraisal.analysis.savings`).
    """
    default = dict(label_override) if label_override is not None else case.scale
    cells: dict[tuple[str, str], CellRating] = {}
    for criterion in case.criterion_ids:
        spec = spec_for(case, criterion)
        if spec is not None and spec.from_savings is not None:
            continue
        own = case.criterion(criterion).scale
        if own is None and (spec is None or spec.labels is not None):
            labels = default  # the case's default label scale
        else:
            labels = scale_from_spec(criterion, spec).labels if spec is not None else {}
        for option in case.option_ids:
            cells[option, criterion] = cell_rating(case, option, criterion, labels)
    return cells
