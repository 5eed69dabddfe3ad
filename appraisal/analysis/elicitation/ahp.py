"""Pairwise comparison (AHP): Saaty's scale, principal eigenvector, consistency ratio, Harker's method."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from appraisal import fmt
from appraisal.analysis.elicitation.common import (
    CR_THRESHOLD,
    Consistency,
    ElicitationError,
    Elicited,
    _check_id,
    _check_known,
    _parse_float,
)

# Saaty's random consistency index (Saaty 1980, table 1) for n = 1..15 criteria.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
                11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}

# The Saaty scale, as values of a_ij ("i is a_ij times as important as j") from 1/9 to 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])
SAATY_WORDS = {1: "equally important", 2: "equally to moderately more important", 3: "moderately more important",
               4: "moderately to strongly more important", 5: "strongly more important",
               6: "strongly to very strongly more important", 7: "very strongly more important",
               8: "very to extremely more important", 9: "extremely more important"}





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
