"""Four ways to arrive at a weight set, and a record of which one was used.

A scrutiny member asked of the 2021 review "how had the weightings been arrived at?". Cabinets rarely
find it easy to type percentages, so each method here turns a judgement people can make into weights
that sum to 1, and returns the inputs it took so they can be stored with the weight set
(:class:`appraisal.model.Provenance`) and shown wherever the set is used.

Methods (each a pure function returning :class:`Elicited`):

* :func:`points` — allocate 100 points (or any non-negative numbers); ``w_j = p_j / Σ p``.
* :func:`ranking` — order the criteria, ties allowed; rank-order centroid (Barron and Barrett, 1996),
  rank sum or rank reciprocal (Stillwell, Seaver and Edwards, 1981).
* :func:`swing` — swing weighting as in the UK government's MCA manual (DCLG, 2009): the most important
  worst-to-best swing scores 100, every other swing is scored relative to it; normalise.
* :func:`pairwise` — AHP (Saaty, 1980): judgements on the 1–9 scale, weights from the principal
  eigenvector, consistency ratio; incomplete sets by Harker's method (1987) once connected.

Bad input raises :class:`ElicitationError` (a :class:`~appraisal.errors.CaseError`, so the command line
exits 2 and the app shows the message).

References
----------
Barron, F. H. and Barrett, B. E. (1996) "Decision quality using ranked attribute weights",
    Management Science 42(11), 1515–1523.
Stillwell, W. G., Seaver, D. A. and Edwards, W. (1981) "A comparison of weight approximation techniques
    in multiattribute utility decision making", Organizational Behavior and Human Performance 28, 62–77.
Department for Communities and Local Government (2009) "Multi-criteria analysis: a manual", §5.2.10
    and §6.2.10 (swing weighting).
Saaty, T. L. (1980) "The Analytic Hierarchy Process", McGraw-Hill (1–9 scale, consistency index,
    random index, consistency ratio ≤ 0.10).
Harker, P. T. (1987) "Incomplete pairwise comparisons in the analytic hierarchy process",
    Mathematical Modelling 9(11), 837–848.
Alonso, J. A. and Lamata, M. T. (2006) "Consistency in the analytic hierarchy process: a new
    approach", Int. J. of Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445–459.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

import numpy as np

from appraisal import fmt
from appraisal.errors import CaseError, Problem
from appraisal.model import Case, Provenance, WeightSet

METHODS = ("points", "ranking", "swing", "pairwise")
METHOD_NAMES = {
    "points": "points",
    "ranking": "ranking",
    "swing": "swing weighting",
    "pairwise": "pairwise comparison",
    "manual": "weights entered directly",
    "consensus": "consensus of weight sets",
    "workshop": "workshop submissions",
    "path": "consensus path",
    "equal": "equal weights",
}
RANKING_VARIANTS = {
    "roc": "rank-order centroid",
    "rank_sum": "rank sum",
    "rank_reciprocal": "rank reciprocal",
}
CR_THRESHOLD = 0.10
SWING_TOP = 100.0

# Saaty's random consistency index (Saaty 1980, table 1) for n = 1..15 criteria.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
                11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}

# The Saaty scale, as values of a_ij ("i is a_ij times as important as j") from 1/9 to 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])
SAATY_WORDS = {1: "equally important", 2: "equally to moderately more important", 3: "moderately more important",
               4: "moderately to strongly more important", 5: "strongly more important",
               6: "strongly to very strongly more important", 7: "very strongly more important",
               8: "very to extremely more important", 9: "extremely more important"}


class ElicitationError(CaseError):
    """Inputs a method cannot use; ``field`` names the criterion, judgement or argument at fault."""

    def __init__(self, message: str, field: str = "", source: str = ""):
        super().__init__(source, [Problem(field, message)])


@dataclass(frozen=True)
class Consistency:
    """AHP consistency: λmax, CI = (λmax − n)/(n − 1), RI for n, CR = CI/RI, and the worst judgement."""

    lambda_max: float
    ci: float
    ri: float
    cr: float
    complete: bool
    worst: tuple[str, str, float, float] | None = None   # (i, j, given a_ij, Saaty value nearer the others)
    cr_if_changed: float | None = None

    @property
    def acceptable(self) -> bool:
        return self.cr <= CR_THRESHOLD + 1e-12


@dataclass(frozen=True)
class Elicited:
    """Weights (sum 1, in the order the criteria were given) and the inputs that produced them."""

    method: str
    variant: str | None
    weights: dict[str, float]
    inputs: dict[str, Any]
    consistency: Consistency | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def vector(self, criterion_ids: Sequence[str]) -> np.ndarray:
        return np.array([self.weights.get(c, 0.0) for c in criterion_ids], dtype=float)

    def provenance(self, by: str | None = None, date: str | None = None, note: str | None = None) -> Provenance:
        return Provenance(method=self.method, variant=self.variant, inputs=self.inputs, by=by or None,  # type: ignore[arg-type]
                          date=date or None, note=note or None)

    def weight_set(self, set_id: str, name: str, council: str | None = None, by: str | None = None,
                   date: str | None = None, note: str | None = None, places: int = 2) -> WeightSet:
        """A case-file weight set in percentages carrying its provenance.

        Rounded to ``places`` decimals, or more where a small positive weight would otherwise round to 0.
        """
        percents = {c: 100.0 * w for c, w in self.weights.items()}
        while places < 8 and any(0 < v < 0.5 * 10 ** -places for v in percents.values()):
            places += 1
        return WeightSet(id=set_id, name=name, council=council, weights={c: round(v, places) for c, v in percents.items()},
                         provenance=self.provenance(by, date, note))


# Kernels -----------------------------------------------------------------------------------------

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


def principal_eigenvector(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """Perron root λmax and its eigenvector scaled to sum 1 (``numpy.linalg.eig``)."""
    values, vectors = np.linalg.eig(np.asarray(matrix, dtype=float))
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    return float(values[k].real), v / v.sum()


def random_index(n: int) -> float:
    """Saaty's random index for n ≤ 15; beyond, Alonso and Lamata's (2006) fit (1.7699 n − 4.3513)/(n − 1)."""
    if n in RANDOM_INDEX:
        return RANDOM_INDEX[n]
    return (1.7699 * n - 4.3513) / (n - 1)


def nearest_saaty(value: float) -> float:
    """The Saaty-scale value (1/9 … 9) nearest ``value`` on a log scale (ratios are compared as ratios)."""
    logs = np.log(SAATY_SCALE)
    return SAATY_SCALE[int(np.argmin(np.abs(logs - math.log(value))))]


def ratio_text(value: float) -> str:
    """An implied ratio as people would say it: 2.6 → '2.6', 0.38 → '1/2.6', 0.99 → '1'."""
    text = fmt.number(value, 1) if value >= 1 else "1/" + fmt.number(1 / value, 1)
    return "1" if text == "1/1" else text


def saaty_label(value: float) -> str:
    """3 → '3', 1/3 → '1/3', 2.5 → '2.5' (judgements as people write them)."""
    if value >= 1:
        return fmt.number(value, 2)
    inverse = 1 / value
    if abs(inverse - round(inverse)) < 1e-9:
        return f"1/{round(inverse)}"
    return fmt.number(value, 3)


# Input checks ------------------------------------------------------------------------------------

def _finite_number(value: object, field_name: str, what: str) -> float:
    if isinstance(value, bool):
        raise ElicitationError(f"{value!r} is not a number", field_name)
    if isinstance(value, str):
        value = _parse_float(value, field_name, what)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ElicitationError(f"{value!r} is not a number ({what})", field_name) from None
    if not math.isfinite(number):
        raise ElicitationError(f"{what} must be a finite number", field_name)
    return number


def _parse_float(text: str, field_name: str, what: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise ElicitationError(f"'{text.strip()}' is not a number ({what})", field_name) from None


def _check_known(criteria: Iterable[str], known: Sequence[str] | None, what: str) -> None:
    if known is None:
        return
    unknown = [c for c in criteria if c not in known]
    if unknown:
        raise ElicitationError(
            f"{fmt.names_list([repr(c) for c in unknown])} {'is not a criterion' if len(unknown) == 1 else 'are not criteria'}"
            f" of this case (criteria: {', '.join(known)})", what)


def _check_complete(given: Iterable[str], known: Sequence[str] | None, what: str, hint: str) -> None:
    if known is None:
        return
    seen = set(given)
    missing = [c for c in known if c not in seen]
    if missing:
        raise ElicitationError(f"no {hint} for {fmt.names_list([repr(c) for c in missing])}; every criterion of the case needs one", what)


def _check_id(criterion: object, what: str) -> str:
    if not isinstance(criterion, str) or not criterion.strip():
        raise ElicitationError(f"{criterion!r} is not a criterion id", what)
    return criterion.strip()


# The four methods --------------------------------------------------------------------------------

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


Judgement = tuple[str, str, float]


def parse_judgement_value(value: object, field_name: str = "judgement") -> float:
    """A judgement a_ij: a number or a fraction such as '1/3'; positive, finite, within 1/9 … 9."""
    if isinstance(value, str):
        text = value.strip()
        m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)", text)
        if m:
            den = float(m.group(2))
            if den == 0:
                raise ElicitationError(f"'{text}' divides by zero", field_name)
            number = float(m.group(1)) / den
        else:
            number = _parse_float(text, field_name, "judgement")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ElicitationError(f"{value!r} is not a number (judgement)", field_name)
    else:
        number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ElicitationError(f"{value!r} is not a valid judgement: judgements must be positive (1 = equal; 1/3 = the "
                               "second is moderately more important; zero and negative values mean nothing in AHP)", field_name)
    if number < 1 / 9 - 1e-9 or number > 9 + 1e-9:
        raise ElicitationError(f"{saaty_label(number)} is outside Saaty's scale (1/9 to 9)", field_name)
    return number


def components(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected groups of criteria in the comparison graph, largest first (ties: first listed)."""
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted(groups.values(), key=lambda g: (-len(g), nodes.index(g[0])))


