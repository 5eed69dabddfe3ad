"""How robust a ranking is: one-way sweeps, exact stability intervals, dominance, variants.

One-way sensitivity (DESIGN.md): for criterion ``k`` set the normalised weight ``ŵ_k = t`` and
rescale the other weights proportionally so they sum to ``1 − t``. Every option's total is then a
straight line in ``t``::

    T_i(t) = R_i + t · (S_ik − R_i),   R_i = Σ_{j≠k} S_ij ŵ_j / (1 − ŵ_k)

so two options swap places exactly where their lines cross. The **stability interval** of ``k``
is the range of ``t`` around today's weight in which the top option (or the whole order) stays as
it is; its two ends are the Green Book **switching values** for that weight. They are computed in
closed form from the pairwise crossings, not by sampling.

When today's weight of ``k`` is the only non-zero weight, "rescale the others proportionally" has
nothing to scale; the others then share ``1 − t`` equally (documented in docs/scrutiny.md).

Kernels here work on arrays without validation: ``S`` (n×m scores) and normalised weights
``w_hat`` (m,), as :class:`appraisal.analysis.scoring.Appraisal` provides them. The words are
:mod:`appraisal.report.sensitivity`; everything about one option is :mod:`appraisal.analysis.scrutiny`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.scoring import TIE_TOLERANCE, Appraisal, competition_ranks, normalise, totals

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Crossover:
    """Two options' totals are equal at weight ``t``; above ``t``, ``upper`` is ahead of ``lower``."""

    t: float
    upper: int
    lower: int


@dataclass(frozen=True)
class StabilityInterval:
    """Switching values of one criterion's normalised weight.

    ``top_unchanged``: the range of the weight (others rescaled) in which the options ranked 1st
    today stay 1st; ``order_unchanged``: the range in which no two options change places. Both
    contain ``weight``; at their ends two options tie. ``crossovers`` lists every point in [0, 1]
    where two options' totals cross, in increasing ``t`` (kept as arrays, made into objects only when
    asked for: a big case has tens of thousands per criterion and the pages need them for one).
    """

    criterion: int
    weight: float
    top_unchanged: tuple[float, float]
    order_unchanged: tuple[float, float]
    crossing_t: Array = field(default_factory=lambda: np.zeros(0), repr=False)
    crossing_upper: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    crossing_lower: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)

    @property
    def crossovers(self) -> list[Crossover]:
        return [Crossover(float(t), int(u), int(lo)) for t, u, lo in zip(self.crossing_t, self.crossing_upper, self.crossing_lower)]

    @property
    def top_margin(self) -> float:
        """How far today's weight can move before the leader changes (inf if no weight does it).

        An end at 0 % or 100 % is the edge of the range, not a switching value.
        """
        return _margin(self.weight, self.top_unchanged)

    @property
    def order_margin(self) -> float:
        """How far today's weight can move before any two options change places (inf if never)."""
        return _margin(self.weight, self.order_unchanged)


def _margin(t0: float, band: tuple[float, float]) -> float:
    lo, hi = band
    ends = [t0 - lo] if lo > _EDGE else []
    ends += [hi - t0] if hi < 1 - _EDGE else []
    return min(ends, default=float("inf"))


_EDGE = 1e-9


def _lines(S: Array, w_hat: Array, k: int) -> tuple[Array, Array]:
    """Intercept ``R`` (total at t = 0) and slope of every option's total as a function of ŵ_k."""
    m = S.shape[1]
    others = np.delete(np.arange(m), k)
    rest = np.asarray(w_hat, dtype=float)[others]
    if others.size == 0:
        intercept = np.zeros(S.shape[0])
    elif rest.sum() <= 0:
        intercept = S[:, others].mean(axis=1)
    else:
        intercept = S[:, others] @ (rest / rest.sum())
    return intercept, S[:, k] - intercept


def weights_at(w_hat: Array, k: int, t: float | Array) -> Array:
    """Normalised weights with ``ŵ_k = t`` and the others rescaled to sum to ``1 − t``.

    ``t`` may be an array (p,) giving (p×m).
    """
    w_hat = np.asarray(w_hat, dtype=float)
    t_arr = np.atleast_1d(np.asarray(t, dtype=float))
    m = w_hat.size
    rest = w_hat.copy()
    rest[k] = 0.0
    share = rest / rest.sum() if rest.sum() > 0 else np.where(np.arange(m) == k, 0.0, 1.0 / max(m - 1, 1))
    out = (1.0 - t_arr)[:, None] * share[None, :]
    out[:, k] = t_arr
    return out if np.ndim(t) else out[0]


