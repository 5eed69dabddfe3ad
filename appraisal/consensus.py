"""Comparing weight sets and building a consensus from them (pure; no Streamlit).

Weight sets are compared as normalised percentages (``100 · w / Σw``), because each cabinet may
weight in its own units (1–3 points, percentages, 100 points): only the shares are comparable.
A consensus is the mean or the median of the chosen sets' shares, rescaled to sum to 100, or an
edited copy of one of them — always a new named weight set whose provenance says how it was made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.model import Case, Provenance, WeightSet
from appraisal.ratings import as_number
from appraisal.scoring import Appraisal, normalise

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


def differences_sentence(appraisal: Appraisal, a: str, b: str, threshold: float = DIFFERENCE_POINTS) -> str:
    """'Breckland cabinet and South Holland cabinet differ most on Workforce (13 % against 5 %) …'."""
    p = percentages(appraisal, [a, b])
    d = p[1] - p[0]
    names = appraisal.criterion_names
    name_a, name_b = appraisal.set_names[appraisal.set_ids.index(a)], appraisal.set_names[appraisal.set_ids.index(b)]
    j = int(np.argmax(np.abs(d)))
    if abs(d[j]) < 0.05:
        return f"{name_a} and {name_b} give every criterion the same share."
    big = int(np.sum(np.abs(d) >= threshold))
    close = int(np.sum(np.abs(d) < 1.0))
    sentence = (f"{name_a} and {name_b} differ most on {names[j]} ({fmt.percent(p[0, j])} against "
                f"{fmt.percent(p[1, j])}, {fmt.number(abs(d[j]), 1)} points)")
    sentence += f"; they differ by {fmt.number(threshold, 0)} points or more on {big} of {len(d)} criteria"
    if close:
        sentence += f" and are within 1 point on {close}"
    return sentence + "."


def comparison_table(appraisal: Appraisal, set_ids: Sequence[str], pair: tuple[str, str] | None) -> pd.DataFrame:
    """Criterion × set shares in % (report format), plus the difference between the pair."""
    p = percentages(appraisal, set_ids)
    table: dict[str, list[str]] = {"Criterion": list(appraisal.criterion_names)}
    for k, s in enumerate(set_ids):
        table[appraisal.set_names[appraisal.set_ids.index(s)]] = [fmt.percent(v) for v in p[k]]
    if pair is not None:
        d = differences(appraisal, *pair)
        table["Difference (points)"] = [_signed(v) + (" — differs" if abs(v) >= DIFFERENCE_POINTS else "") for v in d]
    return pd.DataFrame(table)


def _signed(v: float) -> str:
    return ("+" if v > 0.05 else "−" if v < -0.05 else "") + fmt.number(abs(v), 1)


def consensus(vectors: np.ndarray, statistic: str) -> np.ndarray:
    """Mean or median of the rows' normalised shares, in % summing to 100."""
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}")
    shares = normalise(np.atleast_2d(np.asarray(vectors, dtype=float)))
    combined = shares.mean(axis=0) if statistic == "mean" else np.median(shares, axis=0)
    return 100.0 * combined / combined.sum()


def slug(name: str) -> str:
    """A case-file id from a name ('Joint — mean' → 'joint_mean')."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return (text or "weights")[:50]


def unique_set_id(case: Case, name: str) -> str:
    base = slug(name)
    taken = {w.id for w in case.weight_sets}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def consensus_weight_set(
    case: Case, name: str, weights_pct: Mapping[str, float], method: str, variant: str | None, sources: Sequence[str],
    by: str | None = None, note: str | None = None, when: date | None = None,
) -> WeightSet:
    """A new named set in % (2 decimals) with provenance: which sets it came from, how, who, when."""
    weights = {c: round(float(weights_pct.get(c, 0.0)), 2) for c in case.criterion_ids}
    inputs: dict[str, Any] = {"from": list(sources), "from_names": [case.weight_set(s).name for s in sources]}
    return WeightSet(
        id=unique_set_id(case, name), name=name, weights=weights,
        note=note or f"{variant or method} of {fmt.names_list([case.weight_set(s).name for s in sources])}, in % of the total.",
        provenance=Provenance(method=method, variant=variant, inputs=inputs, by=by or None,  # type: ignore[arg-type]
                              date=(when or date.today()).isoformat(), note=None),
    )


def set_mappings(case: Case, overrides: Mapping[str, Mapping[str, float]] | None = None) -> list[dict[str, Any]]:
    """The case's weight sets as case-file mappings (with provenance), with any edited weights applied."""
    out = []
    for ws in case.weight_sets:
        data = ws.model_dump(mode="json", exclude_none=True)
        if overrides and ws.id in overrides:
            data["weights"] = {c: float(v) for c, v in overrides[ws.id].items()}
        out.append(data)
    return out


def snapshot_comparison(case: Case, snapshot_sets: Sequence[Mapping[str, Any]], now_sets: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Every weight that differs between a snapshot and now: set, criterion, then → now (raw units)."""
    names = {c.id: c.name for c in case.criteria}
    old = {ws["id"]: ws for ws in snapshot_sets}
    new = {ws["id"]: ws for ws in now_sets}
    rows: list[dict[str, str]] = []
    for set_id in list(old) + [s for s in new if s not in old]:
        a, b = old.get(set_id), new.get(set_id)
        set_name = (b or a or {}).get("name", set_id)
        if a is None or b is None:
            rows.append({"Weight set": set_name, "Criterion": "(whole set)", "Then": "—" if a is None else "present",
                         "Now": "—" if b is None else "present", "Change": "added since" if a is None else "removed since"})
            continue
        for c in list(a["weights"]) + [k for k in b["weights"] if k not in a["weights"]]:
            va, vb = as_number(a["weights"].get(c)), as_number(b["weights"].get(c))
            if va != vb:
                change = _signed((vb or 0.0) - (va or 0.0))
                rows.append({"Weight set": set_name, "Criterion": names.get(c, c),
                             "Then": "—" if va is None else fmt.number(va, 2), "Now": "—" if vb is None else fmt.number(vb, 2),
                             "Change": change})
    return pd.DataFrame(rows, columns=["Weight set", "Criterion", "Then", "Now", "Change"])


def provenance_line(ws: WeightSet, case: Case) -> str:
    """'Breckland cabinet — ranking method, agreed 14 June 2021.' (issue 11's wording when present)."""
    try:
        from appraisal.elicitation import provenance_text
    except ImportError:  # pragma: no cover - the elicitation module ships with the product
        p = ws.provenance
        return f"{ws.name} — {p.method} method." if p else f"{ws.name} — how these weights were arrived at is not recorded."
    return provenance_text(ws, case)
