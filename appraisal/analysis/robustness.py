"""Robustness at a glance: a few figures per option that say how safe its place is.

Per option (DESIGN.md, "Robustness at a glance"):

- is it first under every named weight set of the case (and under which not)?
- its rank under equal weights;
- its SMAA first-rank acceptability: the share of random weightings (uniform on the simplex) in
  which it ranks first, from :func:`appraisal.analysis.smaa.smaa`;
- for the leader under the weights in use, its most fragile weight: the criterion whose stability
  interval (:func:`appraisal.analysis.sensitivity.stability_intervals`) ends nearest today's weight — the
  switching value, and how many percentage points away it is.

Nothing here re-computes SMAA or stability intervals; it reads the engine's results so the badge
row always agrees with the Sensitivity and Scrutiny pages. The words are :mod:`appraisal.report.robustness`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import StabilityInterval, by_fragility, stability_intervals, weights_at
from appraisal.analysis.smaa import SmaaResult, smaa

LOCAL_SPREAD = 0.20            # "nearby": each weight within ±20 % of its slider value
LOCAL_SEED = 0                 # fixed, so the same weights always give the same figures
MIN_LOCAL_SAMPLES = 5_000
MAX_LOCAL_SAMPLES = 10_000
LOCAL_CELL_BUDGET = 2_000_000  # samples × options × criteria per slider move: a few ms on two cores

# How far past a switching value to look to see who takes over (well above rounding, far below any
# meaningful change of weight).
_BEYOND = 1e-7
_EDGE = 1e-9


@dataclass(frozen=True)
class FragileWeight:
    """The leader's most fragile weight: moving it past ``switch`` changes who is first."""

    criterion: int
    weight: float  # today's normalised weight (0–1)
    switch: float  # the switching value (0–1), the nearer end of the stability interval
    rises: bool  # True: the lead changes when the weight rises above ``switch``; False: falls below
    taken_by: tuple[int, ...]  # the option(s) first just beyond the switching value

    @property
    def points(self) -> float:
        """Distance to the switching value in percentage points."""
        return 100 * abs(self.switch - self.weight)


@dataclass(frozen=True)
class OptionRobustness:
    option: int
    rank_now: int  # under the weights in use
    tied_now: bool
    set_ranks: tuple[tuple[str, int, bool], ...]  # (weight set name, rank, tied) for each named set
    equal_rank: int
    equal_tied: bool
    first_share: float  # SMAA first-rank acceptability (0–1)
    fragile: FragileWeight | None  # only for an option first under the weights in use
    never_switches: bool  # a leader whose lead no single weight can change

    @property
    def leads_now(self) -> bool:
        return self.rank_now == 1

    @property
    def first_under(self) -> tuple[str, ...]:
        return tuple(name for name, rank, _ in self.set_ranks if rank == 1)

    @property
    def not_first_under(self) -> tuple[str, ...]:
        return tuple(name for name, rank, _ in self.set_ranks if rank != 1)

    @property
    def first_under_all(self) -> bool:
        return not self.not_first_under


def fragile_weight(appraisal: Appraisal, w_hat: np.ndarray, intervals: list[StabilityInterval]) -> FragileWeight | None:
    """The criterion whose switching value for the top place is nearest today's weight (None if none is)."""
    if not intervals:
        return None
    iv = by_fragility(intervals)[0]
    margin = iv.top_margin
    if not np.isfinite(margin):
        return None
    lo, hi = iv.top_unchanged
    # As the engine's top_margin: an end at 0 % or 100 % is the edge of the range, not a switch.
    down = iv.weight - lo if lo > _EDGE else np.inf
    up = hi - iv.weight if hi < 1 - _EDGE else np.inf
    rises = up <= down
    switch = hi if rises else lo
    beyond = float(np.clip(switch + (_BEYOND if rises else -_BEYOND), 0.0, 1.0))
    ranks = competition_ranks(totals(appraisal.S, weights_at(w_hat, iv.criterion, beyond)))
    return FragileWeight(iv.criterion, iv.weight, switch, rises, tuple(int(i) for i in np.flatnonzero(ranks == 1)))