@dataclass(frozen=True)
class Sweep:
    """Totals (normalised weights, so on the rating scale) of every option as ŵ_k runs over [0, 1]."""

    criterion: int
    t: Array
    totals: Array  # (points × n)


def sweep(S: Array, w_hat: Array, k: int, points: int = 101) -> Sweep:
    """Totals against the weight of criterion ``k`` — for charts (the lines are exactly straight)."""
    S = np.asarray(S, dtype=float)
    intercept, slope = _lines(S, np.asarray(w_hat, dtype=float), k)
    t = np.linspace(0.0, 1.0, max(int(points), 2))
    return Sweep(k, t, intercept[None, :] + t[:, None] * slope[None, :])


def _tolerance(S: Array) -> float:
    return TIE_TOLERANCE * max(float(np.abs(S).max()), 1e-300) * 10


def _snap(x: float, t0: float) -> float:
    """Remove round-off: 3.9e-16 → 0, 0.99999999999999 → 1, a hair from today's weight → it."""
    for target in (0.0, 1.0, t0):
        if abs(x - target) <= 1e-12:
            return float(target)
    return x


def _interval_one(S: Array, w_hat: Array, k: int) -> StabilityInterval:
    n = S.shape[0]
    t0 = float(w_hat[k])
    intercept, slope = _lines(S, w_hat, k)
    now = intercept + t0 * slope
    tol = _tolerance(S)
    d_now = now[:, None] - now[None, :]          # a minus b, today
    d_slope = slope[:, None] - slope[None, :]
    parallel = np.abs(d_slope) <= tol
    tied_now = np.abs(d_now) <= tol
    with np.errstate(divide="ignore", invalid="ignore"):
        t_cross = np.where(parallel, np.nan, t0 - d_now / d_slope)
    t_cross = np.where(tied_now & ~parallel, t0, t_cross)
    upper_tri = np.triu(np.ones((n, n), dtype=bool), 1)
    valid = upper_tri & ~parallel & (t_cross >= -1e-12) & (t_cross <= 1 + 1e-12)
    a_idx, b_idx = np.nonzero(valid)
    crossings = np.clip(t_cross[a_idx, b_idx], 0.0, 1.0)
    order = np.argsort(crossings, kind="stable")
    a_sorted, b_sorted = a_idx[order], b_idx[order]
    a_above = slope[a_sorted] > slope[b_sorted]
    upper = np.where(a_above, a_sorted, b_sorted).astype(np.int64)
    lower = np.where(a_above, b_sorted, a_sorted).astype(np.int64)

    def bounds(mask: NDArray[np.bool_]) -> tuple[float, float]:
        c = t_cross[mask & valid]
        c = np.clip(c, 0.0, 1.0)
        lo = float(c[c <= t0].max()) if (c <= t0).any() else 0.0
        hi = float(c[c >= t0].min()) if (c >= t0).any() else 1.0
        return _snap(min(lo, t0), t0), _snap(max(hi, t0), t0)

    everyone = np.ones((n, n), dtype=bool)
    leaders = np.abs(now - now.max()) <= tol
    involves_leader = leaders[:, None] | leaders[None, :]
    # Two leaders that are tied today but on different lines part at once: the band is a point.
    return StabilityInterval(k, t0, bounds(involves_leader), bounds(everyone), crossings[order], upper, lower)


def stability_intervals(S: Array, w_hat: Array) -> list[StabilityInterval]:
    """Exact stability intervals and crossovers for every criterion (closed form, O(m·n²)).

    ``w_hat`` is normalised here if it does not already sum to 1.
    """
    S = np.asarray(S, dtype=float)
    w_hat = normalise(np.asarray(w_hat, dtype=float))
    return [_interval_one(S, w_hat, k) for k in range(S.shape[1])]


def by_fragility(intervals: list[StabilityInterval]) -> list[StabilityInterval]:
    """Most fragile first: the smallest move of a weight that changes the leader."""
    return sorted(intervals, key=lambda iv: (iv.top_margin, iv.order_margin, iv.criterion))


