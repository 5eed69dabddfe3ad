"""One set of priorities put through every method, to show whether the method matters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.elicitation.ahp import consistent_judgements, nearest_saaty, pairwise
from appraisal.analysis.elicitation.common import RANKING_VARIANTS, SWING_TOP, ElicitationError, Elicited
from appraisal.analysis.elicitation.direct import points, ranking, swing
from appraisal.analysis.scoring import Appraisal, OptionResult
from appraisal.case.model import Case


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


# Method key from as_methods → column heading. Swing equals points by construction, so it shares a column.
LABELS = {
    "points": "As given (points or swing)",
    "ranking:roc": "Ranking: rank-order centroid",
    "ranking:rank_sum": "Ranking: rank sum",
    "ranking:rank_reciprocal": "Ranking: rank reciprocal",
    "pairwise": "Pairwise (ratios on Saaty's scale)",
}

# The same, as they read inside a sentence ("18 % under rank-order centroid").
PHRASES = {
    "points": "as given",
    "ranking:roc": "under rank-order centroid",
    "ranking:rank_sum": "under rank sum",
    "ranking:rank_reciprocal": "under rank reciprocal",
    "pairwise": "under pairwise comparison on Saaty's scale",
}


@dataclass(frozen=True)
class MethodResult:
    key: str
    label: str
    elicited: Elicited
    results: list[OptionResult]

    @property
    def phrase(self) -> str:
        return PHRASES.get(self.key, f"under {self.label.lower()}")

    @property
    def leaders(self) -> list[str]:
        return [r.name for r in self.results if r.rank == 1]


@dataclass(frozen=True)
class MethodComparison:
    source: str
    criteria: list[str]          # criterion names, case order
    methods: list[MethodResult]

    @property
    def first_choice_changes(self) -> bool:
        return len({tuple(m.leaders) for m in self.methods}) > 1

    @property
    def order_changes(self) -> bool:
        return len({tuple((r.option, r.rank) for r in m.results) for m in self.methods}) > 1

    def weights_table(self) -> pd.DataFrame:
        """Criterion × method, weights as percentages (each column sums to 100 %)."""
        data: dict[str, list[str]] = {"Criterion": list(self.criteria)}
        for m in self.methods:
            data[m.label] = [fmt.percent(100 * w, 1) for w in m.elicited.weights.values()]
        return pd.DataFrame(data)

    def ranks_table(self, option_names: list[str], status_quo: int | None) -> pd.DataFrame:
        """Option × method, rank labels ('=2' for a shared rank), options in case order."""
        data: dict[str, list[str]] = {"Option": [fmt.option_display(n, i == status_quo) for i, n in enumerate(option_names)]}
        for m in self.methods:
            by_name = {r.name: r.rank_label for r in m.results}
            data[m.label] = [by_name[n] for n in option_names]
        return pd.DataFrame(data)

    def sentence(self) -> str:
        """Whether the first choice (and the order) changes, and where the weights differ most."""
        first = self.methods[0]
        if not self.first_choice_changes:
            leaders = fmt.names_list(first.leaders)
            verb = "share 1st place" if len(first.leaders) > 1 else "ranks 1st"
            text = f"Whichever method is used, {leaders} {verb}: the method does not change the first choice"
            if self.order_changes:
                moved = [m.phrase for m in self.methods if [(r.option, r.rank) for r in m.results]
                         != [(r.option, r.rank) for r in first.results]]
                text += f", though the order below it changes {fmt.names_list(moved)}"
            else:
                text += " or the order"
            text += "."
        else:
            groups: dict[tuple[str, ...], list[str]] = {}
            for m in self.methods:
                groups.setdefault(tuple(m.leaders), []).append(m.phrase)
            parts = [f"{fmt.names_list(list(lead))} {'share' if len(lead) > 1 else 'ranks'} 1st "
                     f"{fmt.names_list(labels)}" for lead, labels in groups.items()]
            text = "The method changes the first choice: " + "; ".join(parts) + "."
        w = np.array([list(m.elicited.weights.values()) for m in self.methods])
        spread = w.max(axis=0) - w.min(axis=0)
        j = int(np.argmax(spread))
        if spread[j] > 0.005:
            lo, hi = int(np.argmin(w[:, j])), int(np.argmax(w[:, j]))
            text += (f" The weights differ most on {self.criteria[j]}: {fmt.percent(100 * w[lo, j])} {self.methods[lo].phrase}, "
                     f"{fmt.percent(100 * w[hi, j])} {self.methods[hi].phrase}.")
        return text


def compare_methods(case: Case, weights: Mapping[str, float], source: str) -> MethodComparison:
    """Put one set of priorities (raw weights by criterion id, any units) through every method."""
    ids = case.criterion_ids
    ordered = {c: float(weights.get(c, 0.0)) for c in ids}
    appraisal = Appraisal(case)
    methods = []
    for key, elicited in as_methods(ordered).items():
        if key not in LABELS:
            continue
        methods.append(MethodResult(key, LABELS[key], elicited, appraisal.results(elicited.vector(ids))))
    return MethodComparison(source, [c.name for c in case.criteria], methods)
