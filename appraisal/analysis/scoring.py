"""The one scoring engine: weighted totals, % of maximum, competition ranks, contributions.

Kernels (functions on arrays) do no validation and work on any number of weight sets at once;
:class:`Appraisal` builds the arrays from a validated :class:`~appraisal.case.model.Case`.

Definitions (DESIGN.md): ``T_i = Σ_j S_ij · w_j`` in the weight set's own units; % of max is
``T_i / Σ_j w_j · max_j`` (max_j: criterion j's highest value; one number when every criterion shares
the rating scale, as before); ranks are competition ranks on descending totals (1, 2, 2, 4).

Measured criteria (docs/case-format.md, "Measured criteria"): ``S_ij = v_j(raw_ij)``, the criterion's
value function of the raw value in its unit; label criteria keep ``S_ij`` = the label's number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.measured_savings import savings_raw_values
from appraisal.analysis.savings import Settings
from appraisal.case.model import Case
from appraisal.case.ratings import as_number
from appraisal.case.scales import CriterionScale, resolve_raw_cells, scales_for

Array = NDArray[np.float64]

# Neighbouring totals closer than this (relative to the largest total) are tied, so 0.1 + 0.2 and
# 0.3 rank equal: councils read ties off a table, not off the 16th significant figure.
TIE_TOLERANCE = 1e-9


def totals(scores: Array, weights: Array) -> Array:
    """Weighted totals: ``scores`` (n×m) and ``weights`` (m,) or (k×m) → (n,) or (k×n)."""
    return weights @ scores.T


def percent_of_max(total: Array, weights: Array, max_score: float | Array) -> Array:
    """Totals as a percentage of the highest possible total under the same weights.

    ``max_score`` is one number (every criterion on the same scale) or one per criterion (m,), when
    the best possible total is ``Σ_j w_j · max_j``.
    """
    w = np.asarray(weights, dtype=float)
    best = (w * np.asarray(max_score, dtype=float)).sum(axis=-1, keepdims=np.ndim(total) > 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(best > 0, 100.0 * total / best, np.nan)


def tie_run_starts(descending: Array) -> NDArray[np.int64]:
    """For totals sorted in descending order along the last axis: the position of the first total
    of each one's tie run, so ``position + 1`` is its competition rank.

    Neighbours tie when their gap is at most ``TIE_TOLERANCE`` times the largest magnitude in the
    row; a run continues while each gap is that small. Deciding by the gap (not by rounding each
    total) keeps totals that are equal in exact arithmetic together wherever rounding leaves them.
    """
    d = np.asarray(descending, dtype=float)
    n = d.shape[-1]
    scale = np.maximum(np.abs(d[..., :1]), np.abs(d[..., -1:]))
    new_run = np.ones(d.shape, dtype=bool)
    new_run[..., 1:] = (d[..., :-1] - d[..., 1:]) > TIE_TOLERANCE * scale
    return np.maximum.accumulate(np.where(new_run, np.arange(n), 0), axis=-1)


def competition_ranks(total: Array) -> NDArray[np.int64]:
    """Competition ranks along the last axis (1, 2, 2, 4): 1 + the number of totals clearly higher.

    Works for (n,) or any (…×n) stack, e.g. many SMAA samples at once: one sort per row, no loop.
    Ties are decided by :func:`tie_run_starts`.
    """
    t = np.asarray(total, dtype=float)
    if t.shape[-1] == 0:
        return np.zeros(t.shape, dtype=np.int64)
    order = np.argsort(-t, axis=-1, kind="stable")
    starts = tie_run_starts(np.take_along_axis(t, order, axis=-1))
    ranks = np.empty(t.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, starts + 1, axis=-1)
    return ranks


def contributions(scores: Array, weights: Array) -> Array:
    """Per-criterion contribution of each option, ``S_ij · w_j`` (n×m); rows sum to the totals."""
    return scores * np.asarray(weights)[None, :]


def normalise(weights: Array) -> Array:
    """Weights scaled to sum to 1 along the last axis (callers guarantee a positive sum)."""
    w = np.asarray(weights, dtype=float)
    return w / w.sum(axis=-1, keepdims=True)


def rank_label(rank: int, tied: bool) -> str:
    """'=2' for a shared rank, '2' otherwise (as council reports print ties)."""
    return f"={rank}" if tied else str(rank)


def tied_flags(ranks: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where another option shares the rank."""
    r = np.asarray(ranks)
    return (r[..., :, None] == r[..., None, :]).sum(axis=-1) > 1


@dataclass(frozen=True)
class OutOfRange:
    """A raw value (from the savings model) outside its criterion's stated range: scored as the end."""

    criterion: str
    option: str
    raw: float
    low: float
    high: float


@dataclass(frozen=True)
class OptionResult:
    option: str
    name: str
    total: float
    percent_of_max: float
    rank: int
    tied: bool
    status_quo: bool

    @property
    def rank_label(self) -> str:
        return rank_label(self.rank, self.tied)