def _normalise_judgements(
    judgements: Iterable[Sequence[object]], criteria: Sequence[str] | None
) -> tuple[list[str], dict[tuple[str, str], float]]:
    """Check and collect judgements into {(i, j): a_ij} with a_ji = 1/a_ij implied."""
    given: dict[tuple[str, str], float] = {}
    seen: list[str] = []
    for row, item in enumerate(judgements, start=1):
        where = f"judgement {row}"
        if isinstance(item, (str, bytes)) or len(item) != 3:
            raise ElicitationError("each judgement is [criterion, criterion, value]", where)
        a, b = _check_id(item[0], where), _check_id(item[1], where)
        value = parse_judgement_value(item[2], f"{where} ({a} vs {b})")
        if a == b:
            if abs(value - 1) > 1e-9:
                raise ElicitationError(f"compares '{a}' with itself as {saaty_label(value)}; a criterion is always 1 against itself", where)
            continue
        for c in (a, b):
            if c not in seen:
                seen.append(c)
        if (a, b) in given or (b, a) in given:
            earlier = given.get((a, b), 1 / given.get((b, a), 1.0))
            if abs(math.log(earlier) - math.log(value)) > 1e-6:
                raise ElicitationError(f"'{a}' against '{b}' is {saaty_label(value)} here, but an earlier judgement of the same "
                                       f"pair makes it {saaty_label(earlier)}; give each pair once", where)
            continue
        given[(a, b)] = value
    _check_known(seen, criteria, "judgements")
    nodes = list(criteria) if criteria is not None else seen
    return nodes, given


