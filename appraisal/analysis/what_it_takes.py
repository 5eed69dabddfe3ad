"""What it would take: the smallest change of weights that puts an option first (or above another).

The linear programme of DESIGN.md, for option ``t`` and the options ``U`` it must beat (all others
by default)::

    minimise   Σ_j |ŵ'_j − ŵ_j|
    subject to Σ_j ŵ'_j = 1,  ŵ' ≥ 0,  (S_t − S_u) · ŵ' ≥ 0  for every u in U

linearised with ``d_j ≥ ±(ŵ'_j − ŵ_j)`` and solved with HiGHS (``scipy.optimize.linprog``). Ties
count as first (CASE_FORMAT.md). The optimal distance is a Green Book switching value for the
weights as a whole. Infeasible means no weighting at all can do it; the reason is then always a
dominance (Farkas' lemma): one option — or a mix of several — scores higher on every criterion.

The minimum change almost always stops where the option *draws level* (the optimum lies on the
boundary of the region where it is first), so the answer also names every option it would then
tie with (``tied_with``: competition ranks at the new weights) and solves the same programme with a
positive margin, ``(S_t − S_u) · ŵ' ≥ lead`` — the smallest change that puts it first *on its own*
by a stated lead. The lead is :data:`CLEAR_LEAD_SHARE` (1 %) of the highest possible total
(``max score``, since the weights sum to 1): the same share whatever units the weight set uses. With
the weight set's own units it is ``0.01 × max score × Σ w`` points of total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from appraisal.analysis.scoring import competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import dominance, strict_dominance

Array = NDArray[np.float64]

# The lead asked of "first on its own": a share of the highest possible total (docs/scrutiny.md).
CLEAR_LEAD_SHARE = 0.01


@dataclass(frozen=True)
class WhatItTakes:
    """The answer, with everything a sentence about it needs (the sentence itself is
    :func:`appraisal.report.scrutiny.what_it_takes_sentence`).

    ``distance`` is the sum of absolute changes of normalised weights (0–2; moving 10 points of
    weight from one criterion to another is a distance of 0.2). ``weights`` are the new normalised
    weights. When infeasible, ``blockers`` are the options that beat it on every criterion (one
    option) or whose mix does (``mix`` True). ``tie_only``: it can at best share first place.

    ``tied_with``: the options (of ``beat``) level with it at the new weights — competition rank 1
    among itself and ``beat`` (empty when it would be first on its own or is already first alone).
    ``lead`` is the margin asked for a clear first place in normalised totals (``lead_share`` of the
    highest possible total); ``clear_weights``/``clear_distance`` are the smallest change that puts it
    ahead of every option in ``beat`` by at least ``lead``, or None when no weighting can
    (``weights`` already does when ``tied_with`` is empty and it was not already first).
    ``clear_best_lead``: when none can, the largest lead any weighting gives (≤ 0 when it can at best
    draw level), so a sentence can say how far short the lead falls.
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
    tied_with: tuple[int, ...] = ()
    lead: float = 0.0
    lead_share: float = CLEAR_LEAD_SHARE
    clear_weights: Array | None = None
    clear_distance: float | None = None
    clear_best_lead: float | None = None

    @property
    def level(self) -> bool:
        """The minimum change only brings it level with ``tied_with`` (not first on its own)."""
        return bool(self.tied_with)


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


def _best_lead(S: Array, option: int, beat: list[int]) -> float:
    """The largest lead over ``beat`` any weighting gives: max z s.t. (S_t − S_u)·w ≥ z, w on the simplex."""
    m = S.shape[1]
    diff = S[beat] - S[option]                       # diff·w + z ≤ 0
    res = linprog(
        c=np.concatenate([np.zeros(m), [-1.0]]),
        A_ub=np.hstack([diff, np.ones((len(beat), 1))]),
        b_ub=np.zeros(len(beat)),
        A_eq=np.concatenate([np.ones(m), [0.0]])[None, :],
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * m + [(None, None)],
        method="highs",
    )
    return float(-res.fun) if res.status == 0 else float("-inf")


