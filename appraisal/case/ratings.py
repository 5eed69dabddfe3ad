"""Turning rating labels into numbers, and assessors' individual ratings into a consensus.

DESIGN.md: consensus per cell is the median of the assessors' values (with an even count, the lower
of the two middle values, flagged as a tie); disagreement is max − min; published consensus ratings,
where given, win.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from appraisal.case.model import Case


def as_number(value: object) -> float | None:
    """A finite number from an int/float cell (never a bool, never NaN or ±inf), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        return None
    return number if math.isfinite(number) else None


def cell_value(value: object, scale: dict[str, float]) -> float | None:
    """The numeric value of a score cell: a scale label or a plain number; None when neither."""
    if isinstance(value, str):
        label = match_label(value, scale)
        return scale[label] if label is not None else None
    return as_number(value)


def match_label(text: str, scale: dict[str, float]) -> str | None:
    """The scale label ``text`` names, ignoring case and surrounding spaces ("high" → "High")."""
    wanted = text.strip().casefold()
    return next((label for label in scale if label.casefold() == wanted), None)


def label_for(value: float, scale: dict[str, float]) -> str | None:
    """The label whose number is ``value`` (used to show numeric cells as labels where possible)."""
    return next((label for label, number in scale.items() if number == value), None)


@dataclass(frozen=True)
class CellRating:
    """The rating used for one option × criterion, and where it came from."""

    value: float
    published: bool
    individual: tuple[float, ...] = ()
    tie: bool = False

    @property
    def disagreement(self) -> float:
        return (max(self.individual) - min(self.individual)) if self.individual else 0.0


def lower_median(values: list[float]) -> tuple[float, bool]:
    """Median, taking the lower middle value for an even count; the flag says that happened."""
    ordered = sorted(values)
    mid = (len(ordered) - 1) // 2
    tie = len(ordered) % 2 == 0 and ordered[mid] != ordered[mid + 1]
    return ordered[mid], tie


def cell_rating(case: Case, option: str, criterion: str, labels: dict[str, float]) -> CellRating:
    """One cell of a validated case as a number: the published rating if there is one, else the lower
    median of the assessors' (``labels`` turns label cells into numbers)."""
    individual = []
    for by_option in case.assessments.values():
        raw = by_option.get(option, {}).get(criterion)
        if raw is not None and (number := cell_value(raw, labels)) is not None:
            individual.append(number)
    published = case.scores.get(option, {}).get(criterion)
    if published is not None:
        value = cell_value(published, labels)
        assert value is not None, "validated case has only valid cells"
        return CellRating(value, True, tuple(individual))
    value, tie = lower_median(individual)
    return CellRating(value, False, tuple(individual), tie)


def resolve_cells(case: Case, scale: dict[str, float] | None = None) -> dict[tuple[str, str], CellRating]:
    """Every option × criterion cell of a validated case on one label scale, published ratings winning
    (``scale`` overrides the numbers behind the labels). Per-criterion scales:
    :func:`appraisal.case.scales.resolve_raw_cells`."""
    scale = scale or case.scale
    return {(o, c): cell_rating(case, o, c, scale) for o in case.option_ids for c in case.criterion_ids}