def _harker_matrix(nodes: Sequence[str], given: Mapping[tuple[str, str], float]) -> tuple[np.ndarray, np.ndarray]:
    """Harker's (1987) matrix C: c_ij = a_ij when judged, 0 when not, c_ii = 1 + (missing in row i).

    Its Perron vector w satisfies ``A(w) w = λ w`` for the matrix completed with ``a_ij = w_i/w_j``
    wherever a judgement is missing, so for a complete set it is exactly Saaty's eigenvector.
    Returns (C, known) where ``known`` marks judged off-diagonal cells.
    """
    n = len(nodes)
    index = {c: k for k, c in enumerate(nodes)}
    a = np.zeros((n, n))
    known = np.zeros((n, n), dtype=bool)
    for (i, j), v in given.items():
        a[index[i], index[j]] = v
        a[index[j], index[i]] = 1.0 / v
        known[index[i], index[j]] = known[index[j], index[i]] = True
    missing = (n - 1) - known.sum(axis=1)
    a[np.diag_indices(n)] = 1.0 + missing
    return a, known


def _eigen_weights(nodes: Sequence[str], given: Mapping[tuple[str, str], float]) -> tuple[np.ndarray, float, bool]:
    c, known = _harker_matrix(nodes, given)
    lam, w = principal_eigenvector(c)
    n = len(nodes)
    return w, lam, bool(known.sum() == n * (n - 1))