def _tied_with(S: Array, w: Array, option: int, beat: list[int], nudge: float = 0.0) -> tuple[int, ...]:
    """Options of ``beat`` sharing first place with ``option`` at ``w`` (competition ranks).

    ``nudge``: a margin added only to beat round-off, taken back off before ranking (not a lead).
    """
    idx = [option, *beat]
    t = totals(S[idx], w)
    t[0] -= nudge
    ranks = competition_ranks(t)
    if ranks[0] != 1:
        return ()
    return tuple(int(u) for u, r in zip(beat, ranks[1:]) if r == 1)


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
    max_score: float | None = None,
) -> WhatItTakes:
    """Smallest change of normalised weights that ranks ``option`` first (ties count) or above ``beat``,
    and the smallest that puts it ahead of them by :data:`CLEAR_LEAD_SHARE` of the highest possible
    total (``max_score``: the rating scale's top; by default the largest score in ``S``)."""
    S = np.asarray(S, dtype=float)
    w_hat = normalise(np.asarray(w_hat, dtype=float))
    n = S.shape[0]
    beat_list = [int(u) for u in (beat if beat is not None else range(n)) if int(u) != option]
    dominated_by = tuple(int(a) for a in np.nonzero(dominance(S)[:, option])[0] if a in beat_list)

    scale = max(float(np.abs(S).max()), 1e-12)
    lead = CLEAR_LEAD_SHARE * (scale if max_score is None else float(max_score))

    def done(**kw) -> WhatItTakes:
        return WhatItTakes(option, tuple(beat_list), w_hat, dominated_by=dominated_by, lead=lead, **kw)

    if not beat_list:
        return done(feasible=True, distance=0.0, weights=w_hat.copy(), already=True)
    if _is_first(S, w_hat, option, beat_list):
        tied = _tied_with(S, w_hat, option, beat_list)
        if not tied:
            return done(feasible=True, distance=0.0, weights=w_hat.copy(), already=True)
        clear, best = _clear(S, w_hat, option, beat_list, lead, bool(dominated_by))
        return done(feasible=True, distance=0.0, weights=w_hat.copy(), already=True, tied_with=tied, tie_only=clear is None and best <= 0,
                    clear_weights=clear, clear_distance=None if clear is None else float(np.abs(clear - w_hat).sum()),
                    clear_best_lead=None if clear is not None else best)
    strict = strict_dominance(S)
    beaten_everywhere = tuple(u for u in beat_list if strict[u, option])
    if beaten_everywhere:
        return done(feasible=False, distance=None, weights=None, blockers=beaten_everywhere)
    w_new = _solve(S, w_hat, option, beat_list, 0.0)
    if w_new is None:
        return done(feasible=False, distance=None, weights=None, blockers=_mix_blockers(S, option, beat_list), mix=True)
    nudge = 0.0
    if not _is_first(S, w_new, option, beat_list):
        # Round-off left it a hair behind: ask for a small positive margin instead.
        for rel in (1e-8, 1e-7, 1e-6):
            candidate = _solve(S, w_hat, option, beat_list, rel * scale)
            if candidate is not None and _is_first(S, candidate, option, beat_list):
                w_new, nudge = candidate, 2 * rel * scale
                break
    t = totals(S, w_new)
    top = t[[option, *beat_list]].max()
    # Can it only share first place? Then no positive lead over the others is reachable.
    tie_only = bool(np.isclose(t[option], top)) and (
        bool(dominated_by) or _solve(S, w_hat, option, beat_list, 1e-7 * scale) is None
    )
    distance = float(np.abs(w_new - w_hat).sum())
    tied = _tied_with(S, w_new, option, beat_list, nudge)
    clear: Array | None
    best: float | None = None
    if _lead_of(S, w_new, option, beat_list) >= lead:
        clear = w_new
    else:
        clear, best = _clear(S, w_hat, option, beat_list, lead, tie_only)
    clear_distance = None if clear is None else float(np.abs(clear - w_hat).sum())
    return done(feasible=True, distance=distance, weights=w_new, tie_only=tie_only, tied_with=tied,
                clear_weights=clear, clear_distance=clear_distance, clear_best_lead=best)


def _clear(S: Array, w_hat: Array, option: int, beat: list[int], lead: float, tie_only: bool) -> tuple[Array | None, float]:
    """The smallest change that puts ``option`` ahead of ``beat`` by ``lead``; else None and the best lead any weighting gives."""
    if not tie_only:
        clear = _solve(S, w_hat, option, beat, lead)
        if clear is not None and _lead_of(S, clear, option, beat) < lead * (1 - 1e-6):
            clear = _solve(S, w_hat, option, beat, lead * (1 + 1e-6))   # round-off: ask a hair more
        if clear is not None:
            return clear, lead
    return None, 0.0 if tie_only else _best_lead(S, option, beat)


def _lead_of(S: Array, w: Array, option: int, beat: list[int]) -> float:
    t = totals(S, w)
    return float(t[option] - t[beat].max())
