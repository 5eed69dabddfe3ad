"""Comparing weight sets and building a consensus from them (pure; no Streamlit). Their words and tables: :mod:`appraisal.report.weights`.

Weight sets are compared as normalised percentages (``100 · w / Σw``), because each cabinet may
weight in its own units (1–3 points, percentages, 100 points): only the shares are comparable.
A consensus is the mean or the median of the chosen sets' shares, rescaled to sum to 100, or an
edited copy of one of them — always a new named weight set whose provenance says how it was made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.case.changes import make_weight_set
from appraisal.case.model import Case, WeightSet

# Two sets whose shares for a criterion differ by at least this many percentage points are said
# to differ on it (highlighted on the Weights page); 3 points is one notch on a 1–3 scale of 10 criteria.
DIFFERENCE_POINTS = 3.0
STATISTICS = ("mean", "median")


def percentages(appraisal: Appraisal, set_ids: Sequence[str]) -> np.ndarray:
    """Normalised weights in % (k×m) for the given sets, in criterion order; each row sums to 100."""
    return 100.0 * normalise(np.vstack([appraisal.weights_of(s) for s in set_ids]))


def council_pair(case: Case, set_ids: Sequence[str]) -> tuple[str, str] | None:
    """The two sets to contrast: the first two from different councils, else the first two chosen."""
    by_council: dict[str, str] = {}
    for s in set_ids:
        council = case.weight_set(s).council
        if council and council not in by_council:
            by_council[council] = s
    if len(by_council) >= 2:
        first, second = list(by_council.values())[:2]
        return first, second
    return (set_ids[0], set_ids[1]) if len(set_ids) >= 2 else None


def differences(appraisal: Appraisal, a: str, b: str) -> np.ndarray:
    """Percentage points by which set ``b`` gives each criterion more share than set ``a``."""
    p = percentages(appraisal, [a, b])
    return p[1] - p[0]


def consensus(vectors: np.ndarray, statistic: str) -> np.ndarray:
    """Mean or median of the rows' normalised shares, in % summing to 100."""
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}")
    shares = normalise(np.atleast_2d(np.asarray(vectors, dtype=float)))
    combined = shares.mean(axis=0) if statistic == "mean" else np.median(shares, axis=0)
    return 100.0 * combined / combined.sum()


def consensus_weight_set(
    case: Case, name: str, weights_pct: Mapping[str, float], method: str, variant: str | None, sources: Sequence[str],
    by: str | None = None, note: str | None = None, when: date | None = None,
) -> WeightSet:
    """A new named set in % (2 decimals) with provenance: which sets it came from, how, who, when.

    ``note``: the set's note in words (:func:`appraisal.report.weights.consensus_note` writes the usual one).
    """
    weights = {c: round(float(weights_pct.get(c, 0.0)), 2) for c in case.criterion_ids}
    inputs: dict[str, Any] = {"from": list(sources), "from_names": [case.weight_set(s).name for s in sources]}
    return make_weight_set(case, name, weights, method=method, variant=variant, inputs=inputs, by=by, note=note,
                           when=when)


def set_mappings(case: Case, overrides: Mapping[str, Mapping[str, float]] | None = None) -> list[dict[str, Any]]:
    """The case's weight sets as case-file mappings (with provenance), with any edited weights applied."""
    out = []
    for ws in case.weight_sets:
        data = ws.model_dump(mode="json", exclude_none=True)
        if overrides and ws.id in overrides:
            data["weights"] = {c: float(v) for c, v in overrides[ws.id].items()}
        out.append(data)
    return out
