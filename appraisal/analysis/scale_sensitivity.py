"""Sensitivity to the measured scales themselves: does the leader change if a value function or a
stated range were drawn differently?

For every measured criterion ``j`` with value function ``v_j`` (points over the stated range
``[low, high]``), the variants are

* the **straight line** between the range's ends (when ``v_j`` is piecewise linear with inner points);
* the **alternative** value function the case states (``scale.alternative``), if any;
* the **range** moved by ±``shift`` (default 20 %) of its width at each end — low − 20 %, low + 20 %,
  high − 20 %, high + 20 % — with the points stretched in proportion: a point at raw ``x`` moves to
  ``low' + (x − low)·(high' − low')/(high − low)`` and keeps its value. Beyond the range a value stays
  at the end's value, as in :meth:`~appraisal.case.scales.CriterionScale.value`.

Only column ``j`` of the value matrix changes (``S'_ij = v'_j(raw_ij)``); the weights, the other criteria
and the maximum values stay, so a variant's ranks differ only through that criterion. Compare the
label case's "other numbers for the ratings" (:func:`appraisal.analysis.sensitivity.scale_variants`).

References: DCLG, *Multi-criteria analysis: a manual* (2009), §5.4 and §6.2.11 (value functions,
sensitivity testing of scores); HM Treasury, *The Green Book* (2022), sensitivity and switching values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.scoring import Appraisal, Array, competition_ranks, totals
from appraisal.case.scales import CriterionScale

Point = tuple[float, float]
VariantKind = Literal["linear", "alternative", "low_minus", "low_plus", "high_minus", "high_plus"]
RANGE_KINDS: tuple[VariantKind, ...] = ("low_minus", "low_plus", "high_minus", "high_plus")
SHIFT = 0.2


@dataclass(frozen=True)
class ScaleVariant:
    """The ranking with one measured criterion's value function or range drawn another way."""

    criterion: int
    kind: VariantKind
    scale: CriterionScale              # the variant's scale (points, low, high)
    ranks: NDArray[np.int64]           # (n,) every option's rank under the variant
    leaders: list[int]                 # options ranked first under the variant
    leader_changes: bool               # the set of leaders differs from today's
    order_changes: bool                # any option's rank differs from today's


def stretched(points: tuple[Point, ...] | list[Point], low: float, high: float, new_low: float, new_high: float) -> tuple[Point, ...]:
    """The points moved from the range [low, high] onto [new_low, new_high], values kept (see the module)."""
    factor = (new_high - new_low) / (high - low)
    return tuple((new_low + (x - low) * factor, y) for x, y in points)


def variant_scales(scale: CriterionScale, shift: float = SHIFT) -> list[tuple[VariantKind, CriterionScale]]:
    """The variants of one measured scale, in the order the tables list them (none for a label scale)."""
    if not scale.measured or scale.high <= scale.low:
        return []
    out: list[tuple[VariantKind, CriterionScale]] = []
    if not scale.linear:
        out.append(("linear", replace(scale, points=(scale.points[0], scale.points[-1]))))
    straight = (scale.points[0], scale.points[-1])
    if (scale.alternative is not None and tuple(scale.alternative) != tuple(scale.points)
            and not (tuple(scale.alternative) == straight and not scale.linear)):
        out.append(("alternative", replace(scale, points=tuple(scale.alternative))))
    width = scale.high - scale.low
    ends = {"low_minus": (scale.low - shift * width, scale.high), "low_plus": (scale.low + shift * width, scale.high),
            "high_minus": (scale.low, scale.high - shift * width), "high_plus": (scale.low, scale.high + shift * width)}
    for kind in RANGE_KINDS:
        low, high = ends[kind]
        if high <= low:
            continue
        out.append((kind, replace(scale, low=low, high=high, points=stretched(scale.points, scale.low, scale.high, low, high))))
    return out


def scale_sensitivity(appraisal: Appraisal, weights: Array, shift: float = SHIFT) -> list[ScaleVariant]:
    """Every variant of every measured criterion's scale under raw weights ``weights``, in criterion order."""
    w = np.asarray(weights, dtype=float)
    base_ranks = competition_ranks(totals(appraisal.S, w))
    base_leaders = set(np.flatnonzero(base_ranks == 1).tolist())
    out = []
    for j, scale in enumerate(appraisal.scales):
        for kind, variant in variant_scales(scale, shift):
            S = appraisal.S.copy()
            S[:, j] = variant.value(appraisal.raw[:, j].astype(float))
            ranks = competition_ranks(totals(S, w))
            leaders = np.flatnonzero(ranks == 1).tolist()
            out.append(ScaleVariant(j, kind, variant, ranks, leaders, set(leaders) != base_leaders,
                                    bool((ranks != base_ranks).any())))
    return out
