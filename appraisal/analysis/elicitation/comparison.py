"""Does the method matter? One council's (or participant's) priorities put through every method.

The same priorities, expressed as points or swings, as a ranking (where only the order survives) or
as pairwise judgements on Saaty's scale (where each ratio is rounded to the scale), give different
weights. This module puts them side by side, ranks the options under each with the one scoring
engine (:class:`appraisal.analysis.scoring.Appraisal`) and says, from the numbers, whether the first choice
changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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



@dataclass(frozen=True)
class MethodResult:
    key: str
    label: str
    elicited: Elicited
    results: list[OptionResult]

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
