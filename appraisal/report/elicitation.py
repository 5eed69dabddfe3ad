"""Where a weight set came from, in words: method labels and the provenance sentence."""

from __future__ import annotations

from datetime import date as Date

from appraisal import fmt
from appraisal.analysis.elicitation.common import METHOD_NAMES, METHODS, RANKING_VARIANTS
from appraisal.case.model import Case, Provenance, WeightSet


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