class Appraisal:
    """A validated case as arrays: the value matrix S (n×m), the raw matrix, raw weights W (k×m).

    ``scale`` overrides the numbers behind the case's default rating labels (same labels, other
    numbers). ``savings_scenario`` picks the savings scenario that criteria measured ``from_savings``
    are scored under (default: each criterion's own, else the model's default), so the Savings page
    and the ranking agree. ``value_functions`` replaces measured criteria's value functions by
    criterion id ((raw, value) points, e.g. a scale's ``alternative``) for scale sensitivity.
    ``savings_settings`` (``analysis.savings.Settings``: scenario, likelihood percentages, on-cost,
    discount rate, exit costs) scores those criteria under the Savings page's settings as they stand;
    it overrides ``savings_scenario``, which then reads its scenario.
    """

    def __init__(self, case: Case, scale: dict[str, float] | None = None, *,
                 savings_scenario: str | None = None,
                 value_functions: Mapping[str, Sequence[Sequence[float]]] | None = None,
                 savings_settings: Settings | None = None):
        self.case = case
        self.scale = dict(scale) if scale is not None else case.scale
        self.savings_settings = savings_settings
        self.savings_scenario = savings_settings.scenario if savings_settings is not None else savings_scenario
        self.option_ids = case.option_ids
        self.option_names = [o.name for o in case.options]
        self.criterion_ids = case.criterion_ids
        self.criterion_names = [c.name for c in case.criteria]
        self.set_ids = [w.id for w in case.weight_sets]
        self.set_names = [w.name for w in case.weight_sets]
        self.scales: list[CriterionScale] = self._scales(case, scale, value_functions or {})
        self.raw: Array = self._raw_matrix(case)
        self.out_of_range: list[OutOfRange] = [
            OutOfRange(sc.criterion, self.option_ids[i], float(self.raw[i, j]), sc.low, sc.high)
            for j, sc in enumerate(self.scales) if sc.measured
            for i in range(self.n_options) if not sc.in_range(float(self.raw[i, j]))
        ]
        self.S: Array = np.column_stack([sc.value(self.raw[:, j]) for j, sc in enumerate(self.scales)]
                                        ).reshape(self.n_options, self.n_criteria).astype(float)
        self.W: Array = np.array(
            [[as_number(ws.weights[c]) or 0.0 for c in self.criterion_ids] for ws in case.weight_sets],
            dtype=float,
        )
        self.max_values: Array = np.array([sc.max_value for sc in self.scales], dtype=float)
        self.min_values: Array = np.array([sc.min_value for sc in self.scales], dtype=float)
        self.max_score = float(self.max_values.max())
        self.status_quo_index = next((i for i, o in enumerate(case.options) if o.status_quo), None)

    def _scales(self, case: Case, override: dict[str, float] | None,
                functions: Mapping[str, Sequence[Sequence[float]]]) -> list[CriterionScale]:
        scales = scales_for(case)
        if override is not None:  # the default label scale's numbers changed: same labels, other numbers
            default = list(case.scale)
            low, high = min(self.scale.values()), max(self.scale.values())
            scales = [replace(sc, labels=dict(self.scale), low=low, high=high, value_low=low, value_high=high)
                      if sc.kind == "labels" and list(sc.labels) == default and case.criterion(sc.criterion).scale is None
                      else sc for sc in scales]
        return [sc.with_points(functions[sc.criterion]) if sc.measured and sc.criterion in functions else sc
                for sc in scales]

    def _raw_matrix(self, case: Case) -> Array:
        cells = resolve_raw_cells(case, self.scale)
        raw = np.zeros((len(self.option_ids), len(self.criterion_ids)))
        for j, sc in enumerate(self.scales):
            if sc.from_savings is not None:
                figures = savings_raw_values(case, sc.from_savings, self.savings_scenario,
                                             settings=self.savings_settings)
                raw[:, j] = [figures[o] for o in self.option_ids]
            else:
                raw[:, j] = [cells[o, sc.criterion].value for o in self.option_ids]
        return raw

    @property
    def scores(self) -> Array:
        """The value matrix (n×m) every analysis uses: label numbers, or measured criteria's values."""
        return self.S

    @property
    def n_options(self) -> int:
        return len(self.option_ids)

    @property
    def n_criteria(self) -> int:
        return len(self.criterion_ids)

    def weights_of(self, set_id: str) -> Array:
        return self.W[self.set_ids.index(set_id)]

    def weights_from_mapping(self, weights: dict[str, float]) -> Array:
        """A weight vector in criterion order from a {criterion id: weight} mapping (missing → 0)."""
        return np.array([float(weights.get(c, 0.0)) for c in self.criterion_ids], dtype=float)

    @cached_property
    def all_totals(self) -> Array:
        """Totals for every weight set of the case at once (k×n)."""
        return totals(self.S, self.W)

    @cached_property
    def all_ranks(self) -> NDArray[np.int64]:
        return competition_ranks(self.all_totals)

    @cached_property
    def equal_weights(self) -> Array:
        return np.full(self.n_criteria, 1.0 / self.n_criteria)

    def results(self, weights: Array) -> list[OptionResult]:
        """Ranked results for one weight vector, ordered by rank then case order."""
        weights = np.asarray(weights, dtype=float)
        total = totals(self.S, weights)
        pct = percent_of_max(total, weights, self.max_values)
        ranks = competition_ranks(total)
        tied = tied_flags(ranks)
        order = np.lexsort((np.arange(self.n_options), ranks))
        return [
            OptionResult(
                option=self.option_ids[i],
                name=self.option_names[i],
                total=float(total[i]),
                percent_of_max=float(pct[i]),
                rank=int(ranks[i]),
                tied=bool(tied[i]),
                status_quo=i == self.status_quo_index,
            )
            for i in order
        ]

    def leaders(self, weights: Array) -> list[int]:
        """The options ranked 1st under ``weights`` (more than one on a tie), in case order."""
        ranks = competition_ranks(totals(self.S, np.asarray(weights, dtype=float)))
        return [i for i in range(self.n_options) if ranks[i] == 1]

    def contributions(self, weights: Array) -> Array:
        return contributions(self.S, np.asarray(weights, dtype=float))

    def max_total(self, weights: Array) -> float:
        """The highest total possible under ``weights``: Σ_j w_j · max_j."""
        return float(np.asarray(weights, dtype=float) @ self.max_values)
