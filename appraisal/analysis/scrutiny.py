"""Every number the 'Why this rank?' screen shows for one option, collected once."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.analysis.sensitivity import (
    Array,
    ScaleVariant,
    StabilityInterval,
    dominance,
    leave_one_out_ranks,
    scale_variants,
    stability_intervals,
)
from appraisal.analysis.what_it_takes import WhatItTakes, what_it_takes


@dataclass(frozen=True)
class Scrutiny:
    """Every number the "Why is this option ranked here?" screen shows, for one option.

    Built once by :func:`scrutinise`; the page, the exports and
    :func:`appraisal.report.scrutiny.scrutiny_paragraph` all read the same object, so every sentence is
    made from numbers on the same screen.
    """

    option: int
    weights_name: str
    w: Array                                  # raw weights in use (the set's own units)
    totals: Array                             # (n,) in the set's units
    ranks: NDArray[np.int64]                  # (n,) competition ranks under ``w``
    compare_to: int                           # the leader, or the runner-up when ``option`` leads
    gap: Array                                # (m,) weighted gap per criterion, option − compare_to
    set_ranks: list[tuple[str, int, bool]]    # (weight set name, rank, tied) incl. equal weights
    dominated_by: list[int]
    dominates: list[int]
    what_it_takes: WhatItTakes
    loo_ranks: NDArray[np.float64]            # (m,) the option's rank with each criterion left out
    scales: list[ScaleVariant]
    intervals: list[StabilityInterval]
    rating_switch: Array = field(default_factory=lambda: np.zeros(0))  # (m,) score rise needed per criterion
    headroom: Array = field(default_factory=lambda: np.zeros(0))       # (m,) max score − its score
    loo_tied: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (m,) its rank shared there

    @property
    def rank(self) -> int:
        return int(self.ranks[self.option])

    @property
    def tied(self) -> bool:
        return int((self.ranks == self.rank).sum()) > 1


def scrutinise(
    appraisal: Appraisal,
    w: Array,
    option: int,
    weights_name: str = "these weights",
    custom_scale: tuple[float, ...] | None = None,
) -> Scrutiny:
    """Collect the scrutiny numbers for ``option`` under raw weights ``w`` (pure; no Streamlit)."""

    S = appraisal.S
    w = np.asarray(w, dtype=float)
    tot = totals(S, w)
    ranks = competition_ranks(tot)
    others = [i for i in range(appraisal.n_options) if i != option]
    if ranks[option] == 1 and others:
        compare_to = max(others, key=lambda i: (tot[i], -i))
    else:
        compare_to = min((i for i in range(appraisal.n_options) if ranks[i] == 1), default=option)
    gap = (S[option] - S[compare_to]) * w
    named = [*zip(appraisal.set_names, appraisal.W)]
    if not any(np.allclose(normalise(ws), appraisal.equal_weights) for _, ws in named):
        named.append(("Equal weights", np.ones(appraisal.n_criteria)))
    set_ranks = []
    for name, ws in named:
        r = competition_ranks(totals(S, ws))
        set_ranks.append((name, int(r[option]), bool((r == r[option]).sum() > 1)))
    D = dominance(S)
    wit = what_it_takes(S, normalise(w), option, max_score=appraisal.max_score)
    loo = leave_one_out_ranks(S, w)
    return Scrutiny(
        option=option,
        weights_name=weights_name,
        w=w,
        totals=tot,
        ranks=ranks,
        compare_to=compare_to,
        gap=gap,
        set_ranks=set_ranks,
        dominated_by=[int(a) for a in np.nonzero(D[:, option])[0]],
        dominates=[int(b) for b in np.nonzero(D[option])[0]],
        what_it_takes=wit,
        loo_ranks=loo[:, option],
        loo_tied=(loo == loo[:, [option]]).sum(axis=1) > 1,
        scales=scale_variants(appraisal, w, custom_scale),
        intervals=stability_intervals(S, normalise(w)),
        rating_switch=rating_switching_values(S, w, option),
        headroom=appraisal.max_score - S[option],
    )


def rating_switching_values(S: Array, w: Array, option: int) -> Array:
    """Green Book switching value for each rating of ``option``: the rise in its score on criterion j
    alone (others unchanged) that would make it at least level with every other option.

    ``(max_u T_u − T_option) / w_j``; 0 when it already ranks first, inf where ``w_j`` is zero.
    Compare with the room left on the scale (max score − S[option, j]) to see if a rating can do it.
    """
    S = np.asarray(S, dtype=float)
    w = np.asarray(w, dtype=float)
    t = totals(S, w)
    others = np.delete(t, option)
    gap = max(float(others.max()) - float(t[option]), 0.0) if others.size else 0.0
    with np.errstate(divide="ignore"):
        return np.where(w > 0, gap / np.where(w > 0, w, 1.0), np.inf if gap > 0 else 0.0)
