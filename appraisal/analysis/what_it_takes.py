"""What it would take: the smallest change of weights that puts an option first (or above another).

The linear programme of DESIGN.md, for option ``t`` and the options ``U`` it must beat (all others
by default)::

    minimise   Σ_j |ŵ'_j − ŵ_j|
    subject to Σ_j ŵ'_j = 1,  ŵ' ≥ 0,  (S_t − S_u) · ŵ' ≥ 0  for every u in U

linearised with ``d_j ≥ ±(ŵ'_j − ŵ_j)`` and solved with HiGHS (``scipy.optimize.linprog``). Ties
count as first (CASE_FORMAT.md). The optimal distance is a Green Book switching value for the
weights as a whole. Infeasible means no weighting at all can do it; the reason is then always a
dominance (Farkas' lemma): one option — or a mix of several — scores higher on every criterion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from appraisal.analysis.scoring import competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import dominance, strict_dominance

Array = NDArray[np.float64]


@dataclass(frozen=True)
class WhatItTakes:
    """The answer, with everything a sentence about it needs (the sentence itself is
    :func:`appraisal.report.scrutiny.what_it_takes_sentence`).

    ``distance`` is the sum of absolute changes of normalised weights (0–2; moving 10 points of
    weight from one criterion to another is a distance of 0.2). ``weights`` are the new normalised
    weights. When infeasible, ``blockers`` are the options that beat it on every criterion (one
    option) or whose mix does (``mix`` True). ``tie_only``: it can at best share first place.
    """

    option: int
    beat: tuple[int, ...]
    before: Array
    feasible: bool
    distance: float | None
    weights: Array | None
    already: bool = False
    blockers: tuple[int, ...] = ()
    mix: bool = False
    tie_only: bool = False
    dominated_by: tuple[int, ...] = field(default_factory=tuple)


def _solve(S: Array, w_hat: Array, option: int, beat: list[int], margin: float) -> Array | None:
    m = S.shape[1]
    eye = np.eye(m)
    a_ub = [np.hstack([eye, -eye]), np.hstack([-eye, -eye])]
    b_ub = [w_hat, -w_hat]
    diff = S[beat] - S[option]                       # (|U| × m): must be ≤ −margin after weighting
    a_ub.append(np.hstack([diff, np.zeros((len(beat), m))]))
    b_ub.append(np.full(len(beat), -margin))
    res = linprog(
        c=np.concatenate([np.zeros(m), np.ones(m)]),
        A_ub=np.vstack(a_ub),
        b_ub=np.concatenate(b_ub),
        A_eq=np.concatenate([np.ones(m), np.zeros(m)])[None, :],
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * m + [(0.0, None)] * m,
        method="highs",
    )
    if res.status != 0:
        return None
    w = np.clip(res.x[:m], 0.0, None)
    return w / w.sum()


def _is_first(S: Array, w: Array, option: int, beat: list[int]) -> bool:
    idx = [option, *beat]
    return bool(competition_ranks(totals(S[idx], w))[0] == 1)


def _mix_blockers(S: Array, option: int, beat: list[int]) -> tuple[int, ...]:
    """Options whose weighted mix beats ``option`` on every criterion (the Farkas certificate)."""
    k, m = len(beat), S.shape[1]
    diff = S[beat] - S[option]                       # want Σ λ_u diff_u ≥ ε on every criterion
    res = linprog(
        c=np.concatenate([np.zeros(k), [-1.0]]),
        A_ub=np.hstack([-diff.T, np.ones((m, 1))]),
        b_ub=np.zeros(m),
        A_eq=np.concatenate([np.ones(k), [0.0]])[None, :],
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * k + [(None, 1e6)],
        method="highs",
    )
    if res.status != 0:
        return tuple(beat)
    lam = res.x[:k]
    return tuple(int(beat[i]) for i in np.nonzero(lam > 1e-9)[0])


def what_it_takes(
    S: Array,
    w_hat: Array,
    option: int,
    beat: list[int] | None = None,
) -> WhatItTakes:
    """Smallest change of normalised weights that ranks ``option`` first (ties count) or above ``beat``."""
    S = np.asarray(S, dtype=float)
    w_hat = normalise(np.asarray(w_hat, dtype=float))
    n = S.shape[0]
    beat_list = [int(u) for u in (beat if beat is not None else range(n)) if int(u) != option]
    dominated_by = tuple(int(a) for a in np.nonzero(dominance(S)[:, option])[0] if a in beat_list)

    def done(**kw) -> WhatItTakes:
        return WhatItTakes(option, tuple(beat_list), w_hat, dominated_by=dominated_by, **kw)

    if not beat_list or _is_first(S, w_hat, option, beat_list):
        return done(feasible=True, distance=0.0, weights=w_hat.copy(), already=True)
    strict = strict_dominance(S)
    beaten_everywhere = tuple(u for u in beat_list if strict[u, option])
    if beaten_everywhere:
        return done(feasible=False, distance=None, weights=None, blockers=beaten_everywhere)
    w_new = _solve(S, w_hat, option, beat_list, 0.0)
    if w_new is None:
        return done(feasible=False, distance=None, weights=None, blockers=_mix_blockers(S, option, beat_list), mix=True)
    if not _is_first(S, w_new, option, beat_list):
        # Round-off left it a hair behind: ask for a small positive margin instead.
        scale = max(float(np.abs(S).max()), 1e-12)
        for rel in (1e-8, 1e-7, 1e-6):
            candidate = _solve(S, w_hat, option, beat_list, rel * scale)
            if candidate is not None and _is_first(S, candidate, option, beat_list):
                w_new = candidate
                break
    t = totals(S, w_new)
    top = t[[option, *beat_list]].max()
    # Can it only share first place? Then no positive lead over the others is reachable.
    tie_only = bool(np.isclose(t[option], top)) and (
        bool(dominated_by) or _solve(S, w_hat, option, beat_list, 1e-7 * max(float(np.abs(S).max()), 1e-12)) is None
    )
    distance = float(np.abs(w_new - w_hat).sum())
    return done(feasible=True, distance=distance, weights=w_new, tie_only=tie_only)
