"""The consensus path between two weight sets: where, exactly, the ranking changes.

DESIGN.md: for weight sets A and B with normalised weights Â and B̂, the blend is
``ŵ(λ) = (1 − λ)·Â + λ·B̂`` for ``λ ∈ [0, 1]``. Every option's total ``T_i(λ) = S_i·ŵ(λ)`` is a
straight line in λ, so two options swap places exactly where their lines cross:
``λ* = (T_j(0) − T_i(0)) / (slope_i − slope_j)``. No sampling is involved.

The crossings are found in exact rational arithmetic: every score and weight is read as the decimal
it was written as (``2.5`` → 5/2, ``0.1`` → 1/10), so three lines meeting at one point, two options
tied all the way, and A equal to B (in proportion) are recognised exactly rather than to a tolerance.
Floats are used only for the quick pre-filter that skips pairs whose lines cannot meet on the path.

Totals on the path are in *normalised-weight units*: the weighted average rating on the scale
(with 3/2/1, a total of 3 means High on every criterion), so the two ends are comparable whatever
units each weight set was written in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.case.model import Case

Array = NDArray[np.float64]

# A weight set lies on the path when its normalised weights are within this of some blend
# (largest difference on any criterion, on the 0–1 scale: 0.0001 percentage points).
ON_PATH_TOLERANCE = 1e-6


def exact(x: float) -> Fraction:
    """The decimal a number was written as, exactly: 0.1 → 1/10 (not the nearest binary fraction)."""
    return Fraction(repr(float(x)))


def _exact_ranks(values: list[Fraction]) -> tuple[int, ...]:
    """Competition ranks (1, 2, 2, 4) on exact totals: 1 + the number strictly higher (by sorting)."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0] * len(values)
    for k, i in enumerate(order):
        ranks[i] = ranks[order[k - 1]] if k and values[i] == values[order[k - 1]] else k + 1
    return tuple(ranks)


@dataclass(frozen=True)
class Swap:
    """Two options swap places at ``lam``: ``rising`` is ahead for larger λ, ``falling`` before."""

    lam: Fraction
    rising: int
    falling: int
    place: int  # the place they contest at the swap (1 = the lead)
    total: Fraction  # their common total there, in normalised-weight units

    @property
    def value(self) -> float:
        return float(self.lam)


@dataclass(frozen=True)
class Stretch:
    """An open stretch of the path (between consecutive swap points) with one ranking throughout."""

    start: Fraction
    end: Fraction
    ranks: tuple[int, ...]  # competition ranks in case order
    order: tuple[int, ...]  # option indices best first, ties in case order

    @property
    def leaders(self) -> tuple[int, ...]:
        return tuple(i for i in self.order if self.ranks[i] == 1)


@dataclass(frozen=True)
class PathLocation:
    """Where a third weight set C sits relative to the path: the nearest blend and how far it is."""

    lam: float  # λ of the nearest blend, in [0, 1]
    on_path: bool  # Ĉ equals that blend within ON_PATH_TOLERANCE
    deviation: float  # largest difference on one criterion, normalised (0–1)
    criterion: int  # the criterion where that difference is largest


@dataclass(frozen=True)
class ConsensusPath:
    """Every option's total along the path from A to B, the exact swap points and the stretches."""

    a_hat: Array
    b_hat: Array
    start: Array  # totals at λ = 0 (n,)
    slope: Array  # change in each total from λ = 0 to λ = 1 (n,)
    swaps: tuple[Swap, ...]  # by λ, then place, then case order
    stretches: tuple[Stretch, ...]  # consecutive, covering (0, 1)
    coincident: tuple[tuple[int, int], ...]  # pairs tied all the way along
    identical: bool  # Â == B̂ exactly: the "path" is a single point
    _alpha: tuple[Fraction, ...]
    _beta: tuple[Fraction, ...]

    def totals_at(self, lam: float) -> Array:
        return self.start + lam * self.slope

    def weights_at(self, lam: float) -> Array:
        return blend(self.a_hat, self.b_hat, lam)

    def exact_totals_at(self, lam: Fraction) -> list[Fraction]:
        return [a + b * lam for a, b in zip(self._alpha, self._beta)]

    def ranks_at(self, lam: float | Fraction) -> tuple[int, ...]:
        """Competition ranks at one point of the path, ties decided exactly."""
        point = lam if isinstance(lam, Fraction) else exact(lam)
        return _exact_ranks(self.exact_totals_at(point))

    @property
    def breakpoints(self) -> tuple[Fraction, ...]:
        return tuple(sorted({s.lam for s in self.swaps}))

    @property
    def leader_changes(self) -> bool:
        return len({s.leaders for s in self.stretches}) > 1


