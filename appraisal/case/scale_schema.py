"""The optional ``scale:`` of a case and of a criterion, as pydantic models (docs/case-format.md).

A scale is either a label scale (``labels``: label → number, today's ``rating_scale`` for one
criterion) or a measured scale (``unit``, ``direction``, ``range`` and optionally a piecewise-linear
value function). Numbers are kept loose here (``Cell``) and checked by
:mod:`appraisal.case.validation`, which names the criterion and the point in its messages
(``criteria[net_cost].scale.points[2]``); :mod:`appraisal.case.scales` resolves a checked scale.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from appraisal.case.savings_schema import FinancialYear
from appraisal.case.types import Cell, Id, ShortText, StrictModel, Text

Direction = Literal["higher", "lower"]
# Measures of the savings model a criterion can take its raw values from (per option).
SAVINGS_MEASURES: tuple[str, ...] = ("npv", "annual_saving", "one_off_cost")
SavingsMeasure = Literal["npv", "annual_saving", "one_off_cost"]


class OptionSavings(StrictModel):
    """Which parts of the savings model an option delivers: lines (posts and services), all lines of
    the named phases, and the one-off costs it incurs. Empty lists: the option saves nothing (as is)."""

    lines: list[Id] = Field(default_factory=list)
    phases: list[Id] = Field(default_factory=list)
    one_off_costs: list[Id] = Field(default_factory=list)


class FromSavings(StrictModel):
    """Raw values taken from the case's savings model, one figure per option, in £ / ``divide_by``.

    ``npv``: net present value of the option's savings less its one-off costs, over the model's years;
    ``annual_saving``: gross saving in ``year`` (default the last year); ``one_off_cost``: the sum of
    its one-off costs (a cost: state ``direction: lower``).
    """

    measure: SavingsMeasure
    year: FinancialYear | None = None
    scenario: Id | None = None
    council: Id | None = None
    divide_by: Cell = 1
    options: dict[Id, OptionSavings] = Field(default_factory=dict)


class ScaleSpec(StrictModel):
    """One criterion's scale (or the case's default): ``labels`` or a measured scale, never both."""

    labels: dict[str, Cell] | None = None
    unit: ShortText | None = None
    direction: Direction | None = None
    range: list[Cell] | None = None
    value_range: list[Cell] | None = None
    points: list[list[Cell]] | None = None
    alternative: list[list[Cell]] | None = None
    from_savings: FromSavings | None = None
    note: Text | None = None

    @property
    def measured(self) -> bool:
        return self.labels is None
