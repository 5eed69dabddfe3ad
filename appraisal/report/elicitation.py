"""Elicitation in words and tables: method labels, the provenance sentence, a method's weights, and
'Does the method matter?' (the weights and ranks under every method, and the sentence that sums them up)."""

from __future__ import annotations

from datetime import date as Date

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.elicitation.common import METHOD_NAMES, METHODS, RANKING_VARIANTS, Elicited
from appraisal.analysis.elicitation.comparison import MethodComparison, MethodResult
from appraisal.case.model import Case, Provenance, WeightSet
from appraisal.case.scales import has_measured, scale_for
from appraisal.report.measured import range_words


def method_label(method: str, variant: str | None = None) -> str:
    """'ranking (rank-order centroid)', 'swing weighting', 'pairwise comparison'."""
    name = METHOD_NAMES.get(method, method)
    if method == "ranking" and variant in RANKING_VARIANTS:
        return f"{name} ({RANKING_VARIANTS[variant]})"
    if method == "pairwise" and variant == "harker":
        return f"{name} (incomplete, Harker's method)"
    return name


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


def elicited_weights_table(case: Case, result: Elicited) -> pd.DataFrame:
    """Criterion (case order) and its weight as a percentage of the total, one decimal."""
    return pd.DataFrame({
        "Criterion": [c.name for c in case.criteria],
        "Weight": [fmt.percent(100 * result.weights[c.id], 1) for c in case.criteria],
    })


# 'Does the method matter?' ------------------------------------------------------------------------

# Method key (appraisal.analysis.elicitation.comparison.LABELS) as it reads inside a sentence ("18 % under rank-order centroid").
METHOD_PHRASES = {
    "points": "as given",
    "ranking:roc": "under rank-order centroid",
    "ranking:rank_sum": "under rank sum",
    "ranking:rank_reciprocal": "under rank reciprocal",
    "pairwise": "under pairwise comparison on Saaty's scale",
}


def method_phrase(m: MethodResult) -> str:
    """'under rank-order centroid', 'as given'."""
    return METHOD_PHRASES.get(m.key, f"under {m.label.lower()}")


def method_weights_table(comparison: MethodComparison) -> pd.DataFrame:
    """Criterion × method, weights as percentages (each column sums to 100 %)."""
    data: dict[str, list[str]] = {"Criterion": list(comparison.criteria)}
    for m in comparison.methods:
        data[m.label] = [fmt.percent(100 * w, 1) for w in m.elicited.weights.values()]
    return pd.DataFrame(data)


def method_ranks_table(comparison: MethodComparison, option_names: list[str], status_quo: int | None) -> pd.DataFrame:
    """Option × method, rank labels ('=2' for a shared rank), options in case order."""
    data: dict[str, list[str]] = {"Option": [fmt.option_display(n, i == status_quo) for i, n in enumerate(option_names)]}
    for m in comparison.methods:
        by_name = {r.name: r.rank_label for r in m.results}
        data[m.label] = [by_name[n] for n in option_names]
    return pd.DataFrame(data)


def method_comparison_sentence(comparison: MethodComparison) -> str:
    """Whether the first choice (and the order) changes with the method, and where the weights differ most."""
    methods = comparison.methods
    first = methods[0]
    if not comparison.first_choice_changes:
        leaders = fmt.names_list(first.leaders)
        verb = "share 1st place" if len(first.leaders) > 1 else "ranks 1st"
        text = f"Whichever method is used, {leaders} {verb}: the method does not change the first choice"
        if comparison.order_changes:
            moved = [method_phrase(m) for m in methods if [(r.option, r.rank) for r in m.results]
                     != [(r.option, r.rank) for r in first.results]]
            text += f", though the order below it changes {fmt.names_list(moved)}"
        else:
            text += " or the order"
        text += "."
    else:
        groups: dict[tuple[str, ...], list[str]] = {}
        for m in methods:
            groups.setdefault(tuple(m.leaders), []).append(method_phrase(m))
        parts = [f"{fmt.names_list(list(lead))} {'share' if len(lead) > 1 else 'ranks'} 1st "
                 f"{fmt.names_list(labels)}" for lead, labels in groups.items()]
        text = "The method changes the first choice: " + "; ".join(parts) + "."
    w = np.array([list(m.elicited.weights.values()) for m in methods])
    spread = w.max(axis=0) - w.min(axis=0)
    j = int(np.argmax(spread))
    if spread[j] > 0.005:
        lo, hi = int(np.argmin(w[:, j])), int(np.argmax(w[:, j]))
        text += (f" The weights differ most on {comparison.criteria[j]}: {fmt.percent(100 * w[lo, j])} {method_phrase(methods[lo])}, "
                 f"{fmt.percent(100 * w[hi, j])} {method_phrase(methods[hi])}.")
    return text


# Swing weighting: each criterion's swing is the range it states (worst → best) ---------------------

def swing_range(case: Case, criterion_id: str) -> str:
    """'from £0 to £200k a year' for a measured criterion (its stated worst to best), 'from Low to High'
    for a label criterion (the scale's worst label to its best)."""
    return range_words(scale_for(case, criterion_id))


def swing_uses_ranges(case: Case) -> bool:
    """True when some criterion is measured, so each swing is worded with its own range."""
    return has_measured(case)


def swing_question(case: Case) -> str:
    """The question that picks the swing scoring 100."""
    if not swing_uses_ranges(case):
        labels = list(case.rating_scale)
        worst, best = (labels[-1], labels[0]) if labels else ("worst", "best")
        return f"Which swing, from {worst} to {best}, matters most?"
    return "Which criterion's swing, from its worst to its best, matters most?"


def swing_choice(case: Case, criterion_id: str) -> str:
    """A criterion as the swing question lists it: its name, and its range when the case has measured criteria."""
    name = case.criterion(criterion_id).name
    return f"{name} ({swing_range(case, criterion_id)})" if swing_uses_ranges(case) else name


def swing_prompt(case: Case, criterion_id: str, top_id: str) -> str:
    """The slider's question for one criterion against the swing that scores 100: "Recycling rate: its swing
    from 35 to 65 % recycled, compared with the swing from 60 to 10 minutes in Average round travel time (100)"."""
    name = case.criterion(criterion_id).name
    if not swing_uses_ranges(case):
        return f"{name}: its swing {swing_range(case, criterion_id)}, against 100"
    return (f"{name}: its swing {swing_range(case, criterion_id)}, compared with the swing "
            f"{swing_range(case, top_id)} in {case.criterion(top_id).name} (100)")
