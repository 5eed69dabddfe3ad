"""Weight sets in words and report tables: differences between cabinets, snapshots, provenance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.consensus import DIFFERENCE_POINTS, differences, percentages
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.workshop import normalised
from appraisal.case.model import Case
from appraisal.case.ratings import as_number


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


def differences_headline(appraisal: Appraisal, a: str, b: str) -> str:
    """The projector's one-line version of :func:`differences_sentence`: where the two sets differ most.

    'Breckland cabinet and South Holland cabinet differ most on Workforce (13 % against 5 %).'
    (the chart's title gives how many criteria differ by 3 points or more)."""
    p = percentages(appraisal, [a, b])
    d = p[1] - p[0]
    name_a, name_b = appraisal.set_names[appraisal.set_ids.index(a)], appraisal.set_names[appraisal.set_ids.index(b)]
    j = int(np.argmax(np.abs(d)))
    if abs(d[j]) < 0.05:
        return f"{name_a} and {name_b} give every criterion the same share."
    return (f"{name_a} and {name_b} differ most on {appraisal.criterion_names[j]} "
            f"({fmt.percent(p[0, j])} against {fmt.percent(p[1, j])}).")


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


def consensus_note(case: Case, method: str, variant: str | None, sources: Sequence[str]) -> str:
    """The note of a set agreed from others: 'mean of Breckland cabinet and South Holland cabinet, in % of the total.'"""
    return f"{variant or method} of {fmt.names_list([case.weight_set(s).name for s in sources])}, in % of the total."


def consensus_preview_table(criterion_names: Sequence[str], pct: Sequence[float], statistic: str) -> pd.DataFrame:
    """Each criterion's combined share (``pct``, in % summing to 100) under the mean or median, one decimal."""
    return pd.DataFrame({"Criterion": list(criterion_names), f"{statistic.capitalize()} share": [fmt.percent(v, 1) for v in pct]})


def consensus_preview_caption(case: Case, statistic: str, sources: Sequence[str]) -> str:
    """'The median of each criterion's share across Breckland cabinet and South Holland cabinet.'"""
    return f"The {statistic} of each criterion's share across {fmt.names_list([case.weight_set(s).name for s in sources])}."


def shares_table(case: Case, weights: Mapping[str, float], column: str = "Your share") -> pd.DataFrame:
    """One person's weights (any units) as each criterion's share of the total, in whole percentages."""
    shares = normalised(weights, case.criterion_ids) * 100
    return pd.DataFrame({"Criterion": [c.name for c in case.criteria], column: [fmt.percent(v) for v in shares]})