def robustness(appraisal: Appraisal, weights: np.ndarray, smaa_result: SmaaResult | None = None) -> list[OptionRobustness]:
    """The badge figures for every option (case order) under raw ``weights``.

    ``smaa_result`` is the uniform-simplex SMAA of ``appraisal.S``; it does not depend on the
    weights, so callers cache it once per case (default: 10,000 samples, seed 0).
    """
    w = np.asarray(weights, dtype=float)
    w_hat = normalise(w)
    S = appraisal.S
    ranks_now = competition_ranks(totals(S, w))
    set_ranks_all = competition_ranks(totals(S, appraisal.W))
    equal = competition_ranks(totals(S, appraisal.equal_weights))
    result = smaa_result if smaa_result is not None else smaa(S)
    fragile = fragile_weight(appraisal, w_hat, stability_intervals(S, w_hat)) if appraisal.n_options > 1 else None

    def tied(r: np.ndarray, i: int) -> bool:
        return bool((r == r[i]).sum() > 1)

    out = []
    for i in range(appraisal.n_options):
        leads = int(ranks_now[i]) == 1
        out.append(OptionRobustness(
            option=i,
            rank_now=int(ranks_now[i]),
            tied_now=tied(ranks_now, i),
            set_ranks=tuple((name, int(r[i]), tied(r, i)) for name, r in zip(appraisal.set_names, set_ranks_all)),
            equal_rank=int(equal[i]),
            equal_tied=tied(equal, i),
            first_share=float(result.first_rank[i]),
            fragile=fragile if leads else None,
            never_switches=leads and fragile is None,
        ))
    return out


@dataclass(frozen=True)
class LocalRobustness:
    """How sure the ranking is near the weights in use: SMAA within ± ``spread`` of each weight.

    ``first_share[i]`` is the share of nearby weightings in which option i ranks first (ties count),
    ``best_rank``/``worst_rank`` its rank range over them, ``total_low``/``total_high`` the range of its
    total in the weights' own units.
    """

    spread: float
    n_samples: int
    first_share: np.ndarray
    best_rank: np.ndarray
    worst_rank: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray

    @property
    def margin_of_error(self) -> float:
        """The 95 % sampling margin of a share, at its worst (a share of one half): 1.96·√(¼ / N)."""
        return 1.96 * float(np.sqrt(0.25 / self.n_samples))


def local_samples(n_options: int, n_criteria: int) -> int:
    """As many samples as fit the per-move budget, never fewer than 5,000 nor more than 20,000."""
    return int(min(MAX_LOCAL_SAMPLES, max(MIN_LOCAL_SAMPLES, LOCAL_CELL_BUDGET // max(n_options * n_criteria, 1))))


def local_robustness(S: np.ndarray, weights: np.ndarray, spread: float = LOCAL_SPREAD,
                     n_samples: int | None = None, seed: int = LOCAL_SEED) -> LocalRobustness:
    """SMAA near ``weights`` (raw, the set's units): each weight drawn within ± ``spread`` of its value.

    The same kernel as every SMAA view (:func:`appraisal.analysis.smaa.smaa`, "spread" mode), seeded.
    """
    S = np.asarray(S, dtype=float)
    w = np.asarray(weights, dtype=float)
    samples = n_samples if n_samples is not None else local_samples(*S.shape)
    result = smaa(S, samples, seed, base_weights=w, spread=spread, totals_range=True)
    seen = result.acceptability > 0              # every option takes some rank in every sample
    best = np.argmax(seen, axis=1) + 1
    worst = S.shape[0] - np.argmax(seen[:, ::-1], axis=1)
    units = float(w.sum())
    assert result.total_low is not None and result.total_high is not None  # asked for above
    return LocalRobustness(spread, samples, result.first_rank.copy(), best, worst,
                           result.total_low * units, result.total_high * units)

