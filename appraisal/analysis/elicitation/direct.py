"""Direct methods: points, ranking (rank-order centroid, rank sum, reciprocal) and swing weighting."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from appraisal import fmt
from appraisal.analysis.elicitation.common import (
    RANKING_VARIANTS,
    SWING_TOP,
    ElicitationError,
    Elicited,
    _check_complete,
    _check_id,
    _check_known,
    _finite_number,
)


def roc_weights(n: int) -> np.ndarray:
    """Rank-order centroid: ``w_k = (1/n) Σ_{i=k..n} 1/i`` for ranks k = 1..n (Barron and Barrett, 1996).

    The centroid of the simplex region ``w_1 ≥ w_2 ≥ … ≥ w_n ≥ 0``; n = 3 gives 0.611, 0.278, 0.111.
    """
    inv = 1.0 / np.arange(1, n + 1)
    return np.cumsum(inv[::-1])[::-1] / n


def rank_sum_weights(n: int) -> np.ndarray:
    """Rank sum: ``w_k = 2(n + 1 − k) / (n(n + 1))`` (Stillwell, Seaver and Edwards, 1981)."""
    k = np.arange(1, n + 1)
    return 2.0 * (n + 1 - k) / (n * (n + 1))


def rank_reciprocal_weights(n: int) -> np.ndarray:
    """Rank reciprocal: ``w_k = (1/k) / Σ_{i=1..n} 1/i`` (Stillwell, Seaver and Edwards, 1981)."""
    inv = 1.0 / np.arange(1, n + 1)
    return inv / inv.sum()


_RANK_KERNELS = {"roc": roc_weights, "rank_sum": rank_sum_weights, "rank_reciprocal": rank_reciprocal_weights}


def tiered_weights(tier_sizes: Sequence[int], variant: str = "roc") -> np.ndarray:
    """Weights per position for ranks with ties: a tie gets the mean of the positions it occupies.

    ``tier_sizes = [1, 2, 1]`` means one criterion 1st, two tied for 2nd–3rd, one 4th; the two tied
    criteria each get ``(w_2 + w_3)/2``, so the total stays 1 and tied criteria weigh the same.
    """
    base = _RANK_KERNELS[variant](int(sum(tier_sizes)))
    out = np.empty_like(base)
    start = 0
    for size in tier_sizes:
        out[start:start + size] = base[start:start + size].mean()
        start += size
    return out


def points(raw: Mapping[str, object], criteria: Sequence[str] | None = None) -> Elicited:
    """Points: ``w_j = p_j / Σ_k p_k`` for any non-negative numbers, not all zero.

    The usual form is a 100-point allocation; any total works, since only the shares matter.
    ``criteria`` (the case's ids) makes unknown or missing criteria an error.
    """
    ids = [_check_id(c, "points") for c in raw]
    _check_known(ids, criteria, "points")
    _check_complete(ids, criteria, "points", "points")
    if not ids:
        raise ElicitationError("no criteria were given points", "points")
    values = {}
    for c, v in zip(ids, raw.values()):
        number = _finite_number(v, f"points.{c}", "points")
        if number < 0:
            raise ElicitationError(f"{fmt.number(number, 2)} points is negative; give 0 or more", f"points.{c}")
        values[c] = number
    total = sum(values.values())
    if total <= 0:
        raise ElicitationError("every criterion has 0 points; give at least one criterion some points", "points")
    order = criteria if criteria is not None else ids
    return Elicited("points", None, {c: values[c] / total for c in order}, {"points": {c: values[c] for c in order}})


def parse_order(text: str) -> list[list[str]]:
    """``'finance,resilience=place,influence'`` → ``[['finance'], ['resilience', 'place'], ['influence']]``.

    Commas (or ``>``) separate ranks, most important first; ``=`` joins criteria tied at a rank.
    """
    tiers = []
    for part in re.split(r"[,>]", text):
        names = [n.strip() for n in part.split("=")]
        if not part.strip():
            raise ElicitationError(f"an empty rank in '{text.strip()}' (two separators in a row?)", "order")
        if any(not n for n in names):
            raise ElicitationError(f"'{part.strip()}' has an empty name beside '='", "order")
        tiers.append(names)
    return tiers


def ranking(order: Sequence[Sequence[str]] | str, variant: str = "roc", criteria: Sequence[str] | None = None) -> Elicited:
    """Ranking: criteria in ranks (most important first, ties allowed) → weights by position.

    Rank-order centroid (default) ``w_k = (1/n) Σ_{i=k..n} 1/i``; rank sum ``2(n+1−k)/(n(n+1))``;
    rank reciprocal ``(1/k)/Σ 1/i``. Criteria tied over positions k..k+t−1 each get the mean of those
    positions' weights (see :func:`tiered_weights`). Each criterion appears exactly once: a repeat
    within a tie, or in two ranks (a cycle: above and below itself), is an error.
    """
    if variant not in RANKING_VARIANTS:
        raise ElicitationError(f"'{variant}' is not a ranking variant (choose from {', '.join(RANKING_VARIANTS)})", "variant")
    tiers = parse_order(order) if isinstance(order, str) else [[_check_id(c, "order") for c in tier] for tier in order]
    tiers = [t for t in tiers if t]
    if not tiers:
        raise ElicitationError("no criteria were ranked", "order")
    where: dict[str, int] = {}
    for rank, tier in enumerate(tiers, start=1):
        for c in tier:
            if c in where:
                if where[c] == rank:
                    raise ElicitationError(f"'{c}' is tied with itself at rank {rank}; list each criterion once", "order")
                raise ElicitationError(
                    f"'{c}' is listed at rank {where[c]} and again at rank {rank} — a cycle ('{c}' would be both above and "
                    "below the criteria between); list each criterion once", "order")
            where[c] = rank
    _check_known(list(where), criteria, "order")
    _check_complete(where, criteria, "order", "rank")
    per_position = tiered_weights([len(t) for t in tiers], variant)
    weights: dict[str, float] = {}
    position = 0
    for tier in tiers:
        for c in tier:
            weights[c] = float(per_position[position])
            position += 1
    order_out = criteria if criteria is not None else list(where)
    return Elicited("ranking", variant, {c: weights[c] for c in order_out}, {"order": [list(t) for t in tiers]})


def swing(raw: Mapping[str, object], criteria: Sequence[str] | None = None) -> Elicited:
    """Swing weighting (DCLG 2009, MCA manual): the most important worst-to-best swing scores 100,
    every other swing 0–100 relative to it; ``w_j = s_j / Σ_k s_k``.

    Exactly the manual's procedure, so the largest swing must be 100 and none may exceed it.
    """
    ids = [_check_id(c, "swings") for c in raw]
    _check_known(ids, criteria, "swings")
    _check_complete(ids, criteria, "swings", "swing score")
    if not ids:
        raise ElicitationError("no swings were scored", "swings")
    values: dict[str, float] = {}
    for c, v in zip(ids, raw.values()):
        number = _finite_number(v, f"swings.{c}", "swing score")
        if number < 0 or number > SWING_TOP:
            raise ElicitationError(f"{fmt.number(number, 2)} is outside 0–100; score each swing from 0 to 100 against the "
                                   "most important swing (100)", f"swings.{c}")
        values[c] = number
    top = max(values.values())
    if top != SWING_TOP:
        best = max(values, key=values.__getitem__)
        raise ElicitationError(f"the most important swing must score 100 (the largest here is '{best}' at "
                               f"{fmt.number(top, 2)}); score the others relative to it", "swings")
    total = sum(values.values())
    order = criteria if criteria is not None else ids
    return Elicited("swing", None, {c: values[c] / total for c in order}, {"swings": {c: values[c] for c in order}})