def _cr(lam: float, n: int) -> tuple[float, float, float]:
    ci = max(0.0, (lam - n) / (n - 1)) if n > 1 else 0.0
    ri = random_index(n)
    return ci, ri, (ci / ri if ri > 0 else 0.0)


def pairwise(judgements: Iterable[Sequence[object]] | Mapping[tuple[str, str], object],
             criteria: Sequence[str] | None = None, names: Mapping[str, str] | None = None) -> Elicited:
    """AHP pairwise comparison: weights from the principal eigenvector of the judgement matrix.

    A judgement ``(i, j, a_ij)`` reads "i is a_ij times as important as j" on Saaty's 1–9 scale
    (1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more important; 1/3 … 1/9 the
    other way); ``a_ji = 1/a_ij``. ``A w = λmax w``; consistency index ``CI = (λmax − n)/(n − 1)``,
    consistency ratio ``CR = CI / RI(n)`` with Saaty's random index; above 0.10 a warning names the
    judgement furthest from the ratio ``w_i/w_j`` the weights imply (on a log scale) and the Saaty value
    nearest that ratio (``names`` puts criterion names instead of ids in that warning). Missing
    judgements are allowed once the comparison graph is connected: the
    weights are then Harker's (1987) eigenvector and CR is that of the matrix completed with ``w_i/w_j``.
    """
    items = [(i, j, v) for (i, j), v in judgements.items()] if isinstance(judgements, Mapping) else list(judgements)
    nodes, given = _normalise_judgements(items, criteria)
    if len(nodes) < 2:
        raise ElicitationError("pairwise comparison needs at least two criteria", "judgements")
    groups = components(nodes, given)
    if len(groups) > 1:
        label = dict(names or {})
        main, rest = [label.get(c, c) for c in groups[0]], [label.get(c, c) for g in groups[1:] for c in g]
        raise ElicitationError(
            f"not every criterion is connected by comparisons: {fmt.names_list(rest)} "
            f"{'is' if len(rest) == 1 else 'are'} not compared, directly or through others, with {fmt.names_list(main)}. "
            "Add a comparison linking them", "judgements")
    n = len(nodes)
    w, lam, complete = _eigen_weights(nodes, given)
    ci, ri, cr = _cr(lam, n)
    worst = None
    cr_changed = None
    warnings: list[str] = []
    if cr > CR_THRESHOLD:
        index = {c: k for k, c in enumerate(nodes)}
        (i, j), a_ij = max(given.items(), key=lambda kv: abs(math.log(kv[1]) - math.log(w[index[kv[0][0]]] / w[index[kv[0][1]]])))
        implied = float(w[index[i]] / w[index[j]])
        suggestion = nearest_saaty(implied)
        if abs(suggestion - a_ij) < 1e-9:   # already the nearest scale value: step one notch towards the implied ratio
            k = SAATY_SCALE.index(suggestion) + (1 if implied > a_ij else -1)
            suggestion = SAATY_SCALE[min(max(k, 0), len(SAATY_SCALE) - 1)]
        changed = dict(given)
        changed[(i, j)] = suggestion
        _, lam2, _ = _eigen_weights(nodes, changed)
        cr_changed = _cr(lam2, n)[2]
        worst = (i, j, a_ij, suggestion)
        label = dict(names or {})
        warnings.append(
            f"The consistency ratio is {cr:.2f}, above {CR_THRESHOLD:.2f}: the judgements contradict one another more than AHP "
            f"accepts. The most inconsistent is {label.get(i, i)} against {label.get(j, j)}, judged {saaty_label(a_ij)}; "
            f"the weights from all the judgements imply about {ratio_text(implied)}. Changing it to {saaty_label(suggestion)} "
            f"would bring the ratio to {cr_changed:.2f}.")
    canonical = [[i, j, round(v, 6)] if v >= 1 else [j, i, round(1 / v, 6)] for (i, j), v in given.items()]
    inputs: dict[str, Any] = {"judgements": canonical, "consistency_ratio": round(cr, 4)}
    return Elicited("pairwise", "eigenvector" if complete else "harker", {c: float(w[k]) for k, c in enumerate(nodes)},
                    inputs, Consistency(lam, ci, ri, cr, complete, worst, cr_changed), tuple(warnings))


