"""What every elicitation method shares: the result type, method names, input checks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from appraisal import fmt
from appraisal.case.model import Provenance, WeightSet
from appraisal.errors import CaseError, Problem

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
SWING_TOP = 100.0


class ElicitationError(CaseError):
    """Inputs a method cannot use; ``field`` names the criterion, judgement or argument at fault."""

    def __init__(self, message: str, field: str = "", source: str = ""):
        super().__init__(source, [Problem(field, message)])


CR_THRESHOLD = 0.10   # Saaty: a consistency ratio above 0.10 means the judgements should be revisited


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

    def percentages(self, places: int = 2) -> dict[str, float]:
        """The weights in % of the total, rounded to ``places`` decimals, or more where a small positive
        weight would otherwise round to 0."""
        percents = {c: 100.0 * w for c, w in self.weights.items()}
        while places < 8 and any(0 < v < 0.5 * 10 ** -places for v in percents.values()):
            places += 1
        return {c: round(v, places) for c, v in percents.items()}

    def weight_set(self, set_id: str, name: str, council: str | None = None, by: str | None = None,
                   date: str | None = None, note: str | None = None, places: int = 2) -> WeightSet:
        """A case-file weight set in percentages carrying its provenance, under a given id (the command
        line's; in a case, :func:`appraisal.case.changes.make_weight_set` gives the id)."""
        return WeightSet(id=set_id, name=name, council=council, weights=self.percentages(places),
                         provenance=self.provenance(by, date, note))


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
