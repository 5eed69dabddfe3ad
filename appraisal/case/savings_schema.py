"""The optional ``savings:`` section of a case file, as pydantic models, and its cross-checks.

What a partnership business case puts in its financial section: posts shared or deleted, services
collaborated on (each with a High/Medium/Low likelihood that a scenario turns into a percentage),
one-off costs, the financial years, the apportionment keys that split shared costs between the
councils, a discount rate and the report's own figures to check against. The arithmetic lives in
:mod:`appraisal.analysis.savings`; this module only says what a valid section looks like.

Structure (types, ranges, unknown fields) is checked by pydantic with messages that name the field;
:func:`appraisal.case.savings_validation.savings_problems` checks what needs the whole case (council ids,
years, key, phase and scenario ids) and names the line id in every message.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from appraisal.case.types import Id, Name, StrictModel, Text
from appraisal.fmt import money

LIKELIHOODS: tuple[str, ...] = ("High", "Medium", "Low")
Likelihood = Literal["High", "Medium", "Low"]
BASES: tuple[str, ...] = (
    "equal", "population", "council_tax_base", "area", "caseload", "headcount", "custom", "current_cost",
)
BASIS_NAMES: dict[str, str] = {
    "equal": "equal shares",
    "population": "population",
    "council_tax_base": "council tax base (Band D equivalents)",
    "area": "geographical area",
    "caseload": "caseload",
    "headcount": "headcount",
    "custom": "agreed percentages",
    "current_cost": "each council's current cost of the line (service-specific)",
}
MAX_LINES = 500
MAX_YEARS = 60
GREEN_BOOK_RATE = 3.5


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError("not_finite", "{value} is not a finite number", {"value": value})
    return value


def _money(value: float) -> float:
    _finite(value)
    if value < 0:
        raise PydanticCustomError(
            "negative_money", "{shown} is negative; costs and savings are £0 or more (enter a saving as a saving, not a negative cost)",
            {"shown": money(value)},
        )
    if value > 1e12:
        raise PydanticCustomError("too_large", "{shown} is implausibly large", {"shown": money(value)})
    return value


def _percent(value: float) -> float:
    _finite(value)
    if value < 0 or value > 100:
        raise PydanticCustomError("percent_range", "{value} % is outside 0–100 %", {"value": f"{value:g}"})
    return value


def _quantity(value: float) -> float:
    _finite(value)
    if value < 0:
        raise PydanticCustomError("negative_quantity", "{value} is negative; use 0 or more", {"value": f"{value:g}"})
    return value


_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _year(value: str) -> str:
    m = _YEAR.match(value)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise PydanticCustomError(
            "financial_year", "'{value}' is not a financial year; write it like 2023/24", {"value": value[:40]}
        )
    return value


Money = Annotated[float, AfterValidator(_money)]
Percent = Annotated[float, AfterValidator(_percent)]
Quantity = Annotated[float, AfterValidator(_quantity)]
FinancialYear = Annotated[str, AfterValidator(_year)]


def year_start(year: str) -> int:
    """'2023/24' → 2023."""
    return int(year[:4])


class Phase(StrictModel):
    """A tranche of the programme, e.g. 'Phase 1: investigated January–April 2023'."""

    id: Id
    name: Name
    period: Text | None = None
    note: Text | None = None


class Scenario(StrictModel):
    """Savings percentage for each likelihood: prudent, central, optimistic — editable."""

    id: Id
    name: Name
    likelihood: dict[Likelihood, Percent]
    include_exit: bool = False
    note: Text | None = None


class Key(StrictModel):
    """An apportionment key: how a shared cost is split between the councils.

    ``values`` are the latest data per council (residents, Band D equivalents, km², cases, staff)
    or, for ``custom``, percentages adding up to 100. ``agreed`` is the split in force; it is only
    re-set to the latest data when that moves a council's share by more than the case's tolerance.
    """

    id: Id
    name: Name
    basis: Literal["equal", "population", "council_tax_base", "area", "caseload", "headcount", "custom", "current_cost"]
    values: dict[Id, Quantity] | None = None
    agreed: dict[Id, Percent] | None = None
    unit: Text | None = None
    source: Text | None = None
    illustrative: bool = False
    note: Text | None = None


class Post(StrictModel):
    """One post: salary and on-cost percentage (employer's pension and National Insurance)."""

    title: Name
    council: Id | None = None
    salary: Money
    on_cost: Percent = 0.0
    note: Text | None = None


class _SavingLine(StrictModel):
    """What every saving line has: its phase, the year it starts, how it ramps up, the key that splits it."""

    id: Id
    name: Name
    phase: Id | None = None
    start_year: FinancialYear
    ramp: list[Percent] = Field(default_factory=lambda: [100.0], min_length=1, max_length=MAX_YEARS)
    key: Id | None = None


class PostLine(_SavingLine):
    """Posts each council pays for alone now, replaced by shared posts whose cost the key splits.

    A council's saving is its current posts' cost less its share of the shared posts. A deleted
    post with no shared replacement saves its whole cost to the council that employed it.
    """

    current: list[Post] = Field(min_length=1, max_length=100)
    shared: list[Post] = Field(default_factory=list, max_length=100)
    illustrative: bool = False
    note: Text | None = None


class ServiceLine(_SavingLine):
    """A service collaboration: current (in-scope) cost per council and a likelihood of saving.

    The saving is the scenario's percentage for the likelihood times the combined current cost,
    or a fixed benchmarked ``saving`` where one is given (which then does not vary by scenario).
    """

    current_cost: dict[Id, Money]
    likelihood: Likelihood | None = None
    saving: Money | None = None
    illustrative: bool = False
    note: Text | None = None


class OneOffCost(StrictModel):
    """Transition, programme or exit cost in one year, split between the councils by a key."""

    id: Id
    name: Name
    kind: Literal["transition", "programme", "exit"]
    year: FinancialYear
    amount: Money
    key: Id | None = None
    illustrative: bool = False
    note: Text | None = None


class BudgetTarget(StrictModel):
    """A saving already in a council's budget that some lines count towards (not additional)."""

    id: Id
    name: Name
    council: Id
    amount: Money
    year: FinancialYear | None = None
    lines: list[Id] = Field(default_factory=list)
    note: Text | None = None


class Reference(StrictModel):
    """A figure the report publishes, regenerated from the inputs and compared.

    ``posts``: full-year saving of the post ``lines`` (all post lines if none) for ``council``
    (both if none), with or without on-costs. ``services``: gross saving in ``year`` of the
    service ``lines`` / ``phases`` (all if none) under ``scenario`` (the default if none).
    Matches when within half of ``rounding`` (the report's £1k rounding by default).
    """

    id: Id
    label: Name
    value: Money
    measure: Literal["posts", "services"]
    lines: list[Id] = Field(default_factory=list)
    phases: list[Id] = Field(default_factory=list)
    council: Id | None = None
    on_costs: bool = True
    year: FinancialYear | None = None
    scenario: Id | None = None
    rounding: Annotated[float, Field(gt=0)] = 1000.0
    source: Text | None = None


def _default_scenarios() -> list[Scenario]:
    return [
        Scenario(id="prudent", name="Prudent", likelihood={"High": 5, "Medium": 2.5, "Low": 0}),
        Scenario(id="central", name="Central", likelihood={"High": 10, "Medium": 5, "Low": 2}),
        Scenario(id="optimistic", name="Optimistic", likelihood={"High": 15, "Medium": 7.5, "Low": 4}),
    ]


EQUAL_KEY = Key(id="equal", name="Equal shares", basis="equal")


class Savings(StrictModel):
    """Savings inputs of a case: years, scenarios, keys and the lines, plus the report's figures."""

    years: list[FinancialYear] = Field(min_length=1, max_length=MAX_YEARS)
    price_base: Text | None = None
    discount_rate: Percent = GREEN_BOOK_RATE
    discounting: Literal["start_of_year", "mid_year"] = "start_of_year"
    tolerance: Percent = 3.0
    default_key: Id = "equal"
    default_scenario: Id | None = None
    scenarios: list[Scenario] = Field(default_factory=_default_scenarios, min_length=1, max_length=20)
    keys: list[Key] = Field(default_factory=list, max_length=50)
    phases: list[Phase] = Field(default_factory=list, max_length=50)
    posts: list[PostLine] = Field(default_factory=list, max_length=MAX_LINES)
    services: list[ServiceLine] = Field(default_factory=list, max_length=MAX_LINES)
    one_off_costs: list[OneOffCost] = Field(default_factory=list, max_length=MAX_LINES)
    budget_targets: list[BudgetTarget] = Field(default_factory=list, max_length=50)
    published: list[Reference] = Field(default_factory=list, max_length=200)
    source: Text | None = None
    note: Text | None = None

    @property
    def all_keys(self) -> list[Key]:
        """The case's keys, with equal shares always available."""
        return self.keys if any(k.id == "equal" for k in self.keys) else [EQUAL_KEY, *self.keys]

    def key(self, key_id: str) -> Key:
        return next(k for k in self.all_keys if k.id == key_id)

    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == scenario_id)

    @property
    def default_scenario_id(self) -> str:
        ids = [s.id for s in self.scenarios]
        if self.default_scenario in ids:
            return self.default_scenario  # type: ignore[return-value]
        return "central" if "central" in ids else ids[0]

    def phase_name(self, phase_id: str | None) -> str:
        return next((p.name for p in self.phases if p.id == phase_id), "Not phased")

    @property
    def line_ids(self) -> list[str]:
        return [p.id for p in self.posts] + [s.id for s in self.services]