def dominance(S: Array) -> NDArray[np.bool_]:
    """``D[a, b]`` is True when ``a`` dominates ``b``: at least as good on every criterion, better on one.

    Then no weighting ranks ``b`` above ``a`` (they can at most tie).
    """
    S = np.asarray(S, dtype=float)
    ge = (S[:, None, :] >= S[None, :, :]).all(axis=2)
    gt = (S[:, None, :] > S[None, :, :]).any(axis=2)
    return ge & gt


def strict_dominance(S: Array) -> NDArray[np.bool_]:
    """``a`` better than ``b`` on every criterion: then ``b`` cannot even tie with ``a``."""
    S = np.asarray(S, dtype=float)
    return (S[:, None, :] > S[None, :, :]).all(axis=2)


def leave_one_out_ranks(S: Array, w: Array) -> NDArray[np.float64]:
    """Ranks (m×n) with each criterion left out in turn (its weight set to zero, others unchanged).

    A row is NaN when leaving the criterion out leaves no weight at all.
    """
    S = np.asarray(S, dtype=float)
    w = np.asarray(w, dtype=float)
    m = S.shape[1]
    W = np.repeat(w[None, :], m, axis=0)
    W[np.arange(m), np.arange(m)] = 0.0
    ranks = competition_ranks(totals(S, W)).astype(float)
    ranks[W.sum(axis=1) <= 0] = np.nan
    return ranks


# Numeric scales for three-label rating scales (best first), as scrutiny panels asked about them.
PRESET_SCALES: dict[str, tuple[float, ...]] = {
    "3/2/1": (3.0, 2.0, 1.0),
    "5/3/1": (5.0, 3.0, 1.0),
    "9/3/1": (9.0, 3.0, 1.0),
    "1/0.5/0": (1.0, 0.5, 0.0),
}


def is_affine(values: tuple[float, ...] | list[float], reference: tuple[float, ...] | list[float]) -> bool:
    """True when ``values = a·reference + b`` with a > 0: such a change can never reorder options."""
    v = np.asarray(values, dtype=float)
    r = np.asarray(reference, dtype=float)
    if v.shape != r.shape or v.size < 2 or np.ptp(r) == 0:
        return False
    a = (v[0] - v[-1]) / (r[0] - r[-1])
    b = v[0] - a * r[0]
    return bool(a > 0 and np.allclose(v, a * r + b, rtol=1e-9, atol=1e-12 * max(1.0, float(np.abs(v).max()))))


@dataclass(frozen=True)
class ScaleVariant:
    """Ranks of every option when the same labels carry other numbers."""

    name: str
    values: tuple[float, ...]
    ranks: NDArray[np.int64]
    affine: bool  # an affine change of the case's own numbers: cannot change any rank
    changes_ranks: bool


def scale_variants(appraisal: Appraisal, w: Array, custom: tuple[float, ...] | None = None) -> list[ScaleVariant]:
    """Ranks under the preset numeric scales (for three-label scales) and a custom one.

    The case's own numbers come first. A variant that is an affine change of them (e.g. 1/0.5/0
    for 3/2/1) is flagged: with every score a label it cannot change a rank — the point scrutiny
    panels should hear rather than see a trivial table. Cells given as plain numbers keep them.
    """
    labels = list(appraisal.scale)
    own = tuple(appraisal.scale.values())
    w = np.asarray(w, dtype=float)
    base_ranks = competition_ranks(totals(appraisal.S, w))
    candidates: list[tuple[str, tuple[float, ...]]] = [("Case's own (" + "/".join(f"{v:g}" for v in own) + ")", own)]
    if len(labels) == 3:
        candidates += [(name, vals) for name, vals in PRESET_SCALES.items() if vals != own]
    if custom is not None and len(custom) == len(labels) and tuple(custom) != own:
        candidates.append(("Custom (" + "/".join(f"{v:g}" for v in custom) + ")", tuple(float(v) for v in custom)))
    out = []
    for name, vals in candidates:
        variant = Appraisal(appraisal.case, dict(zip(labels, vals))) if vals != own else appraisal
        ranks = competition_ranks(totals(variant.S, w))
        out.append(ScaleVariant(name, vals, ranks, vals != own and is_affine(vals, own), bool((ranks != base_ranks).any())))
    return out


def weight_set_ranks(S: Array, W: Array) -> NDArray[np.int64]:
    """Ranks (k×n) under each of ``W``'s weight vectors (rows), e.g. each cabinet's and equal weights."""
    return competition_ranks(totals(np.asarray(S, dtype=float), np.atleast_2d(np.asarray(W, dtype=float))))