def pairwise_from_matrix(matrix: Sequence[Sequence[object]], criteria: Sequence[str],
                         names: Mapping[str, str] | None = None, all_criteria: Sequence[str] | None = None) -> Elicited:
    """The same from a square matrix (rows and columns in ``criteria`` order; None or '' = not judged).

    Only one of a_ij and a_ji need be given; if both are, they must be reciprocal (within 1 %).
    ``all_criteria`` (the case's ids) when the matrix covers only some: the rest are then unconnected.
    """
    n = len(criteria)
    if len(matrix) != n or any(len(row) != n for row in matrix):
        raise ElicitationError(f"the matrix must be {n} × {n}, one row and column per criterion", "matrix")
    judgements: list[tuple[str, str, object]] = []
    for r in range(n):
        for c in range(n):
            cell = matrix[r][c]
            if cell is None or (isinstance(cell, str) and cell.strip() in ("", "-", "~")):
                continue
            where = f"matrix row '{criteria[r]}', column '{criteria[c]}'"
            value = parse_judgement_value(cell, where)
            if r == c:
                if abs(value - 1) > 1e-9:
                    raise ElicitationError(f"{saaty_label(value)} on the diagonal; a criterion is 1 against itself", where)
                continue
            other = matrix[c][r]
            if c < r and other is not None and not (isinstance(other, str) and other.strip() in ("", "-", "~")):
                mirror = parse_judgement_value(other, where)
                if abs(math.log(value * mirror)) > 0.01:
                    raise ElicitationError(f"{saaty_label(value)} is not the reciprocal of {saaty_label(mirror)} (row '{criteria[c]}', "
                                           f"column '{criteria[r]}'); it should be {saaty_label(1 / mirror)} or left blank", where)
                continue
            judgements.append((criteria[r], criteria[c], value))
    return pairwise(judgements, all_criteria if all_criteria is not None else criteria, names)


def consistent_judgements(weights: Mapping[str, float]) -> list[Judgement]:
    """Every pair's exact ratio ``w_i/w_j`` (a perfectly consistent set; used by tests and comparisons)."""
    ids = list(weights)
    return [(a, b, weights[a] / weights[b]) for k, a in enumerate(ids) for b in ids[k + 1:]]


# Translating one person's weights into each method's terms ---------------------------------------

def order_from_weights(weights: Mapping[str, float]) -> list[list[str]]:
    """Ranks implied by weights, equal weights tied (relative tolerance 1e-9), largest first."""
    items = sorted(weights.items(), key=lambda kv: -kv[1])
    tiers: list[list[str]] = []
    last = None
    for c, v in items:
        if last is not None and abs(v - last) <= 1e-9 * max(abs(v), abs(last), 1e-300):
            tiers[-1].append(c)
        else:
            tiers.append([c])
        last = v
    return tiers