def blend(a_hat: Array, b_hat: Array, lam: float) -> Array:
    """``(1 − λ)·Â + λ·B̂``: normalised weights at one point of the path."""
    return (1.0 - lam) * np.asarray(a_hat, dtype=float) + lam * np.asarray(b_hat, dtype=float)


def _integers(values: Array) -> tuple[list[int], int]:
    """Exact decimals as integers over one common denominator (so the sums below are integer sums)."""
    fractions = [exact(x) for x in np.asarray(values, dtype=float).ravel()]
    den = math.lcm(*(f.denominator for f in fractions)) if fractions else 1
    return [f.numerator * (den // f.denominator) for f in fractions], den


def _ranks_of_order(order: list[int], line: list[int]) -> tuple[int, ...]:
    """Competition ranks on an open stretch: only options on the very same line tie there."""
    ranks = [0] * len(order)
    for k, i in enumerate(order):
        ranks[i] = ranks[order[k - 1]] if k and line[i] == line[order[k - 1]] else k + 1
    return tuple(ranks)


def consensus_path(scores: Array, a: Array, b: Array) -> ConsensusPath:
    """The path between raw weight vectors ``a`` and ``b`` (each ≥ 0, not all zero) for ``scores`` (n×m).

    Swap points are exact; a pair of options whose lines coincide is tied all the way and never
    swaps; lines that meet at an end of the path (λ = 0 or 1) are a tie there, not a swap.
    The order is carried from one stretch to the next by re-sorting only the options that meet at
    each swap point, so the work grows with the number of swaps, not with swaps × options².
    """
    s = np.asarray(scores, dtype=float)
    n, m = s.shape
    a_hat, b_hat = normalise(np.asarray(a, dtype=float)), normalise(np.asarray(b, dtype=float))
    start = s @ a_hat
    slope = s @ b_hat - start

    s_int, s_den = _integers(s)
    rows = [s_int[i * m:(i + 1) * m] for i in range(n)]
    a_int, _ = _integers(a)
    b_int, _ = _integers(b)
    a_sum, b_sum = sum(a_int), sum(b_int)
    alpha = tuple(Fraction(sum(x * y for x, y in zip(row, a_int)), s_den * a_sum) for row in rows)
    beta = tuple(Fraction(sum(x * y for x, y in zip(row, b_int)), s_den * b_sum) - al for row, al in zip(rows, alpha))
    identical = all(x * b_sum == y * a_sum for x, y in zip(a_int, b_int))
    line_ids: dict[tuple[Fraction, Fraction], int] = {}
    line = [line_ids.setdefault((al, be), len(line_ids)) for al, be in zip(alpha, beta)]

    # Float pre-filter: pairs whose difference has the same clear sign at both ends never meet.
    d0 = start[:, None] - start[None, :]
    d1 = d0 + slope[:, None] - slope[None, :]
    margin = 1e-9 * max(1.0, float(np.abs(s).max(initial=0.0)))
    maybe = np.triu(~((d0 * d1 > 0) & (np.minimum(np.abs(d0), np.abs(d1)) > margin)), 1)

    crossings: dict[Fraction, list[tuple[int, int]]] = {}
    coincident: list[tuple[int, int]] = []
    for i, j in zip(*(idx.tolist() for idx in np.nonzero(maybe))):
        dalpha, dbeta = alpha[i] - alpha[j], beta[i] - beta[j]
        if dbeta == 0:
            if dalpha == 0:
                coincident.append((i, j))
            continue
        lam = -dalpha / dbeta
        if 0 < lam < 1:
            crossings.setdefault(lam, []).append((i, j) if dbeta > 0 else (j, i))

    # The order just after λ = 0: by total there, then by slope (lines tied at 0 part at once).
    order = sorted(range(n), key=lambda i: (-alpha[i], -beta[i], i))
    pos = {i: k for k, i in enumerate(order)}
    swaps: list[Swap] = []
    stretches: list[Stretch] = []
    lo = Fraction(0)
    for lam in sorted(crossings):
        stretches.append(Stretch(lo, lam, _ranks_of_order(order, line), tuple(order)))
        pairs = crossings[lam]
        involved = sorted({i for pair in pairs for i in pair}, key=pos.__getitem__)
        at = {i: alpha[i] + beta[i] * lam for i in involved}
        # Everything above the block of options meeting at one total is strictly above it there.
        first = {}
        for i in involved:
            first.setdefault(at[i], pos[i])
        swaps += [Swap(lam, r, f, 1 + first[at[r]], at[r]) for r, f in pairs]
        slots = [pos[i] for i in involved]
        for k, i in zip(slots, sorted(involved, key=lambda i: (-at[i], -beta[i], i))):
            order[k], pos[i] = i, k
        lo = lam
    stretches.append(Stretch(lo, Fraction(1), _ranks_of_order(order, line), tuple(order)))
    swaps.sort(key=lambda sw: (sw.lam, sw.place, sw.rising, sw.falling))

    return ConsensusPath(
        a_hat=a_hat, b_hat=b_hat, start=start, slope=slope, swaps=tuple(swaps), stretches=tuple(stretches),
        coincident=tuple(sorted(coincident)), identical=identical, _alpha=alpha, _beta=beta,
    )


@lru_cache(maxsize=32)
def _cached_path(shape: tuple[int, int], scores: bytes, a: bytes, b: bytes) -> ConsensusPath:
    path = consensus_path(np.frombuffer(scores).reshape(shape), np.frombuffer(a), np.frombuffer(b))
    for array in (path.a_hat, path.b_hat, path.start, path.slope):
        array.flags.writeable = False  # shared between callers through the cache
    return path


def path_between(appraisal: Appraisal, set_a: str, set_b: str) -> ConsensusPath:
    """The path between two weight sets of the case, by id (cached: a slider move redraws, not recomputes)."""
    s = np.ascontiguousarray(appraisal.S, dtype=float)
    a = np.ascontiguousarray(appraisal.weights_of(set_a), dtype=float)
    b = np.ascontiguousarray(appraisal.weights_of(set_b), dtype=float)
    return _cached_path(s.shape, s.tobytes(), a.tobytes(), b.tobytes())


def locate(a_hat: Array, b_hat: Array, c_hat: Array, tolerance: float = ON_PATH_TOLERANCE) -> PathLocation:
    """Whether ``Ĉ = (1 − λ)·Â + λ·B̂`` for some λ in [0, 1] (within ``tolerance``), and which λ.

    λ is the least-squares projection of Ĉ − Â on B̂ − Â, clipped to [0, 1]; when Â = B̂ the path
    is one point and λ is 0.
    """
    a, b, c = (np.asarray(x, dtype=float) for x in (a_hat, b_hat, c_hat))
    d = b - a
    dd = float(d @ d)
    lam = 0.0 if dd <= 1e-24 else float(np.clip((c - a) @ d / dd, 0.0, 1.0))
    gap = np.abs(c - blend(a, b, lam))
    j = int(np.argmax(gap))
    return PathLocation(lam=lam, on_path=bool(gap[j] <= tolerance), deviation=float(gap[j]), criterion=j)


def locate_set(appraisal: Appraisal, set_a: str, set_b: str, set_c: str, tolerance: float = ON_PATH_TOLERANCE) -> PathLocation:
    w = appraisal.W
    return locate(*(normalise(w[appraisal.set_ids.index(s)]) for s in (set_a, set_b, set_c)), tolerance=tolerance)


def default_ends(case: Case) -> tuple[str, str]:
    """The two sets to compare by default: the first two that belong to a council, else the first two."""
    council_sets = [w.id for w in case.weight_sets if w.council]
    ids = council_sets if len(council_sets) >= 2 else [w.id for w in case.weight_sets]
    return ids[0], ids[1] if len(ids) > 1 else ids[0]


def default_mark(case: Case, a: str, b: str) -> str | None:
    """The joint set to look for on the path: the first set of no single council (not A, B or equal weights)."""
    for ws in case.weight_sets:
        method = ws.provenance.method if ws.provenance else None
        if ws.id not in (a, b) and not ws.council and method != "equal":
            return ws.id
    return None
