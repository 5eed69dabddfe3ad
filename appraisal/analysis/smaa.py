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

from appraisal.analysis.scoring import TIE_TOLERANCE

Array = NDArray[np.float64]

MAX_SAMPLES = 200_000
DEFAULT_SAMPLES = 10_000   # the robustness badges, the briefing and the committee pack: uniform SMAA, seeded
DEFAULT_SEED = 0
_CHUNK_CELLS = 4_000_000  # samples × options × criteria held in memory at once with rating flips


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

    @property
    def first_rank(self) -> Array:
        """Share of samples in which each option ranks 1st (its first-rank acceptability)."""
        return self.acceptability[:, 0]

    def standard_error(self, share: float | Array) -> Array:
        """Sampling standard error of a share estimated from ``n_samples`` draws."""
        p = np.asarray(share, dtype=float)
        return np.sqrt(p * (1 - p) / max(self.n_samples, 1))


def competition_ranks_rows(total: Array) -> NDArray[np.int64]:
    """Competition ranks per row of a (N×n) array, fully vectorised (sort-based, O(N·n log n)).

    Same semantics as :func:`appraisal.analysis.scoring.competition_ranks`: totals equal to within
    ``TIE_TOLERANCE`` of the row's largest magnitude share the better rank.
    """
    t = np.asarray(total, dtype=float)
    scale = np.maximum(np.abs(t).max(axis=-1, keepdims=True), 1e-300)
    q = np.round(t / scale / TIE_TOLERANCE)
    order = np.argsort(-q, axis=-1, kind="stable")
    sq = np.take_along_axis(q, order, axis=-1)
    n = t.shape[-1]
    positions = np.broadcast_to(np.arange(n), sq.shape)
    new_value = np.ones(sq.shape, dtype=bool)
    new_value[..., 1:] = sq[..., 1:] != sq[..., :-1]
    first_pos = np.maximum.accumulate(np.where(new_value, positions, 0), axis=-1)
    ranks = np.empty(sq.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, first_pos + 1, axis=-1)
    return ranks


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
    draws = rng.standard_exponential((n_samples, m))
    w = draws / draws.sum(axis=1, keepdims=True)
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


def smaa(
    S: Array,
    n_samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    base_weights: Array | None = None,
    spread: float | None = None,
    order_of: Array | None = None,
    rating_flip_p: float = 0.0,
    scale_values: Array | None = None,
) -> SmaaResult:
    """Rank acceptability, central weights and confidence factors for scores ``S`` (n×m).

    Modes: uniform on the simplex (default); ``spread`` with ``base_weights`` (±share of each
    weight); ``order_of`` (respect that weight vector's order). ``rating_flip_p > 0`` needs
    ``scale_values`` (the numbers of the rating scale).
    """
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
    W = sample_weights(m, n_samples, rng, base_weights, spread, order_of)

    if flips:
        chunk = max(1, _CHUNK_CELLS // max(n * m, 1))
        ranks = np.empty((n_samples, n), dtype=np.int64)
        for start in range(0, n_samples, chunk):
            stop = min(start + chunk, n_samples)
            scores = _flip_ratings(S, scale_values, rating_flip_p, rng, stop - start)
            ranks[start:stop] = competition_ranks_rows(np.einsum("snm,sm->sn", scores, W[start:stop]))
    else:
        ranks = competition_ranks_rows(W @ S.T)

    counts = np.bincount((np.arange(n)[None, :] * n + ranks - 1).ravel(), minlength=n * n).reshape(n, n)
    acceptability = counts / n_samples
    first = ranks == 1                                   # (N × n)
    n_first = first.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = (first.T.astype(float) @ W) / n_first[:, None]
    central[n_first == 0] = np.nan

    confidence = np.full(n, np.nan)
    has_central = n_first > 0
    if has_central.any():
        cw = central[has_central]                        # (c × m)
        if flips:
            conf_samples = min(n_samples, 2_000)
            scores = _flip_ratings(S, scale_values, rating_flip_p, rng, conf_samples)  # (s × n × m)
            tot = np.einsum("snm,cm->scn", scores, cw)       # (s × c × n)
            r = competition_ranks_rows(tot)
            idx = np.nonzero(has_central)[0]
            confidence[has_central] = (r[:, np.arange(idx.size), idx] == 1).mean(axis=0)
        else:
            r = competition_ranks_rows(cw @ S.T)             # (c × n)
            idx = np.nonzero(has_central)[0]
            confidence[has_central] = (r[np.arange(idx.size), idx] == 1).astype(float)

    mode = "spread" if spread is not None else "order" if order_of is not None else "uniform"
    return SmaaResult(acceptability, central, confidence, n_samples, int(seed), mode, spread, float(rating_flip_p))