def as_methods(weights: Mapping[str, float]) -> dict[str, Elicited]:
    """What the same priorities give under each method (used by "Does the method matter?").

    * points and swing: the weights themselves (swing: largest = 100, others in proportion) — the
      direct methods agree by construction;
    * ranking: only the order survives, so rank-order centroid, rank sum and rank reciprocal;
    * pairwise: every ratio ``w_i/w_j`` rounded to the Saaty scale, as a cabinet would have to say it.
    Criteria with zero weight are left out of the ranking and pairwise versions and keep 0.
    """
    ids = list(weights)
    positive = {c: float(v) for c, v in weights.items() if v > 0}
    if not positive:
        raise ElicitationError("every weight is zero", "weights")
    top = max(positive.values())
    out = {
        "points": points(dict(weights.items())),
        "swing": swing({c: SWING_TOP if weights[c] == top else SWING_TOP * float(weights[c]) / top for c in ids}),
    }
    for variant in RANKING_VARIANTS:
        r = ranking(order_from_weights(positive), variant)
        out[f"ranking:{variant}"] = Elicited("ranking", variant, {c: r.weights.get(c, 0.0) for c in ids}, r.inputs)
    if len(positive) >= 2:
        rounded = [(a, b, nearest_saaty(min(9.0, max(1 / 9, ratio)))) for a, b, ratio in consistent_judgements(positive)]
        p = pairwise(rounded)
        out["pairwise"] = Elicited("pairwise", p.variant, {c: p.weights.get(c, 0.0) for c in ids}, p.inputs, p.consistency, p.warnings)
    return out


def method_label(method: str, variant: str | None = None) -> str:
    """'ranking (rank-order centroid)', 'swing weighting', 'pairwise comparison'."""
    name = METHOD_NAMES.get(method, method)
    if method == "ranking" and variant in RANKING_VARIANTS:
        return f"{name} ({RANKING_VARIANTS[variant]})"
    if method == "pairwise" and variant == "harker":
        return f"{name} (incomplete, Harker's method)"
    return name


# Where a weight set came from --------------------------------------------------------------------

def date_text(value: str | None) -> str | None:
    """'2021-06-14' → '14 June 2021'; anything else as written."""
    if not value:
        return None
    try:
        d = Date.fromisoformat(value.strip())
    except ValueError:
        return value.strip()
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _other_detail(p: Provenance) -> str:
    """' (median of 12 participants, who used ranking)', ' (mean of Breckland cabinet and South Holland cabinet)'."""
    inputs = p.inputs or {}
    statistic = p.variant.strip() if isinstance(p.variant, str) and p.variant.strip() else None
    if p.method == "workshop":
        n = inputs.get("participants")
        used = inputs.get("participant_method")
        parts = " of ".join(filter(None, [statistic, f"{n} participant{'s' if n != 1 else ''}" if isinstance(n, int) else None]))
        if isinstance(used, str) and used in METHOD_NAMES:
            parts += (", who used " if parts else "by ") + method_label(used)
        return f" ({parts})" if parts else ""
    if p.method == "consensus":
        names = inputs.get("from_names")
        sources = fmt.names_list([str(n) for n in names]) if isinstance(names, list) and names else None
        parts = " of ".join(filter(None, [statistic, sources]))
        return f" ({parts})" if parts else ""
    return ""


def provenance_text(ws: WeightSet, case: Case) -> str:
    """'Breckland cabinet — ranking method (rank-order centroid), agreed 14 June 2021 by the informal cabinet.'"""
    p = ws.provenance
    council = case.council_name(ws.council)
    label = ws.name if council is None or council.casefold() in ws.name.casefold() else f"{ws.name} ({council})"
    if p is None:
        return f"{label} — how these weights were arrived at is not recorded."
    words = METHOD_NAMES.get(p.method, p.method)
    if p.method in METHODS:
        words += " method"
        detail = method_label(p.method, p.variant)[len(METHOD_NAMES[p.method]):].strip()
        words += f" {detail}" if detail else ""
    else:
        words += _other_detail(p)
    text = f"{label} — {words}"
    when, by = date_text(p.date), (p.by or "").strip()
    if when or by:
        text += ", agreed" + (f" {when}" if when else "") + (f" by {by}" if by else "")
    cr = p.inputs.get("consistency_ratio") if p.method == "pairwise" else None
    if isinstance(cr, (int, float)):
        text += f"; consistency ratio {cr:.2f}"
    text += "."
    if p.note:
        text += f" {p.note.strip()}"
    return text
