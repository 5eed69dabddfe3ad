"""The case file as pydantic models: the contract in docs/case-format.md plus optional extras.

Structure (types, required fields, unknown keys) is checked here by pydantic; the checks that need
the whole case (ids referenced elsewhere, every cell scored, weights not all zero) live in
:mod:`appraisal.case.validation`, so every entry point — YAML, Excel, the editor — shares them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from appraisal.case.savings_schema import Savings  # noqa: E402
from appraisal.case.scale_schema import ScaleSpec
from appraisal.case.types import (
    DEFAULT_SCALE,
    MAX_ASSESSORS,
    MAX_CRITERIA,
    MAX_OPTIONS,
    MAX_WEIGHT_SETS,
    Cell,
    Id,
    Name,
    StrictModel,
    Text,
)


class Council(StrictModel):
    id: Id
    name: Name
    note: Text | None = None


class Criterion(StrictModel):
    id: Id
    name: Name
    description: Text | None = None
    group: Name | None = None
    scale: ScaleSpec | None = None  # absent: the case's ``scale``, else its rating_scale


class Option(StrictModel):
    id: Id
    name: Name
    description: Text | None = None
    status_quo: bool = False
    do_minimum: bool = False


class Provenance(StrictModel):
    """How a weight set was arrived at: method, the inputs it took, who agreed it and when."""

    method: Literal[
        "points", "ranking", "swing", "pairwise", "manual", "consensus", "workshop", "path", "equal"
    ]
    variant: str | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    by: Text | None = None
    date: Text | None = None
    note: Text | None = None


class WeightSet(StrictModel):
    id: Id
    name: Name
    council: Id | None = None
    weights: dict[str, Cell]
    note: Text | None = None
    provenance: Provenance | None = None


class Assessor(StrictModel):
    id: Id
    name: Name
    role: Text | None = None
    council: Id | None = None


class Case(StrictModel):
    """One options appraisal: options rated against criteria, and named sets of weights.

    The file's case-level ``scale:`` is the field ``default_scale`` (``scale`` is taken by the label
    look-up below, which every page uses); dump with ``by_alias=True`` to write ``scale:``.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    format: Literal["options-appraisal/1"]
    title: Name
    source: Text | None = None
    note: Text | None = None
    illustrative: bool = False
    councils: list[Council] = Field(default_factory=list)
    rating_scale: dict[str, Cell] = Field(default_factory=lambda: dict(DEFAULT_SCALE))
    default_scale: ScaleSpec | None = Field(default=None, alias="scale")
    criteria: list[Criterion] = Field(min_length=1, max_length=MAX_CRITERIA)
    options: list[Option] = Field(min_length=1, max_length=MAX_OPTIONS)
    scores: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    assessors: list[Assessor] = Field(default_factory=list, max_length=MAX_ASSESSORS)
    assessments: dict[str, dict[str, dict[str, Cell]]] = Field(default_factory=dict)
    weight_sets: list[WeightSet] = Field(min_length=1, max_length=MAX_WEIGHT_SETS)
    savings: Savings | None = None

    # Convenience look-ups used by every view. -------------------------------------------------
    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def weight_set(self, set_id: str) -> WeightSet:
        return next(w for w in self.weight_sets if w.id == set_id)

    def council_name(self, council_id: str | None) -> str | None:
        return next((c.name for c in self.councils if c.id == council_id), None)

    @property
    def status_quo(self) -> Option | None:
        return next((o for o in self.options if o.status_quo), None)

    @property
    def scale(self) -> dict[str, float]:
        """The case's default label scale as label → number (validated: finite, strictly decreasing):
        the case-level ``scale.labels`` when given, else ``rating_scale``."""
        labels = self.default_scale.labels if self.default_scale and self.default_scale.labels else self.rating_scale
        return {label: float(value) for label, value in labels.items()}
