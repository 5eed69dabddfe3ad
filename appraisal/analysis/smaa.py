"""SMAA — stochastic multicriteria acceptability analysis: how often does each option come 1st, 2nd…?

Weight vectors are sampled (DESIGN.md):

- uniformly on the simplex, Dirichlet(1, …, 1) — "no agreed weights at all" (the default);
- within ± ``spread`` (a share, 0.2 = ±20 %) of a weight set: each raw weight is drawn uniformly
  from ``[w_j(1 − spread), w_j(1 + spread)]`` and the vector renormalised;
- respecting the order of a weight set (``order_of``): a uniform simplex sample sorted so the
  criterion that set weighs most gets the largest weight; criteria it weighs equally share equally.

Optionally each rating moves one notch up or down its scale with probability ``rating_flip_p``
(``scale_values`` lists the scale's numbers; a rating at the top or bottom moves to its only
neighbour; cells that are not on the scale stay put).

Outputs (Lahdelma & Salminen 2001, SMAA-2):

- rank acceptability ``b[i, r]``: share of samples in which option i has rank r+1 (competition
  ranks, as :func:`appraisal.analysis.scoring.competition_ranks`: tied options share the better rank);
- central weights: the mean weight vector of the samples in which option i ranks 1st (NaN if never);
- confidence factor: share of (rating) samples in which option i ranks 1st at its central weights
  (1 or 0 without rating uncertainty; NaN if it is never 1st).

Everything is vectorised and seeded: the same inputs and seed give the same figures.

References: Lahdelma, R. & Salminen, P. (2001) SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making. Operations Research 49(3), 444–454.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from appraisal.analysis.scoring import TIE_TOLERANCE, competition_ranks, tie_run_starts

Array = NDArray[np.float64]

MAX_SAMPLES = 200_000
DEFAULT_SAMPLES = 10_000   # the robustness badges, the briefing and the committee pack: uniform SMAA, seeded
DEFAULT_SEED = 0
_CHUNK_CELLS = 4_000_000  # samples × options × criteria held in memory at once with rating flips
_CHUNK_SAMPLES = 8_192   # weight samples drawn and ranked at once: bounded memory, and a chunk stays in cache

# BLAS on one thread while SMAA runs: each product here is small, and on two busy cores a second BLAS
# thread waiting for a core stalled a 20,000-sample product for milliseconds (bench/smaa_kernel.py).
_BLAS = ThreadpoolController()


@dataclass(frozen=True)
class SmaaResult:
    acceptability: Array      # (n × n): share of samples with rank r+1
    central_weights: Array    # (n × m), NaN rows where the option is never 1st
    confidence: Array         # (n,), NaN where never 1st
    n_samples: int
    seed: int
    mode: str                 # "uniform", "spread" or "order"
    spread: float | None
    rating_flip_p: float
    total_low: Array | None = None    # (n,) with totals_range: lowest and highest total over the samples,
    total_high: Array | None = None   # on normalised weights (a weighted average rating)

    @property
    def first_rank(self) -> Array:
        """Share of samples in which each option ranks 1st (its first-rank acceptability)."""
        return self.acceptability[:, 0]

    def standard_error(self, share: float | Array) -> Array:
        """Sampling standard error of a share estimated from ``n_samples`` draws."""
        p = np.asarray(share, dtype=float)
        return np.sqrt(p * (1 - p) / max(self.n_samples, 1))


def sample_weights(
    m: int,
    n_samples: int,
    rng: np.random.Generator,
    base_weights: Array | None = None,
    spread: float | None = None,
    order_of: Array | None = None,
) -> Array:
    """Normalised weight samples (N×m) for the three modes described in the module docstring."""
    if spread is not None:
        if base_weights is None:
            raise ValueError("spread needs base_weights")
        base = np.asarray(base_weights, dtype=float)
        low, high = base * (1 - spread), base * (1 + spread)
        raw = low + rng.random((n_samples, m)) * (high - low)
        raw = np.maximum(raw, 0.0)
        total = raw.sum(axis=1, keepdims=True)
        return raw / np.where(total > 0, total, 1.0)
    w = rng.standard_exponential((n_samples, m))
    w /= w.sum(axis=1, keepdims=True)           # in place: one array fewer per chunk
    if order_of is None:
        return w
    ref = np.asarray(order_of, dtype=float)
    sorted_desc = -np.sort(-w, axis=1)
    rank_of = np.argsort(np.argsort(-ref, kind="stable"), kind="stable")  # position of each criterion
    out = sorted_desc[:, rank_of]
    # Criteria the reference weighs equally get equal weights (their share split evenly).
    for value in np.unique(ref):
        group = np.nonzero(ref == value)[0]
        if group.size > 1:
            out[:, group] = out[:, group].mean(axis=1, keepdims=True)
    return out


def _flip_ratings(S: Array, scale_values: Array, p: float, rng: np.random.Generator, size: int) -> Array:
    """(size×n×m) score samples: each on-scale rating moves one notch with probability p."""
    levels = np.sort(np.asarray(scale_values, dtype=float))  # ascending
    idx = np.searchsorted(levels, S)
    on_scale = (idx < levels.size) & (levels[np.minimum(idx, levels.size - 1)] == S)
    move = rng.random((size, *S.shape)) < p
    up = rng.random((size, *S.shape)) < 0.5
    step = np.where(up, 1, -1)
    step = np.where(idx == 0, 1, step)
    step = np.where(idx == levels.size - 1, -1, step)
    new_idx = np.clip(idx[None] + np.where(move & on_scale[None], step, 0), 0, levels.size - 1)
    return np.where(on_scale[None], levels[new_idx], S[None])


class _Tally:
    """Running counts over chunks of samples: rank positions, first places and the weights behind them.

    One sort per sample gives the order; ranks are positions in it, except in the rare rows where
    neighbouring totals tie (identical score rows, zero weights), which get competition ranks. The
    central weights are sums of each sample's weights by the option that leads it: one weighted
    ``bincount``, not a second (samples × options) × (samples × criteria) product.
    """

    def __init__(self, n: int, m: int, track_totals: bool = False):
        self.n, self.m = n, m
        self.track_totals = track_totals
        self.counts = np.zeros(n * n, dtype=np.int64)      # option × rank position
        self.n_first = np.zeros(n, dtype=np.int64)
        self.weight_sums = np.zeros(n * m)                 # option × criterion
        self.total_low = np.full(n, np.inf)
        self.total_high = np.full(n, -np.inf)
        self._positions = np.arange(n)
        self._criteria = np.arange(m)

    def add(self, totals: Array, weights: Array) -> None:
        """Add a chunk: ``totals`` (c×n) under ``weights`` (c×m)."""
        n = self.n
        if self.track_totals:
            np.minimum(self.total_low, totals.min(axis=0), out=self.total_low)
            np.maximum(self.total_high, totals.max(axis=0), out=self.total_high)
        order = np.argsort(-totals, axis=1)
        descending = np.take_along_axis(totals, order, axis=1)
        scale = np.maximum(np.abs(descending[:, 0]), np.abs(descending[:, -1]))
        closest = (descending[:, :-1] - descending[:, 1:]).min(axis=1) if n > 1 else np.full(len(order), np.inf)
        tie_rows = np.flatnonzero(closest <= TIE_TOLERANCE * scale)
        if tie_rows.size == 0:
            self.counts += np.bincount((order * n + self._positions).ravel(), minlength=n * n)
            self._firsts(order[:, 0], weights)
            return
        positions = np.broadcast_to(self._positions, order.shape).copy()
        positions[tie_rows] = tie_run_starts(descending[tie_rows])
        self.counts += np.bincount((order * n + positions).ravel(), minlength=n * n)
        untied = np.ones(order.shape[0], dtype=bool)
        untied[tie_rows] = False
        self._firsts(order[untied, 0], weights[untied])
        row, col = np.nonzero(positions[tie_rows] == 0)      # every option sharing first place
        self._firsts(order[tie_rows[row], col], weights[tie_rows[row]])

    def _firsts(self, leaders: NDArray[np.int64], weights: Array) -> None:
        self.n_first += np.bincount(leaders, minlength=self.n)
        cells = (leaders[:, None] * self.m + self._criteria).ravel()
        self.weight_sums += np.bincount(cells, weights=weights.ravel(), minlength=self.n * self.m)


def smaa(
    S: Array,
    n_samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    base_weights: Array | None = None,
    spread: float | None = None,
    order_of: Array | None = None,
    rating_flip_p: float = 0.0,
    scale_values: Array | None = None,
    totals_range: bool = False,
) -> SmaaResult:
    """Rank acceptability, central weights and confidence factors for scores ``S`` (n×m).

    Modes: uniform on the simplex (default); ``spread`` with ``base_weights`` (±share of each
    weight); ``order_of`` (respect that weight vector's order). ``rating_flip_p > 0`` needs
    ``scale_values`` (the numbers of the rating scale). ``totals_range`` also records each option's
    lowest and highest total over the samples (without rating uncertainty).
    """
    with _BLAS.limit(limits=1, user_api="blas"):
        return _smaa(S, n_samples, seed, base_weights, spread, order_of, rating_flip_p, scale_values, totals_range)


def _smaa(S: Array, n_samples: int, seed: int, base_weights: Array | None, spread: float | None, order_of: Array | None,
          rating_flip_p: float, scale_values: Array | None, totals_range: bool) -> SmaaResult:
    """:func:`smaa` itself, with BLAS already limited to one thread."""
    S = np.asarray(S, dtype=float)
    n, m = S.shape
    n_samples = int(n_samples)
    if not 1 <= n_samples <= MAX_SAMPLES:
        raise ValueError(f"samples must be between 1 and {MAX_SAMPLES:,}")
    if spread is not None and not 0 <= spread <= 1:
        raise ValueError("spread must be a share between 0 and 1 (0.2 = ±20 %)")
    if not 0 <= rating_flip_p <= 1:
        raise ValueError("rating_flip_p must be between 0 and 1")
    flips = rating_flip_p > 0
    if flips and scale_values is None:
        raise ValueError("rating uncertainty needs scale_values")
    rng = np.random.default_rng(seed)
    tally = _Tally(n, m, totals_range and not flips)
    if flips:
        # All weights first, then the ratings chunk by chunk: the order the generator is read in.
        W = sample_weights(m, n_samples, rng, base_weights, spread, order_of)
        chunk = max(1, _CHUNK_CELLS // max(n * m, 1))
        for start in range(0, n_samples, chunk):
            stop = min(start + chunk, n_samples)
            scores = _flip_ratings(S, scale_values, rating_flip_p, rng, stop - start)
            tally.add(np.einsum("snm,sm->sn", scores, W[start:stop]), W[start:stop])
    else:
        # Drawing the weights chunk by chunk reads the generator in the same order as drawing them at once.
        for start in range(0, n_samples, _CHUNK_SAMPLES):
            W = sample_weights(m, min(_CHUNK_SAMPLES, n_samples - start), rng, base_weights, spread, order_of)
            tally.add(W @ S.T, W)

    acceptability = tally.counts.reshape(n, n) / n_samples
    n_first = tally.n_first
    with np.errstate(invalid="ignore", divide="ignore"):
        central = tally.weight_sums.reshape(n, m) / n_first[:, None]
    central[n_first == 0] = np.nan

    confidence = np.full(n, np.nan)
    has_central = n_first > 0
    if has_central.any():
        cw = central[has_central]                        # (c × m)
        if flips:
            conf_samples = min(n_samples, 2_000)
            scores = _flip_ratings(S, scale_values, rating_flip_p, rng, conf_samples)  # (s × n × m)
            tot = np.einsum("snm,cm->scn", scores, cw)       # (s × c × n)
            r = competition_ranks(tot)
            idx = np.nonzero(has_central)[0]
            confidence[has_central] = (r[:, np.arange(idx.size), idx] == 1).mean(axis=0)
        else:
            r = competition_ranks(cw @ S.T)                  # (c × n)
            idx = np.nonzero(has_central)[0]
            confidence[has_central] = (r[np.arange(idx.size), idx] == 1).astype(float)

    mode = "spread" if spread is not None else "order" if order_of is not None else "uniform"
    low, high = (tally.total_low, tally.total_high) if tally.track_totals else (None, None)
    return SmaaResult(acceptability, central, confidence, n_samples, int(seed), mode, spread, float(rating_flip_p), low, high)
